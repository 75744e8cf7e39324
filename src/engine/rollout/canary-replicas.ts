// The canary's replica arithmetic: how many pods the canary, the stable and any older
// ReplicaSets should ask for next, honouring maxSurge and maxUnavailable (Argo Rollouts'
// CalculateReplicaCountsForBasicCanary and friends, with the same numbers).

import {
  podsCountedAvailable,
  weightedCanaryStableSplit,
  type CanaryStableCounts,
  type ReplicaSetCounts,
} from './canary-rounding.js';
import { trafficRoutedCanaryReplicas, type TrafficRouting } from './canary-traffic-replicas.js';
import { canaryFenceposts, type Fenceposts, type IntOrPercent } from './int-or-percent.js';

export {
  DEFAULT_MAX_WEIGHT,
  desiredWeightReplicas,
  minPodsPerReplicaSet,
  weightedCanaryStableSplit,
  type CanaryStableCounts,
  type ReplicaSetCounts,
} from './canary-rounding.js';

export interface BasicCanaryInput {
  /** The Rollout's `spec.replicas` (defaulted to 1 by the caller). */
  readonly replicas: number;
  /** Desired canary weight 0-100, from `canaryTarget` (setWeight, 0 on abort, 100 when promoted). */
  readonly weight: number;
  /** Default `'25%'`, rounded up. */
  readonly maxSurge?: IntOrPercent;
  /** Default `'25%'`, rounded down; 1 if both resolve to 0. */
  readonly maxUnavailable?: IntOrPercent;
  /** The ReplicaSet of the desired pod template; `undefined` if it does not exist yet (it stays 0). */
  readonly canary?: ReplicaSetCounts;
  /** The stable ReplicaSet; `undefined` if there is none or it *is* the canary (the canary then takes all). */
  readonly stable?: ReplicaSetCounts;
  /** Every other ReplicaSet still owned, newest revision first. */
  readonly older?: readonly ReplicaSetCounts[];
}

export interface CanaryReplicasInput extends BasicCanaryInput {
  /** `setCanaryScale.replicas` in effect, from `canaryTarget`; honoured with traffic routing only. */
  readonly canaryScaleReplicas?: number;
  /** Present when the canary uses a traffic router; the weight then comes from the router. */
  readonly trafficRouting?: TrafficRouting;
}

/** The next `spec.replicas` of each ReplicaSet; `older` is in the order given. */
export interface CanaryReplicas extends CanaryStableCounts {
  readonly older: readonly number[];
}

function sumReplicas(sets: readonly ReplicaSetCounts[]): number {
  return sets.reduce((sum, rs) => sum + rs.replicas, 0);
}

// Argo treats a maxSurge or maxUnavailable that does not parse as 0 and 0; validation reports it.
function fenceposts(input: BasicCanaryInput): Fenceposts {
  const resolved = canaryFenceposts(input.maxSurge, input.maxUnavailable, input.replicas);
  return resolved.ok ? resolved : { maxSurge: 0, maxUnavailable: 0 };
}

/**
 * Shrinking one side may leave the pair over the surge ceiling or under the availability floor
 * (Argo's `adjustReplicaWithinLimits`). The other side gives back what is over the ceiling, but
 * keeps as many of its available pods as the floor still needs; what is then still over the
 * ceiling comes off the side being drained. Returns [drained, other].
 */
function rebalance(
  drained: ReplicaSetCounts | undefined,
  other: ReplicaSetCounts | undefined,
  drainedCount: number,
  otherCount: number,
  ceiling: number,
  floor: number,
): [number, number] {
  if (other === undefined) return [drainedCount, otherCount];
  let availableAfter = drained === undefined ? 0 : Math.min(drained.available, drainedCount);
  let kept = otherCount - Math.max(0, otherCount + drainedCount - ceiling);
  availableAfter += Math.min(other.available, kept);
  const availableGivenBack = Math.max(0, other.available - kept);
  kept += Math.min(availableGivenBack, Math.max(0, floor - availableAfter));
  return [drainedCount - Math.max(0, kept + drainedCount - ceiling), kept];
}

/**
 * Canary and stable sizes of a canary WITHOUT traffic routing, where each pod gets an equal
 * share of the Service's traffic, so the pod split is the weight.
 *
 * 1. Target: the split closest to the weight (`weightedCanaryStableSplit`); without a separate
 *    stable, the canary's target is all `replicas`.
 * 2. Grow within the ceiling `replicas + maxSurge` (counting every ReplicaSet's spec.replicas):
 *    the stable first, up to its target, then the canary with what is left.
 * 3. If older ReplicaSets still have pods, stop: they are scaled down first.
 * 4. Shrink within the floor `replicas - maxUnavailable` of available pods: when the canary
 *    grows, the stable shrinks toward its target by what availability allows (the canary's
 *    pods counting only once available); when the canary shrinks (a lower weight, an abort),
 *    the canary shrinks instead (the stable's pods counting only once available). Then the pair
 *    is rebalanced within both limits.
 *
 * Worked examples (replicas, weight, surge/unavailable: canary+stable before -> after):
 *   10, 10%, 1/1: 0+10 -> 1+9      10, 30%, 3/0: 0+10 -> 3+10
 *   10, 30%, 0/5: 0+10 -> 0+7       1,  5%, 1/0: 0+1  -> 1+1
 *    4,  0%, 1/0: 4+0 (stable not yet available) -> 4+1
 */
