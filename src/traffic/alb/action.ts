// ALB, pure: the forward action Argo Rollouts writes into the user's Ingress as the annotation
// `<annotationPrefix>/actions.<rootService or stableService>`: target groups for the canary, each
// additional destination (an experiment's weighted templates), then the stable with the rest.
// The AWS Load Balancer Controller reads it; Kanary never calls AWS.

import type { AlbTrafficRouting } from '../../api/types.js';
import type { DesiredTraffic, RoutedRollout, RoutingDocument } from '../router.js';

export const ALB_PATH = 'spec.strategy.canary.trafficRouting.alb';
export const DEFAULT_ALB_ANNOTATION_PREFIX = 'alb.ingress.kubernetes.io';
/** Argo's record of which action annotation each Rollout manages on the Ingress: `rollout:key,`. */
export const MANAGED_ALB_ACTIONS = 'rollouts.argoproj.io/managed-alb-actions';

export interface AlbTargetGroup { ServiceName: string; ServicePort: string; Weight?: number }
export interface AlbAction {
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

export function actionAnnotationKey(rollout: RoutedRollout, config: AlbTrafficRouting): string {
  return `${config.annotationPrefix || DEFAULT_ALB_ANNOTATION_PREFIX}/actions.${actionServiceOf(rollout, config)}`;
}

/** The action's JSON, with Go's field order as Argo marshals it. */
export function forwardAction(rollout: RoutedRollout, config: AlbTrafficRouting, desired: DesiredTraffic): string {
  const port = String(config.servicePort);
  const groups: AlbTargetGroup[] = [{ ServiceName: rollout.canaryService ?? '', ServicePort: port, Weight: desired.canary.weight }];
  let stable = desired.maxWeight - desired.canary.weight;
  for (const d of desired.additional) {
    groups.push({ ServiceName: d.serviceName ?? '', ServicePort: port, Weight: d.weight });
    stable -= d.weight;
  }
  groups.push({ ServiceName: rollout.stableService ?? '', ServicePort: port, Weight: stable });
  const action: AlbAction = { Type: 'forward', ForwardConfig: { TargetGroups: groups } };
  if (config.stickinessConfig) {
    action.ForwardConfig.TargetGroupStickinessConfig = { Enabled: config.stickinessConfig.enabled, DurationSeconds: config.stickinessConfig.durationSeconds };
  }
  return JSON.stringify(action);
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

/** The managed-actions record with this Rollout's entry set, the others kept in their order. */
export function managedActions(current: string | undefined, rolloutName: string, key: string): string {
  const entries = (current ?? '').split(',').filter((e) => e.includes(':')).map((e) => [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)] as const);
  const others = entries.filter(([name]) => name !== rolloutName);
  return [...others, [rolloutName, key] as const].map(([name, value]) => `${name}:${value},`).join('');
}

/** Whether some rule of the Ingress sends traffic to `service`. */
export function hasRuleTo(ingress: RoutingDocument, service: string): boolean {
  const rules = (ingress.spec?.['rules'] ?? []) as { http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[];
  return Array.isArray(rules) && rules.some((r) => (r?.http?.paths ?? []).some((p) => p?.backend?.service?.name === service));
}
