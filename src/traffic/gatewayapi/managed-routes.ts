// Gateway API, pure: the header routes of `setHeaderRoute` steps, as the argoproj-labs/gatewayAPI
// plugin makes them. For each rule of an HTTPRoute or GRPCRoute that reaches both the canary and
// the stable Service, one rule named after the managed route (`h`, then `h-1`, `h-2`, ... for
// further rules) that copies the rule's matches with the route's headers added, and its filters,
// and sends everything to the canary Service. The plugin records the rules it added in a ConfigMap
// as well; Kanary finds them by name alone. Rules named otherwise stay as they are.

import type { GatewayApiTrafficRouting, SetHeaderRoute } from '../../api/types.js';
import { documentKey, type DesiredRoutes, type DocumentWrite, type Documents, type RoutedRollout, type RoutingDocument, type TransformResult } from '../router.js';
import { isWeightedRule, routesOf, rulesOf, type NamedRoute, type RouteRule } from './routes.js';

/** What the Gateway API accepts as a rule's name (and the plugin names header rules after the route). */
const RULE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A header match as the Gateway API writes it: exact stays exact; prefix and regex become regular
 * expressions (the API has no prefix match), as in the plugin.
 *   {exact: a}  -> {name, type: Exact, value: a}
 *   {prefix: a} -> {name, type: RegularExpression, value: 'a.*'}
 */
export function headerMatch(m: NonNullable<SetHeaderRoute['match']>[number]): { name: string; type: string; value: string } {
  const v = m.headerValue;
  if (v.exact) return { name: m.headerName, type: 'Exact', value: v.exact };
  if (v.prefix) return { name: m.headerName, type: 'RegularExpression', value: `${escapeRegex(v.prefix)}.*` };
  return { name: m.headerName, type: 'RegularExpression', value: v.regex ?? '' };
}

/** Whether a rule of this name is the managed route `route`'s: `route` itself or `route-N`. */
function isRuleOf(ruleName: unknown, route: string): boolean {
  return typeof ruleName === 'string' && (ruleName === route || (ruleName.startsWith(`${route}-`) && /^\d+$/.test(ruleName.slice(route.length + 1))));
}

/** The header rules for one route: one per weighted rule, copying its matches (with the headers added) and filters. */
function headerRules(route: SetHeaderRoute & { name: string }, sources: readonly RouteRule[], canary: string): RouteRule[] {
  const headers = (route.match ?? []).map(headerMatch);
  return sources.map((source, i) => {
    const ref = (source.backendRefs ?? []).find((b) => b.name === canary);
    const matches = Array.isArray(source['matches']) && source['matches'].length > 0
      ? (source['matches'] as { headers?: unknown[] }[]).map((m) => ({ ...m, headers: [...(m.headers ?? []), ...headers] }))
      : [{ headers }];
    const filters = Array.isArray(source['filters']) && source['filters'].length > 0 ? { filters: structuredClone(source['filters']) } : {};
    return {
      name: i === 0 ? route.name : `${route.name}-${i}`,
      matches, ...filters,
      // The weight is the API's default, written out so the rule reads back as it was written.
      backendRefs: [{ group: '', kind: 'Service', name: canary, ...(ref?.['port'] !== undefined ? { port: ref['port'] } : {}), weight: 1 }],
    };
  });
}

/** Key order aside: the API server returns a custom resource's maps with their keys sorted. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));
}

function routeWrite(route: NamedRoute, doc: RoutingDocument, rollout: RoutedRollout, desired: DesiredRoutes, headers: readonly (SetHeaderRoute & { name: string })[]): DocumentWrite | string | undefined {
  const rules = rulesOf(doc);
  const others = rules.filter((rule) => !desired.managed.some((m) => isRuleOf(rule?.name, m)));
  const sources = others.filter((rule) => isWeightedRule(rule, rollout));
  if (headers.length > 0 && sources.length === 0) {
    return `${route.path}: ${route.kind} "${route.name}" has no rule with backendRefs to both the canary and the stable Service to copy a header route from`;
  }
  const wanted = headers.flatMap((h) => headerRules(h, sources, rollout.canaryService ?? ''));
  // A CRD older than rule names drops them: the rule would be added again at every reconcile.
  const unnamed = wanted.find((w) => others.some((o) => o?.name === undefined && canonical({ ...w, name: undefined }) === canonical(o)));
  if (unnamed) {
    return `${route.path}: ${route.kind} "${route.name}" holds the header rule "${unnamed.name ?? ''}" without its name: the installed ${route.kind} CRD predates `
      + 'rule names (rules[].name), which Kanary finds its header rules by; upgrade the Gateway API CRDs';
  }
  const next = [...others, ...wanted];
  if (canonical(next) === canonical(rules)) return undefined;
  return { op: 'replace', kind: route.kind, document: { ...structuredClone(doc), spec: { ...structuredClone(doc.spec), rules: next } } };
}

/** The writes that give every HTTPRoute and GRPCRoute taking header routes exactly the desired header rules. */
export function gatewayApiManagedRoutesTransform(rollout: RoutedRollout, config: GatewayApiTrafficRouting, docs: Documents, desired: DesiredRoutes): TransformResult {
  const problems: string[] = [];
  const writes: DocumentWrite[] = [];
  if (desired.managed.length === 0) return { ok: true, writes };
  const headers = desired.routes.flatMap((r) => (r.kind === 'header' ? [r.route] : []))
    .sort((a, b) => desired.managed.indexOf(a.name) - desired.managed.indexOf(b.name));
  for (const h of headers) {
    if (!RULE_NAME.test(h.name) || h.name.length > 253) {
      const i = desired.managed.indexOf(h.name);
      problems.push(`spec.strategy.canary.trafficRouting.managedRoutes[${i}].name: "${h.name}" cannot name a Gateway API route rule `
        + '(lowercase letters, digits, \'-\' and \'.\'), and header rules are named after their managed route');
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  for (const route of routesOf(config)) {
    if (!route.headerRoutes || (route.kind !== 'HTTPRoute' && route.kind !== 'GRPCRoute')) continue;
    const doc = docs.get(documentKey(route));
    if (!doc) {
      problems.push(`${route.path}: ${route.kind} "${route.name}" not found in namespace "${rollout.namespace}"`);
      continue;
    }
    const write = routeWrite(route, doc, rollout, desired, headers);
    if (typeof write === 'string') problems.push(write);
    else if (write) writes.push(write);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, writes };
}
