// Gateway API, pure: in every rule of every named route that reaches both the canary and the
// stable Service, the canary's backendRefs take the canary's weight and the stable's the rest, as
// the plugin does. Other backends, rules, matches and filters stay as they are. While the canary has
// traffic the route carries the plugin's in-progress label (unless `disableInProgressLabel`).

import type { GatewayApiTrafficRouting } from '../../api/types.js';
import { documentKey, type DesiredTraffic, type DocumentWrite, type Documents, type RoutedRollout, type RoutingDocument, type TransformResult } from '../router.js';
import { configProblems, IN_PROGRESS_LABEL_KEY, IN_PROGRESS_LABEL_VALUE, isWeightedRule, routesOf, rulesOf, type NamedRoute } from './routes.js';

function withLabel(doc: RoutingDocument, config: GatewayApiTrafficRouting, canaryWeight: number): void {
  if (config.disableInProgressLabel) return;
  const key = config.inProgressLabelKey || IN_PROGRESS_LABEL_KEY;
  const labels = { ...(doc.metadata?.labels ?? {}) };
  if (canaryWeight > 0) labels[key] = config.inProgressLabelValue || IN_PROGRESS_LABEL_VALUE;
  else delete labels[key];
  const { labels: _old, ...rest } = doc.metadata ?? {};
  doc.metadata = Object.keys(labels).length > 0 ? { ...rest, labels } : rest;
}

/**
 * The route with the desired weights on every rule that reaches both Services (a rule to only one of
 * them, such as a header route's, keeps its backends as they are, as in the plugin), or a problem
 * when no rule does.
 */
export function weightedRoute(route: NamedRoute, doc: RoutingDocument, rollout: RoutedRollout, config: GatewayApiTrafficRouting, desired: DesiredTraffic): RoutingDocument | string {
  const next = structuredClone(doc);
  const rules = rulesOf(next);
  const refs = rules.flatMap((rule) => rule?.backendRefs ?? []);
  if (!refs.some((r) => r.name === rollout.canaryService)) return `${route.path}: ${route.kind} "${route.name}" has no backendRef to the canary Service "${rollout.canaryService ?? ''}"`;
  if (!refs.some((r) => r.name === rollout.stableService)) return `${route.path}: ${route.kind} "${route.name}" has no backendRef to the stable Service "${rollout.stableService ?? ''}"`;
  const weighted = rules.filter((rule) => isWeightedRule(rule, rollout));
  if (weighted.length === 0) {
    return `${route.path}: ${route.kind} "${route.name}" has no rule with backendRefs to both the canary Service "${rollout.canaryService ?? ''}" and the stable Service "${rollout.stableService ?? ''}"`;
  }
  for (const ref of weighted.flatMap((rule) => rule.backendRefs ?? [])) {
    if (ref.name === rollout.canaryService) ref.weight = desired.canary.weight;
    else if (ref.name === rollout.stableService) ref.weight = desired.stable.weight;
  }
  withLabel(next, config, desired.canary.weight);
  return next;
}

/**
 * The replaces that make the named routes carry `desired`; nothing for a route that already does.
 * Additional destinations (an experiment's Services) are not routed.
 */
export function gatewayApiTransform(rollout: RoutedRollout, config: GatewayApiTrafficRouting, docs: Documents, desired: DesiredTraffic): TransformResult {
  const problems = configProblems(rollout, config);
  const writes: DocumentWrite[] = [];
  if (!rollout.canaryService || !rollout.stableService) problems.push('spec.strategy.canary: the Gateway API router needs canaryService and stableService');
  for (const route of routesOf(config)) {
    const doc = docs.get(documentKey(route));
    if (!doc) {
      problems.push(`${route.path}: ${route.kind} "${route.name}" not found in namespace "${rollout.namespace}"`);
      continue;
    }
    const next = weightedRoute(route, doc, rollout, config, desired);
    if (typeof next === 'string') problems.push(next);
    else if (JSON.stringify(next) !== JSON.stringify(doc)) writes.push({ op: 'replace', kind: route.kind, document: next });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, writes };
}
