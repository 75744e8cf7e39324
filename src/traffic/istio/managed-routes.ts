// Istio, pure: the header and mirror routes of `setHeaderRoute` / `setMirrorRoute` steps as HTTP
// routes of each VirtualService, placed in `managedRoutes` order ahead of every other route (as
// Argo Rollouts orders them), and removed when no longer wanted. Other routes stay as they are.

import type { IstioTrafficRouting, SetMirrorRoute } from '../../api/types.js';
import {
  documentKey, type DesiredRoutes, type DocumentWrite, type Documents, type ManagedRouteSpec, type RoutedRollout, type RoutingDocument,
  type TransformResult,
} from '../router.js';
import { destinationMatcher, managedRoutes, virtualServicesOf, type IstioDestination, type IstioRoute } from './routes.js';

type StringMatch = { exact?: string; prefix?: string; regex?: string };

/** Istio's StringMatch is a oneof: only the kinds that are set. */
function stringMatch(m: StringMatch | undefined): StringMatch {
  return Object.fromEntries((['exact', 'prefix', 'regex'] as const).flatMap((k) => (m?.[k] ? [[k, m[k]]] : [])));
}

interface CanaryTarget {
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
}

function canaryDestination(target: CanaryTarget): Record<string, unknown> {
  return {
    host: target.host,
    ...(target.subset ? { subset: target.subset } : {}),
    ...(target.port !== undefined ? { port: { number: target.port } } : {}),
  };
}

function mirrorMatch(m: NonNullable<SetMirrorRoute['match']>[number]): Record<string, unknown> {
  return {
    ...(m.method ? { method: stringMatch(m.method) } : {}),
    ...(m.path ? { uri: stringMatch(m.path) } : {}),
    ...(m.headers ? { headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, stringMatch(v)])) } : {}),
  };
}

/**
 * The HTTP route for one managed route:
 *   header  -> { name, match: [{ headers: { h: { exact } } }], route: [canary, weight 100] }
 *   mirror  -> { name, match, route: the weight route's destinations at the step's weight, mirror: canary, mirrorPercentage }
 */
export function managedHttpRoute(spec: ManagedRouteSpec, target: CanaryTarget, weighted: readonly IstioDestination[],
  isCanary: (d: IstioDestination) => boolean, isStable: (d: IstioDestination) => boolean, maxWeight: number): IstioRoute {
  if (spec.kind === 'header') {
    return {
      name: spec.route.name,
      match: (spec.route.match ?? []).map((m) => ({ headers: { [m.headerName]: stringMatch(m.headerValue) } })),
      route: [{ destination: canaryDestination(target), weight: 100 }],
    };
  }
  const route = weighted.filter((d) => isCanary(d) || isStable(d))
    .map((d) => ({ ...d, weight: isCanary(d) ? spec.canaryWeight : maxWeight - spec.canaryWeight }));
  return {
    name: spec.route.name,
    match: (spec.route.match ?? []).map(mirrorMatch),
    route,
    mirror: canaryDestination(target),
    mirrorPercentage: { value: spec.route.percentage ?? 100 },
  };
}

/** Key order aside: the API server may return a document's maps with their keys sorted. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** The canary's host for managed routes: the DestinationRule's host with subset-level splitting, else the canary Service. */
function canaryHost(rollout: RoutedRollout, config: IstioTrafficRouting, docs: Documents): string {
  const rule = config.destinationRule;
  const ruleHost = rule ? docs.get(documentKey({ kind: 'DestinationRule', name: rule.name }))?.spec?.['host'] : undefined;
  return typeof ruleHost === 'string' && ruleHost !== '' ? ruleHost : rollout.canaryService ?? '';
}

/** The writes that give every VirtualService exactly the desired managed routes, ahead of its other routes. */
export function istioManagedRoutesTransform(rollout: RoutedRollout, config: IstioTrafficRouting, docs: Documents, desired: DesiredRoutes): TransformResult {
  const problems: string[] = [];
  const writes: DocumentWrite[] = [];
  if (desired.managed.length === 0) return { ok: true, writes };
  const match = destinationMatcher(rollout, config);
  const managedNames = new Set(desired.managed);
  const rank = (name: string | undefined) => desired.managed.indexOf(name ?? '');
  for (const { vs, path } of virtualServicesOf(config)) {
    const doc = docs.get(documentKey({ kind: 'VirtualService', name: vs.name }));
    if (!doc) {
      problems.push(`${path}.name: VirtualService "${vs.name}" not found in namespace "${rollout.namespace}"`);
      continue;
    }
    const http = doc.spec?.['http'];
    // Only TLS or TCP routes: header and mirror routes are HTTP routes, there is nothing to manage.
    if (!Array.isArray(http)) continue;
    const others = (http as IstioRoute[]).filter((r) => r.name === undefined || !managedNames.has(r.name));
    const weightRoute = managedRoutes(doc, vs, path, desired.managed).routes.find((r) => r.section === 'http')?.route;
    if (desired.routes.length > 0 && !weightRoute) {
      problems.push(`${path}: VirtualService "${vs.name}" has no weighted HTTP route to take the canary's port and destinations from`);
      continue;
    }
    const weighted = weightRoute?.route ?? [];
    const port = (weighted[0]?.destination?.['port'] as { number?: number } | undefined)?.number;
    const target: CanaryTarget = { host: canaryHost(rollout, config, docs), ...(config.destinationRule ? { subset: config.destinationRule.canarySubsetName } : {}),
      ...(port !== undefined ? { port } : {}) };
    const wanted = [...desired.routes].sort((a, b) => rank(a.route.name) - rank(b.route.name))
      .map((spec) => managedHttpRoute(spec, target, weighted, match.canary, match.stable, desired.maxWeight));
    const nextHttp = [...wanted, ...others];
    if (canonical(nextHttp) === canonical(http)) continue;
    const next: RoutingDocument = { ...structuredClone(doc), spec: { ...structuredClone(doc.spec), http: nextHttp } };
    writes.push({ op: 'replace', kind: 'VirtualService', document: next });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, writes };
}
