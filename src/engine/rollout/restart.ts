// `spec.restartAt`: pods created before it are evicted, a few at a time, while the Rollout is
// otherwise at rest; once none is left, `status.restartedAt` records the request as done.

import { parseTimestamp } from '../../api/timestamp.js';
import type { PlanAction } from './plan.js';
import type { ClassifiedReplicaSets } from './replica-sets.js';
import type { RolloutSnapshot } from './snapshot.js';

export interface RestartResult {
  readonly actions: PlanAction[];
  readonly notes: string[];
  /** Set when the restart is complete: the value for `status.restartedAt`. */
  readonly restartedAt?: string;
  /** When to look again: at restartAt when it is ahead, and soon while pods remain (a budget may refuse an eviction). */
  readonly nextCheckAt?: number;
}

/** How often a restart in progress is looked at, since a refused eviction wakes nothing. */
export const RESTART_RECHECK_MS = 2_000;

/**
 * At most `maxUnavailable` pods (at least one) are unavailable at a time: pods already not ready
 * or terminating count against that budget. Nothing is evicted while a ReplicaSet is short of
 * available pods. Worked examples (maxUnavailable 1, 3 pods older than restartAt):
 *   all 3 ready                -> evict 1
 *   1 terminating, 2 ready     -> evict none (the budget is used)
 *   none older                 -> restartedAt = restartAt
 */
export function restartActions(snap: RolloutSnapshot, sets: ClassifiedReplicaSets, podHash: string, maxUnavailable: number): RestartResult {
  const restartAt = snap.rollout.spec.restartAt;
  const at = parseTimestamp(restartAt);
  if (restartAt === undefined || at === undefined || restartAt === snap.rollout.status?.restartedAt) return { actions: [], notes: [] };
  if (at > snap.now) return { actions: [], notes: [`restart at ${restartAt}`], nextCheckAt: at };
  const hashes = new Set([podHash, sets.stable?.podHash].filter((h): h is string => h !== undefined));
  const pods = (snap.pods ?? []).filter((p) => hashes.has(p.podHash));
  const stale = pods.filter((p) => p.createdAt < at);
  if (stale.length === 0) return { actions: [], notes: [], restartedAt: restartAt };
  const settled = [sets.desired, sets.stable].every((rs) => rs === undefined || rs.available >= rs.replicas);
  const nextCheckAt = snap.now + RESTART_RECHECK_MS;
  if (!settled) return { actions: [], notes: ['restart waits until every ReplicaSet has all its pods available'], nextCheckAt };
  const unavailable = pods.filter((p) => p.deleting === true || !p.ready).length;
  const budget = Math.max(1, maxUnavailable) - unavailable;
  const victims = stale.filter((p) => p.deleting !== true).sort((a, b) => a.createdAt - b.createdAt).slice(0, Math.max(0, budget));
  return {
    actions: victims.map((p) => ({ kind: 'evictPod' as const, name: p.name, reason: `created before restartAt ${restartAt}` })),
    notes: [`restarting: ${stale.length} pod(s) older than ${restartAt} left`],
    nextCheckAt,
  };
}
