// The weight a traffic-routed canary asks its routers for, and the `status.canary.weights` it
// records (Argo's reconcileTrafficRouting and calculateWeightStatus). Traffic moves to the canary
// only once its ReplicaSet has the pods for it; it leaves on an abort before pods are removed.

import type { CanaryStep, TrafficWeights } from '../../api/types.js';
import { DEFAULT_MAX_WEIGHT, desiredWeightReplicas } from './canary-rounding.js';
import { canaryTarget, currentSetWeight } from './canary-target.js';
import { trafficRoutedCanaryReplicas, type TrafficRouting } from './canary-traffic-replicas.js';
import type { ReplicaSetCounts } from './canary-rounding.js';

export interface TrafficWeightInput {
  readonly steps: readonly CanaryStep[];
  /** `status.currentStepIndex` after this plan's step machine. */
  readonly currentStepIndex: number;
  readonly replicas: number;
  readonly maxWeight?: number;
  readonly fullyPromoted: boolean;
  readonly aborted: boolean;
  readonly promoteFull: boolean;
  readonly dynamicStableScale: boolean;
  readonly minPodsPerReplicaSet?: number;
  readonly stableRS?: string;
  readonly currentPodHash: string;
  /** The canary (desired) ReplicaSet; undefined before it exists. */
  readonly canary?: ReplicaSetCounts & { readonly podHash?: string };
  readonly stable?: ReplicaSetCounts & { readonly podHash?: string };
  /** `status.canary.weights` as last recorded. */
  readonly previous?: TrafficWeights;
  readonly abortScaleDownDelaySeconds?: number;
}

/** The canary and stable pod counts the step at `index` asks for (Argo's CalculateReplicaCountsForTrafficRoutedCanary). */
export function trafficRoutedTarget(input: TrafficWeightInput, index: number, currentWeights?: TrafficRouting['currentWeights']) {
  const target = canaryTarget({
    steps: input.steps, currentStepIndex: index, promoteFull: input.promoteFull, aborted: input.aborted, stableRS: input.stableRS,
    currentPodHash: input.currentPodHash, trafficRouted: true, abortScaleDownDelaySeconds: input.abortScaleDownDelaySeconds, maxWeight: input.maxWeight,
  });
  return trafficRoutedCanaryReplicas({
    replicas: input.replicas, weight: target.weight, canaryScaleReplicas: target.replicas, maxWeight: input.maxWeight,
    minPodsPerReplicaSet: input.minPodsPerReplicaSet, dynamicStableScale: input.dynamicStableScale, aborted: input.aborted,
    currentWeights, stepWeights: input.steps.flatMap((s) => (s.setWeight !== undefined ? [s.setWeight] : [])),
    canary: input.canary, stable: input.stable,
  });
}

/**
 * Whether the ReplicaSets have what the step at `index` asks for (Argo's
 * AtDesiredReplicaCountsForCanary with traffic routing): every canary pod asked for exists and
 * is available; without dynamicStableScale, every stable pod asked for exists. Older
 * ReplicaSets do not count: the router sends them nothing.
 */
export function atTrafficRoutedCounts(input: TrafficWeightInput, index: number, stable: { replicas: number; statusReplicas: number } | undefined,
  currentWeights?: TrafficRouting['currentWeights'], canaryPodsNeeded: (target: number) => number = (t) => t): boolean {
  const want = trafficRoutedTarget(input, index, currentWeights);
  const canary = input.canary;
  if (canary === undefined || canary.replicas !== want.canary || canary.available < canaryPodsNeeded(want.canary)) return false;
  if (input.dynamicStableScale) return true;
  return stable !== undefined && stable.replicas === want.stable && stable.statusReplicas === want.stable;
}

/**
 * The canary weight to route now:
 * - fully promoted: 0 (the stable Service now selects the new pods);
 * - aborted: 0, or with dynamicStableScale what the stable's available pods cannot yet take,
 *   never more than the weight already routed;
 * - the canary has no available pod: 0;
 * - promote --full: with dynamicStableScale, the share its available pods can take; else the weight already routed;
 * - the canary is not at the counts the current step asks for: the last setWeight before it;
 * - else the current setWeight, or all of it once past the last step.
 *
 *   steps [setWeight 34, pause], at 1, canary 2/2 available          -> 34
 *   steps [setWeight 34, pause, setWeight 67], at 2, canary 2/3       -> 34
 *   aborted, dynamic, replicas 3, stable 2 available, routed 67       -> 34 (100 - 100*2/3, floored)
 */
export function desiredCanaryWeight(input: TrafficWeightInput, reached: (index: number) => boolean): number {
  const max = input.maxWeight ?? DEFAULT_MAX_WEIGHT;
  const previousCanary = input.previous?.canary.weight;
  if (input.fullyPromoted) return 0;
  if (input.aborted) {
    if (!input.dynamicStableScale || input.replicas === 0) return 0;
    const untaken = max - Math.floor((max * (input.stable?.available ?? 0)) / input.replicas);
    return Math.max(0, previousCanary === undefined ? untaken : Math.min(untaken, previousCanary));
  }
  if (input.canary === undefined || input.canary.available === 0) return 0;
  if (input.promoteFull) {
    if (input.dynamicStableScale && input.replicas > 0) return Math.min(max, Math.floor((max * input.canary.available) / input.replicas));
    return previousCanary ?? 0;
  }
  const index = input.currentStepIndex;
  if (!reached(index)) {
    for (let i = index - 1; i >= 0; i--) {
      const weight = input.steps[i]?.setWeight;
      if (weight !== undefined) return weight;
    }
    return 0;
  }
  if (index < input.steps.length) return currentSetWeight({ steps: input.steps, currentStepIndex: index, maxWeight: max });
  return max;
}

export interface WeightStatusInput {
  readonly canaryWeight: number;
  readonly maxWeight?: number;
  readonly canaryService?: string;
  readonly stableService?: string;
  readonly canaryHash?: string;
  readonly stableHash?: string;
  readonly additional?: TrafficWeights['additional'];
}

/**
 * `status.canary.weights` as Argo records it: the canary's weight and hash, the stable's share
 * of the rest after any additional destinations, and the Services.
 *
 *   canary 20, additional [10] -> canary 20, stable 70
 */
export function weightStatus(input: WeightStatusInput): TrafficWeights {
  const additional = input.additional ?? [];
  const stableWeight = (input.maxWeight ?? DEFAULT_MAX_WEIGHT) - input.canaryWeight - additional.reduce((sum, a) => sum + a.weight, 0);
  const dest = (weight: number, service: string | undefined, hash: string | undefined) => ({
    weight, ...(hash ? { podTemplateHash: hash } : {}), ...(service ? { serviceName: service } : {}),
  });
  return {
    canary: dest(input.canaryWeight, input.canaryService, input.canaryHash),
    stable: dest(stableWeight, input.stableService, input.stableHash),
    ...(additional.length > 0 ? { additional: [...additional] } : {}),
  };
}

/** Whether two weight records route the same (verification aside). */
export function sameWeights(a: TrafficWeights | undefined, b: TrafficWeights | undefined): boolean {
  const strip = (w: TrafficWeights | undefined) => (w === undefined ? undefined : { ...w, verified: undefined });
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/** The pods a weight needs, for notes: ceil(replicas × weight / maxWeight). */
export function podsForWeight(replicas: number, weight: number, maxWeight = DEFAULT_MAX_WEIGHT): number {
  return desiredWeightReplicas(replicas, weight, maxWeight);
}
