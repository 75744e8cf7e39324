// Gateway API, pure: which routes the `argoproj-labs/gatewayAPI` plugin block names, and the
// backendRefs of a route that point at a Service. HTTPRoute, GRPCRoute, TCPRoute and TLSRoute
// all keep their weighted backends in `spec.rules[].backendRefs[]`, so one shape serves the four.

import { GATEWAY_API_PLUGIN } from '../../api/schema/traffic-routing.js';
import type { GatewayApiTrafficRouting } from '../../api/types.js';
import type { RoutedRollout, RoutingDocument } from '../router.js';

export const GATEWAY_API_PATH = `spec.strategy.canary.trafficRouting.plugins[${JSON.stringify(GATEWAY_API_PLUGIN)}]`;

/** The plugin's default in-progress label, set on a route while the canary has traffic. */
export const IN_PROGRESS_LABEL_KEY = 'rollouts.argoproj.io/gatewayapi-canary';
export const IN_PROGRESS_LABEL_VALUE = 'in-progress';

export type GatewayRouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute';

export interface NamedRoute {
  readonly kind: GatewayRouteKind;
  readonly name: string;
  /** The field that names it, for problems. */
  readonly path: string;
  /** Whether header routes go to it: a route named singly, or a list entry with `useHeaderRoutes: true`, as in the plugin. */
  readonly headerRoutes: boolean;
}

const FIELDS = [
  ['HTTPRoute', 'httpRoute', 'httpRoutes'],
  ['GRPCRoute', 'grpcRoute', 'grpcRoutes'],
  ['TCPRoute', 'tcpRoute', 'tcpRoutes'],
  ['TLSRoute', 'tlsRoute', 'tlsRoutes'],
] as const;

/** Every route the block names, singly (`httpRoute`) or in a list (`httpRoutes[].name`), HTTP first, each once. */
export function routesOf(config: GatewayApiTrafficRouting): NamedRoute[] {
  const all = FIELDS.flatMap(([kind, single, list]): NamedRoute[] => [
    ...(config[single] ? [{ kind, name: config[single], path: `${GATEWAY_API_PATH}.${single}`, headerRoutes: true }] : []),
    ...(config[list] ?? []).map((ref, i) => ({ kind, name: ref.name, path: `${GATEWAY_API_PATH}.${list}[${i}].name`, headerRoutes: ref.useHeaderRoutes === true })),
  ]);
  const same = (a: NamedRoute, b: NamedRoute) => a.kind === b.kind && a.name === b.name;
  return all.filter((r, i) => all.findIndex((o) => same(o, r)) === i).map((r) => ({ ...r, headerRoutes: all.some((o) => same(o, r) && o.headerRoutes) }));
}

/** What the block asks for that Kanary does not do: each a problem naming the field. */
export function configProblems(rollout: RoutedRollout, config: GatewayApiTrafficRouting): string[] {
  const problems: string[] = [];
  if (config.namespace && config.namespace !== rollout.namespace) {
    problems.push(`${GATEWAY_API_PATH}.namespace: is "${config.namespace}", but Kanary edits routes in the Rollout's namespace "${rollout.namespace}" only`);
  }
  for (const selector of ['httpRouteSelector', 'grpcRouteSelector', 'tcpRouteSelector', 'tlsRouteSelector'] as const) {
    if (config[selector] !== undefined) problems.push(`${GATEWAY_API_PATH}.${selector}: route discovery by label is not supported by Kanary; name the routes instead`);
  }
  if (routesOf(config).length === 0) problems.push(`${GATEWAY_API_PATH}: names no route (httpRoute, grpcRoute, tcpRoute, tlsRoute or their lists)`);
  return problems;
}

export interface BackendRef { name?: string; weight?: number; [field: string]: unknown }
export interface RouteRule { name?: string; backendRefs?: BackendRef[]; [field: string]: unknown }

/** The rules whose backendRefs reach both the canary and the stable Service: the plugin weights only those, and header routes copy them. */
export function isWeightedRule(rule: RouteRule, rollout: RoutedRollout): boolean {
  const refs = rule?.backendRefs ?? [];
  return refs.some((r) => r.name === rollout.canaryService) && refs.some((r) => r.name === rollout.stableService);
}

export function rulesOf(doc: RoutingDocument): RouteRule[] {
  const rules = doc.spec?.['rules'];
  return Array.isArray(rules) ? (rules as RouteRule[]) : [];
}

/** A backendRef's weight as the Gateway API reads it: unset means 1. */
export function weightOf(ref: BackendRef): number {
  return ref.weight ?? 1;
}
