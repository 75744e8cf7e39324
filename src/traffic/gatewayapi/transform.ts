// Gateway API, pure: every backendRef to the canary Service, in every rule of every named route,
// takes the canary's weight and every backendRef to the stable Service the stable's, as the
// plugin does. Other backends, rules, matches and filters stay as they are. While the canary has
// traffic the route carries the plugin's in-progress label (unless `disableInProgressLabel`).

import type { GatewayApiTrafficRouting } from '../../api/types.js';
import { documentKey, type DesiredTraffic, type DocumentWrite, type Documents, type RoutedRollout, type RoutingDocument, type TransformResult } from '../router.js';
import { configProblems, IN_PROGRESS_LABEL_KEY, IN_PROGRESS_LABEL_VALUE, routesOf, rulesOf, type NamedRoute } from './routes.js';

function withLabel(doc: RoutingDocument, config: GatewayApiTrafficRouting, canaryWeight: number): void {
  if (config.disableInProgressLabel) return;
  const key = config.inProgressLabelKey || IN_PROGRESS_LABEL_KEY;
  const labels = { ...(doc.metadata?.labels ?? {}) };
  if (canaryWeight > 0) labels[key] = config.inProgressLabelValue || IN_PROGRESS_LABEL_VALUE;
  else delete labels[key];
  const { labels: _old, ...rest } = doc.metadata ?? {};
  doc.metadata = Object.keys(labels).length > 0 ? { ...rest, labels } : rest;
}

/** The route with the desired weights, or a problem when it lacks a backendRef to either Service. */
export function weightedRoute(route: NamedRoute, doc: RoutingDocument, rollout: RoutedRollout, config: GatewayApiTrafficRouting, desired: DesiredTraffic): RoutingDocument | string {
  const next = structuredClone(doc);
  const refs = rulesOf(next).flatMap((rule) => rule.backendRefs ?? []);
  const canary = refs.filter((r) => r.name === rollout.canaryService);
  const stable = refs.filter((r) => r.name === rollout.stableService);
  if (canary.length === 0) return `${route.path}: ${route.kind} "${route.name}" has no backendRef to the canary Service "${rollout.canaryService ?? ''}"`;
  if (stable.length === 0) return `${route.path}: ${route.kind} "${route.name}" has no backendRef to the stable Service "${rollout.stableService ?? ''}"`;
  for (const ref of canary) ref.weight = desired.canary.weight;
  for (const ref of stable) ref.weight = desired.stable.weight;
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