export function basicCanaryReplicas(input: BasicCanaryInput): CanaryStableCounts {
  const { replicas, canary, stable } = input;
  const older = input.older ?? [];
  const { maxSurge, maxUnavailable } = fenceposts(input);
  const target = stable === undefined
    ? { canary: replicas, stable: 0 }
    : weightedCanaryStableSplit(replicas, input.weight, maxSurge);
  const ceiling = replicas + maxSurge;
  let canaryCount = canary?.replicas ?? 0;
  let stableCount = stable?.replicas ?? 0;

  let headroom = ceiling - (sumReplicas(older) + canaryCount + stableCount);
  if (stable !== undefined && stableCount < target.stable && headroom > 0) {
    const grown = Math.min(target.stable, stableCount + headroom);
    headroom -= grown - stableCount;
    stableCount = grown;
  }
  if (canary !== undefined && canaryCount < target.canary && headroom > 0) {
    canaryCount = Math.min(target.canary, canaryCount + headroom);
  }
  if (sumReplicas(older) > 0) return { canary: canaryCount, stable: stableCount };

  const floor = replicas - maxUnavailable;
  const canaryGrowing = canary === undefined || target.canary >= canary.replicas;
  const countedAvailable = podsCountedAvailable(canary, !canaryGrowing) + podsCountedAvailable(stable, canaryGrowing);
  if (countedAvailable <= floor) return { canary: canaryCount, stable: stableCount };
  const mayRemove = countedAvailable - floor;

  if (!canaryGrowing && canary !== undefined) {
    if (canary.replicas > target.canary) canaryCount = Math.max(target.canary, canary.replicas - mayRemove);
    [canaryCount, stableCount] = rebalance(canary, stable, canaryCount, stableCount, ceiling, floor);
  } else if (stable !== undefined) {
    if (stable.replicas > target.stable) stableCount = Math.max(target.stable, stable.replicas - mayRemove);
    [stableCount, canaryCount] = rebalance(stable, canary, stableCount, canaryCount, ceiling, floor);
  }
  return { canary: canaryCount, stable: stableCount };
}

/**
 * Older ReplicaSets of a canary without traffic routing: their pods serve traffic, so they all
 * go, but only as fast as availability allows (Argo's `scaleDownOldReplicaSetsForCanary`).
 * First each drops its unavailable pods (that costs no availability); then, newest first, they
 * give up to `available pods of all ReplicaSets - (replicas - maxUnavailable)` pods.
 *
 *   replicas 10, maxUnavailable 1, stable 8/8, older [3/3]       -> older [1]  (11 available, floor 9)
 *   replicas 10, maxUnavailable 1, stable 8/8, older [3/1]       -> older [1]  (2 unready pods go)
 *   replicas 10, maxUnavailable 2, older newest first [2/2, 3/3], canary 7/7 -> older [0, 1]
 */
export function olderReplicasAfterScaleDown(input: BasicCanaryInput): number[] {
  const older = input.older ?? [];
  const { maxUnavailable } = fenceposts(input);
  const everyone = [...older, ...(input.canary ? [input.canary] : []), ...(input.stable ? [input.stable] : [])];
  let mayRemove = everyone.reduce((sum, rs) => sum + rs.available, 0) - (input.replicas - maxUnavailable);
  return older.map((rs) => {
    const healthy = rs.replicas > rs.available ? rs.available : rs.replicas;
    if (mayRemove <= 0 || healthy === 0) return healthy;
    const next = Math.max(0, healthy - mayRemove);
    mayRemove -= healthy - next;
    return next;
  });
}

/**
 * The next `spec.replicas` of every ReplicaSet of a canary Rollout: the canary and stable from
 * `basicCanaryReplicas` or `trafficRoutedCanaryReplicas`, and, without traffic routing, the older
 * ReplicaSets scaled down as availability allows. With traffic routing the older ReplicaSets
 * are left as they are here: their scale-down delay is decided elsewhere.
 * The result is a fixed point: planning again once the pods are available changes nothing.
 */
export function canaryReplicas(input: CanaryReplicasInput): CanaryReplicas {
  if (input.trafficRouting !== undefined) {
    const counts = trafficRoutedCanaryReplicas({
      ...input.trafficRouting,
      replicas: input.replicas,
      weight: input.weight,
      canaryScaleReplicas: input.canaryScaleReplicas,
      canary: input.canary,
      stable: input.stable,
    });
    return { ...counts, older: (input.older ?? []).map((rs) => rs.replicas) };
  }
  return { ...basicCanaryReplicas(input), older: olderReplicasAfterScaleDown(input) };
}
