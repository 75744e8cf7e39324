// How a canary weight becomes whole pods: the rounding rules shared by the basic and the
// traffic-routed canary (Argo Rollouts' utils/replicaset/canary.go helpers).

/** What the replica arithmetic needs to know of one ReplicaSet. */
export interface ReplicaSetCounts {
  /** `spec.replicas`: the pods asked for. */
  readonly replicas: number;
  /** `status.availableReplicas`: the pods ready for at least minReadySeconds. */
  readonly available: number;
}

/** Desired `spec.replicas` of the canary (new) and the stable ReplicaSet. */
export interface CanaryStableCounts {
  readonly canary: number;
  readonly stable: number;
}

/** Weights are out of 100 unless `trafficRouting.maxTrafficWeight` says otherwise. */
export const DEFAULT_MAX_WEIGHT = 100;

/**
 * The pods that carry `weight` of `replicas`, rounded up so any non-zero weight gets a pod
 * (Argo's `trafficWeightToReplicas`).
 *
 *   desiredWeightReplicas(10, 25)  -> 3
 *   desiredWeightReplicas(10, 33)  -> 4
 *   desiredWeightReplicas(10, 99)  -> 10
 *   desiredWeightReplicas(23, 1e8, 1e8) -> 23
 */
export function desiredWeightReplicas(replicas: number, weight: number, maxWeight: number = DEFAULT_MAX_WEIGHT): number {
  return Math.ceil((weight * replicas) / maxWeight);
}

/**
 * A non-zero count is raised to `minPodsPerReplicaSet` for availability, but never above
 * `replicas` (a 1-replica Rollout with minPodsPerReplicaSet 2 still runs 1 pod). Zero stays zero.
 * Only applies with traffic routing; callers pass `undefined` otherwise.
 *
 *   minPodsPerReplicaSet(1, 2, 10) -> 2
 *   minPodsPerReplicaSet(0, 2, 10) -> 0
 *   minPodsPerReplicaSet(1, 2, 1)  -> 1
 */
export function minPodsPerReplicaSet(count: number, minPods: number | undefined, replicas: number): number {
  if (count === 0 || minPods === undefined) return count;
  return Math.max(count, Math.min(minPods, replicas));
}

// True when `total * weight` falls exactly halfway between two pod counts (3 pods at 50%):
// rounding down would then be as far off as rounding up, and Argo prefers the larger canary.
function halfway(weight: number, total: number, maxWeight: number): boolean {
  // Same operation order as Go's float64(total) * (float64(weight) / max), for identical results.
  const exact = total * (weight / maxWeight);
  return exact - Math.trunc(exact) === 0.5;
}

function distanceFromWeight(weight: number, canary: number, total: number, maxWeight: number): number {
  return Math.abs((canary * maxWeight) / total - weight);
}

/**
 * The canary/stable split of a basic (not traffic-routed) canary whose pods' share is closest
 * to `weight` (Argo's `approximateWeightedCanaryStableReplicaCounts`).
 *
 * Candidates are the weighted canary count rounded up and down, over `replicas` pods, and, when
 * maxSurge allows, over `replicas + 1` pods; the closest share wins, earlier candidates winning
 * ties. A 1-99 weight never yields a zero canary or a zero stable, except when that is
 * impossible (1 replica without surge: the weight is rounded to 0% or 100%).
 *
 *   weightedCanaryStableSplit(10, 20, 1) -> canary 2, stable 8   (20% exactly)
 *   weightedCanaryStableSplit(10, 24, 1) -> canary 3, stable 8   (27.2%, closer than 2/10)
 *   weightedCanaryStableSplit(3, 50, 0)  -> canary 2, stable 1   (tie: the larger canary)
 *   weightedCanaryStableSplit(1, 1, 1)   -> canary 1, stable 1   (surge to keep both)
 *   weightedCanaryStableSplit(1, 49, 0)  -> canary 0, stable 1
 *   weightedCanaryStableSplit(10, 95, 0) -> canary 9, stable 1   (Argo: canary 0, stable 10; see below)
 */
export function weightedCanaryStableSplit(
  replicas: number,
  weight: number,
  maxSurge: number,
  maxWeight: number = DEFAULT_MAX_WEIGHT,
): CanaryStableCounts {
  if (replicas === 0) return { canary: 0, stable: 0 };
  const roundedUp = Math.ceil((replicas * weight) / maxWeight);
  const roundedDown = Math.floor((replicas * weight) / maxWeight);
  const zeroAllowed = weight === maxWeight || weight === 0 || (replicas === 1 && maxSurge === 0);
  const downAllowed = roundedDown !== 0 || zeroAllowed;

  // Both rounded counts come from `replicas`, even over `replicas + 1` pods, as in Argo.
  const candidates: { canary: number; total: number }[] = [];
  if (roundedUp < replicas || zeroAllowed) candidates.push({ canary: roundedUp, total: replicas });
  if (downAllowed && !halfway(weight, replicas, maxWeight)) candidates.push({ canary: roundedDown, total: replicas });
  if (maxSurge > 0) {
    candidates.push({ canary: roundedUp, total: replicas + 1 });
    if (downAllowed && !halfway(weight, replicas + 1, maxWeight)) candidates.push({ canary: roundedDown, total: replicas + 1 });
  }

  let best = candidates[0];
  // Deliberate difference from Argo: with no surge, a weight exactly half a pod short of all of
  // them (95% of 10, 75% of 2, 90% of 5, 98% of 25, 99% of 50) leaves no candidate, and Argo
  // returns 0 canary pods ("should not get here"), so the step passes without any canary. We
  // round down instead, keeping one stable pod, as the 1-99 rule intends.
  if (best === undefined) return { canary: roundedDown, stable: replicas - roundedDown };
  for (const candidate of candidates.slice(1)) {
    if (distanceFromWeight(weight, candidate.canary, candidate.total, maxWeight) < distanceFromWeight(weight, best.canary, best.total, maxWeight)) {
      best = candidate;
    }
  }
  return { canary: best.canary, stable: best.total - best.canary };
}

/**
 * The pods of a ReplicaSet that may be counted as available when deciding how many pods can go
 * (Argo's `GetReplicasForScaleDown`). Never more than `spec.replicas`: pods above it are already
 * terminating. With `trustSpec`, unavailable pods are counted too: that side is about to grow or
 * is being drained, and waiting for its pods (say, in CrashLoopBackOff) could stall the rollout.
 */
export function podsCountedAvailable(rs: ReplicaSetCounts | undefined, trustSpec: boolean): number {
  if (rs === undefined) return 0;
  if (rs.replicas < rs.available || trustSpec) return rs.replicas;
  return rs.available;
}
