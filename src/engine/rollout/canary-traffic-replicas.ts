// Canary and stable sizes when a traffic router (Istio, NGINX, ALB, SMI, Gateway API, ...) sets
// the weights: pods no longer decide the split, so the arithmetic only has to give each side
// enough pods for the traffic it has or is about to get (Argo's
// CalculateReplicaCountsForTrafficRoutedCanary, with dynamicStableScale and minPodsPerReplicaSet).

import {
  DEFAULT_MAX_WEIGHT,
  desiredWeightReplicas,
  minPodsPerReplicaSet,
  type CanaryStableCounts,
  type ReplicaSetCounts,
} from './canary-rounding.js';

/** What the traffic-routed arithmetic needs of `spec.strategy.canary` and `status.canary`. */
export interface TrafficRouting {
  /** `trafficRouting.maxTrafficWeight`, default 100. */
  readonly maxWeight?: number;
  /** `canary.minPodsPerReplicaSet`. */
  readonly minPodsPerReplicaSet?: number;
  /** `canary.dynamicStableScale`: scale the stable down as traffic leaves it. */
  readonly dynamicStableScale?: boolean;
  /** `status.abort`. */
  readonly aborted?: boolean;
  /** `status.canary.weights`: the weights last set in the router. */
  readonly currentWeights?: { readonly canary: number; readonly stable: number };
  /** The `setWeight` of each step that has one, in step order (used to step down an abort). */
  readonly stepWeights?: readonly number[];
}

export interface TrafficRoutedCanaryInput extends TrafficRouting {
  /** The Rollout's `spec.replicas`. */
  readonly replicas: number;
  /** Desired canary weight, from `canaryTarget`. */
  readonly weight: number;
  /** `setCanaryScale.replicas` in effect, from `canaryTarget`: the canary size, whatever the weight. */
  readonly canaryScaleReplicas?: number;
  readonly canary?: ReplicaSetCounts;
  readonly stable?: ReplicaSetCounts;
}

/**
 * The weight an aborted, dynamically scaled canary steps back to: traffic returns to the stable
 * one step at a time, as fast as the stable has pods for it. Starting from the pods the canary
 * still has to serve (`replicas - stable available`, or the canary's available pods if more),
 * the weight is that of the last step, counting backwards, whose pods are fewer; 0 when none is,
 * or when either ReplicaSet is missing.
 *
 *   replicas 10, steps [20, 60], canary 6/6, stable 4/4 -> 20  (6 pods to serve; step 60 needs 6, step 20 needs 2)
 *   replicas 10, steps [20, 60], stable 10/10           -> 0
 */
export function dynamicAbortWeight(
  replicas: number,
  stepWeights: readonly number[],
  canary: ReplicaSetCounts | undefined,
  stable: ReplicaSetCounts | undefined,
  maxWeight: number = DEFAULT_MAX_WEIGHT,
): number {
  if (canary === undefined || stable === undefined) return 0;
  const stillOnCanary = Math.max(replicas - stable.available, canary.available);
  for (let i = stepWeights.length - 1; i >= 0; i--) {
    const weight = stepWeights[i] ?? 0;
    if (desiredWeightReplicas(replicas, weight, maxWeight) < stillOnCanary) return weight;
  }
  return 0;
}

/**
 * Canary and stable sizes of a traffic-routed canary.
 *
 * - Canary: `setCanaryScale.replicas` if in effect, else the weight's pods rounded up (and at
 *   least `minPodsPerReplicaSet`).
 * - Stable: all `replicas`, unless `dynamicStableScale`. Then it has pods for the larger of the
 *   traffic it should get and the traffic it still gets (`currentWeights`): it shrinks only
 *   after traffic has left it, and grows before traffic comes back.
 * - Aborting with `dynamicStableScale`: the weight steps back through the steps
 *   (`dynamicAbortWeight`), and the canary keeps pods for the traffic it still gets.
 *
 * Worked examples (replicas 10):
 *   weight 10                                       -> canary 1, stable 10
 *   weight 5, minPodsPerReplicaSet 2                -> canary 2, stable 10
 *   dynamic, weight 20, current 10/90               -> canary 2, stable 9
 *   dynamic, aborted, current 20/80, no ReplicaSets -> canary 2, stable 10
 */
export function trafficRoutedCanaryReplicas(input: TrafficRoutedCanaryInput): CanaryStableCounts {
  const { replicas, currentWeights } = input;
  const maxWeight = input.maxWeight ?? DEFAULT_MAX_WEIGHT;
  const atLeastMinPods = (count: number): number => minPodsPerReplicaSet(count, input.minPodsPerReplicaSet, replicas);
  const dynamic = input.dynamicStableScale === true;
  const aborted = input.aborted === true;
  const weight = dynamic && aborted
    ? dynamicAbortWeight(replicas, input.stepWeights ?? [], input.canary, input.stable, maxWeight)
    : input.weight;

  let canary = input.canaryScaleReplicas ?? atLeastMinPods(desiredWeightReplicas(replicas, weight, maxWeight));
  if (!dynamic) return { canary, stable: replicas };

  let stable = desiredWeightReplicas(replicas, maxWeight - weight, maxWeight);
  if (currentWeights !== undefined) {
    stable = Math.max(stable, desiredWeightReplicas(replicas, currentWeights.stable, maxWeight));
    if (aborted) canary = Math.max(canary, desiredWeightReplicas(replicas, currentWeights.canary, maxWeight));
  }
  return { canary: atLeastMinPods(canary), stable: atLeastMinPods(stable) };
}
