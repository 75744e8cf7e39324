// ALB, pure: the action and condition annotations Argo Rollouts writes into the user's Ingress for
// the AWS Load Balancer Controller. The weighted forward action, named after the rootService or
// stableService: target groups for the canary, each additional destination (an experiment's
// weighted templates), then the stable with the rest. A header route's action forwards everything
// to the canary; its conditions match the headers. Kanary never calls AWS.

import type { AlbTrafficRouting, SetHeaderRoute } from '../../api/types.js';
import type { DesiredTraffic, RoutedRollout, RoutingDocument } from '../router.js';
import { goJson } from './go-json.js';

export const ALB_PATH = 'spec.strategy.canary.trafficRouting.alb';
export const DEFAULT_ALB_ANNOTATION_PREFIX = 'alb.ingress.kubernetes.io';
/** The AWS API's range for a target group stickiness duration, which Argo checks. */
const MAX_STICKINESS_SECONDS = 604800;

/** A target group as Argo's `ALBTargetGroup` marshals: an empty name or port is left out, the weight never. */
export interface AlbTargetGroup { ServiceName?: string; ServicePort?: string; Weight?: number }
interface AlbAction {
  Type: string;
  ForwardConfig: { TargetGroups: AlbTargetGroup[]; TargetGroupStickinessConfig?: { Enabled: boolean; DurationSeconds: number } };
}

/** The Ingresses the config names, each with the field that names it. */
export function albIngressesOf(config: AlbTrafficRouting): { name: string; path: string }[] {
  if (config.ingresses && config.ingresses.length > 0) return config.ingresses.map((name, i) => ({ name, path: `${ALB_PATH}.ingresses[${i}]` }));
  return config.ingress ? [{ name: config.ingress, path: `${ALB_PATH}.ingress` }] : [];
}

/** The Service the action is named after and that the Ingress's rules must send to. */
export function actionServiceOf(rollout: RoutedRollout, config: AlbTrafficRouting): string {
  return config.rootService || rollout.stableService || '';
}

function prefixOf(config: AlbTrafficRouting): string {
  return config.annotationPrefix || DEFAULT_ALB_ANNOTATION_PREFIX;
}

export function actionAnnotationKey(rollout: RoutedRollout, config: AlbTrafficRouting): string {
  return `${prefixOf(config)}/actions.${actionServiceOf(rollout, config)}`;
}

/** A header route's two annotations, named after the route (the Ingress path for it names it too). */
export function headerRouteKeys(config: AlbTrafficRouting, route: string): { action: string; conditions: string } {
  return { action: `${prefixOf(config)}/actions.${route}`, conditions: `${prefixOf(config)}/conditions.${route}` };
}

function targetGroup(service: string | undefined, port: string, weight: number): AlbTargetGroup {
  return { ...(service ? { ServiceName: service } : {}), ...(port ? { ServicePort: port } : {}), Weight: weight };
}

/** Argo adds the stickiness config only when it is enabled. */
function forward(config: AlbTrafficRouting, groups: AlbTargetGroup[]): string {
  const action: AlbAction = { Type: 'forward', ForwardConfig: { TargetGroups: groups } };
  if (config.stickinessConfig?.enabled) {
    action.ForwardConfig.TargetGroupStickinessConfig = { Enabled: true, DurationSeconds: config.stickinessConfig.durationSeconds };
  }
  return goJson(action);
}

/** What Argo refuses to write: an enabled stickiness outside AWS's range. */
export function actionProblems(config: AlbTrafficRouting): string[] {
  const s = config.stickinessConfig;
  if (!s?.enabled || (s.durationSeconds >= 1 && s.durationSeconds <= MAX_STICKINESS_SECONDS)) return [];
  return [`${ALB_PATH}.stickinessConfig.durationSeconds: must be 1-${MAX_STICKINESS_SECONDS} seconds (7 days) when enabled, got ${s.durationSeconds}`];
}

/** The weighted forward action's JSON, byte for byte as Argo marshals it. */
export function forwardAction(rollout: RoutedRollout, config: AlbTrafficRouting, desired: DesiredTraffic): string {
  const port = String(config.servicePort);
  const groups = [targetGroup(rollout.canaryService, port, desired.canary.weight)];
  let stable = desired.maxWeight - desired.canary.weight;
  for (const d of desired.additional) {
    groups.push(targetGroup(d.serviceName, port, d.weight));
    stable -= d.weight;
  }
  groups.push(targetGroup(rollout.stableService, port, stable));
  return forward(config, groups);
}

/** A header route's action: everything it matches to the canary. */
export function headerRouteAction(rollout: RoutedRollout, config: AlbTrafficRouting): string {
  return forward(config, [targetGroup(rollout.canaryService, String(config.servicePort), 100)]);
}

/**
 * A header route's conditions: one `http-header` condition per header name, its exact values
 * together (ALB matches a header by exact value; the spec check refuses prefix and regex).
 *   [x: a, x: b, y: c] -> [{field: http-header, httpHeaderConfig: {httpHeaderName: x, values: [a, b]}}, {... y, [c]}]
 */
export function headerRouteConditions(route: SetHeaderRoute): string {
  const conditions: { field: string; httpHeaderConfig: { httpHeaderName: string; values: string[] } }[] = [];
  for (const m of route.match ?? []) {
    const value = m.headerValue.exact ?? '';
    const same = conditions.find((c) => c.httpHeaderConfig.httpHeaderName === m.headerName);
    if (same) same.httpHeaderConfig.values.push(value);
    else conditions.push({ field: 'http-header', httpHeaderConfig: { httpHeaderName: m.headerName, values: [value] } });
  }
  return goJson(conditions);
}

/** The target groups of an action annotation; undefined when it is absent or not a forward action's JSON. */
export function targetGroupsOf(value: string | undefined): AlbTargetGroup[] | undefined {
  if (value === undefined) return undefined;
  try {
    const groups = (JSON.parse(value) as Partial<AlbAction> | null)?.ForwardConfig?.TargetGroups;
    return Array.isArray(groups) ? groups.filter((g): g is AlbTargetGroup => typeof g === 'object' && g !== null) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether some rule of the Ingress sends traffic to `service`. */
export function hasRuleTo(ingress: RoutingDocument, service: string): boolean {
  const rules = (ingress.spec?.['rules'] ?? []) as { http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[];
  return Array.isArray(rules) && rules.some((r) => (r?.http?.paths ?? []).some((p) => p?.backend?.service?.name === service));
}
