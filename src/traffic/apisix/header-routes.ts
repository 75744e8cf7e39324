// APISIX, pure: the header routes of `setHeaderRoute` steps, as Argo Rollouts makes them: one
// ApisixRoute per managed route, named after it and owned by the Rollout, copied from the user's
// route with each weighed rule sending all its traffic to the canary (the stable backends removed),
// one priority above the user's rule, and matching the step's headers as APISIX `exprs`. A managed
// route no step wants any more is deleted, if the Rollout owns it.

import type { ApisixTrafficRouting, SetHeaderRoute } from '../../api/types.js';
import {
  documentKey, type DesiredRoutes, type DocumentWrite, type Documents, type RoutedRollout, type RoutingDocument, type TransformResult,
} from '../router.js';
import { httpRulesOf, weightedRules, type ApisixHttpRule, type WeightedRule } from './route.js';

type HeaderMatch = NonNullable<SetHeaderRoute['match']>[number];

/** A regular expression matching `text` literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * APISIX expressions for the step's header matches, one for each kind of value given:
 *   {headerName: x-canary, headerValue: {exact: yes}}   -> {subject: {scope: Header, name: x-canary}, op: Equal, value: yes}
 *   {headerName: x-v, headerValue: {regex: "^1\\d"}}    -> op RegexMatch, value "^1\\d"
 *   {headerName: x-v, headerValue: {prefix: "1.2"}}     -> op RegexMatch, value "^1\\.2.*"
 */
export function headerExprs(match: readonly HeaderMatch[]): Record<string, unknown>[] {
  return match.flatMap((m) => {
    const subject = { scope: 'Header', name: m.headerName };
    const v = m.headerValue;
    return [
      ...(v.exact ? [{ subject, op: 'Equal', value: v.exact }] : []),
      ...(v.regex ? [{ subject, op: 'RegexMatch', value: v.regex }] : []),
      ...(v.prefix ? [{ subject, op: 'RegexMatch', value: `^${literal(v.prefix)}.*` }] : []),
    ];
  });
}

/** The header route's spec: the user's spec, with each weighed rule sending what matches the headers to the canary alone. */
export function headerRouteSpec(rollout: RoutedRollout, user: RoutingDocument, rules: readonly WeightedRule[], match: readonly HeaderMatch[]): Record<string, unknown> {
  const spec = structuredClone(user.spec ?? {});
  const http = httpRulesOf({ spec }) as ApisixHttpRule[];
  for (const r of rules) {
    const rule = http[r.index] as ApisixHttpRule;
    const backends = rule.backends ?? [];
    rule.backends = backends.map((b, i) => (i === r.canary ? { ...b, weight: 100 } : b)).filter((b) => b?.serviceName !== rollout.stableService);
    rule.priority = (typeof rule.priority === 'number' ? rule.priority : 0) + 1;
    rule.match = { ...rule.match, exprs: headerExprs(match) };
  }
  return spec;
}

function controlledBy(doc: RoutingDocument, uid: string): boolean {
  return (doc.metadata?.ownerReferences ?? []).some((o) => (o as { uid?: string }).uid === uid && (o as { controller?: boolean }).controller === true);
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function newHeaderRoute(rollout: RoutedRollout, user: RoutingDocument, name: string, spec: Record<string, unknown>): RoutingDocument {
  const annotations = Object.fromEntries(Object.entries(user.metadata?.annotations ?? {}).filter(([k]) => k !== LAST_APPLIED));
  return {
    apiVersion: user.apiVersion ?? 'apisix.apache.org/v2', kind: 'ApisixRoute',
    metadata: {
      name, namespace: rollout.namespace,
      ...(user.metadata?.labels ? { labels: { ...user.metadata.labels } } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: rollout.name, uid: rollout.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}

/** Key order aside: the API server may return a document's maps with their keys sorted. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** The writes that give the namespace exactly the header routes wanted among the managed names. */
export function apisixHeaderRoutesTransform(rollout: RoutedRollout, config: ApisixTrafficRouting, docs: Documents, desired: DesiredRoutes): TransformResult {
  if (desired.managed.length === 0) return { ok: true, writes: [] };
  const wanted = new Map(desired.routes.flatMap((r) => (r.kind === 'header' && r.route.match?.length ? [[r.route.name, r.route.match] as const] : [])));
  const found = wanted.size > 0 ? weightedRules(rollout, config, docs) : undefined;
  if (found && !found.ok) return found;
  const problems: string[] = [];
  const writes: DocumentWrite[] = [];
  desired.managed.forEach((name, i) => {
    const current = docs.get(documentKey({ kind: 'ApisixRoute', name })) ?? null;
    const match = wanted.get(name);
    if (!match) {
      if (current && controlledBy(current, rollout.uid)) writes.push({ op: 'delete', kind: 'ApisixRoute', document: current });
      return;
    }
    if (!found?.ok) return;
    const spec = headerRouteSpec(rollout, found.value.doc, found.value.rules, match);
    if (!current) {
      writes.push({ op: 'create', kind: 'ApisixRoute', document: newHeaderRoute(rollout, found.value.doc, name, spec) });
    } else if (!controlledBy(current, rollout.uid)) {
      problems.push(`spec.strategy.canary.trafficRouting.managedRoutes[${i}].name: ApisixRoute "${name}" exists and is not owned by Rollout "${rollout.name}"`);
    } else if (canonical(current.spec) !== canonical(spec)) {
      writes.push({ op: 'replace', kind: 'ApisixRoute', document: { ...structuredClone(current), spec } });
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, writes };
}
