// The events a canary reconcile records, with Argo Rollouts' reasons and wording, and where each
// falls in the order Argo records them: an update starting (RolloutNotCompleted) before the new
// ReplicaSet, a new ReplicaSet before its first scale, the scales before an abort or completion.
import type { RolloutStatus } from '../../api/types.js';
import { findCondition } from './conditions.js';
import type { Draft } from './draft.js';
import type { PlanEvent } from './plan.js';

/**
 * A new ReplicaSet and its first scale. Argo creates it with 0 pods and scales it, so a
 * ReplicaSet created with pods gets its ScalingReplicaSet too.
 *
 *   ('web-abc', 2, 1) -> NewReplicaSetCreated 'Created ReplicaSet web-abc (revision 2)',
 *                        ScalingReplicaSet 'Scaled up ReplicaSet web-abc (revision 2) from 0 to 1'
 */
export function replicaSetCreatedEvents(name: string, revision: number, replicas: number): PlanEvent[] {
  const created: PlanEvent = { type: 'Normal', reason: 'NewReplicaSetCreated', message: `Created ReplicaSet ${name} (revision ${revision})` };
  if (replicas <= 0) return [created];
  return [created, { type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up ReplicaSet ${name} (revision ${revision}) from 0 to ${replicas}` }];
}

/**
 * RolloutNotCompleted when the Completed condition turns False (Argo's calculateRolloutConditions):
 * an update starts. Nothing on a first deploy (completed at once) or while it stays False.
 *
 *   Completed True -> False, revision 2 -> 'Rollout not completed, started update to revision 2 (<hash>)'
 */
export function notCompletedEvents(previous: RolloutStatus, next: RolloutStatus, revision: number, podHash: string): PlanEvent[] {
  const before = findCondition(previous.conditions, 'Completed')?.status;
  const after = findCondition(next.conditions, 'Completed')?.status;
  if (after !== 'False' || before === 'False') return [];
  return [{ type: 'Normal', reason: 'RolloutNotCompleted', message: `Rollout not completed, started update to revision ${revision} (${podHash})` }];
}

/** RolloutCompleted with Argo's reason for the promotion ('Initial deploy', 'Full promotion requested', ...). */
export function completedEvent(revision: number, podHash: string, why: string): PlanEvent {
  return { type: 'Normal', reason: 'RolloutCompleted', message: `Rollout completed update to revision ${revision} (${podHash}): ${why}` };
}

/** Records an event Argo records after the reconcile's scales. */
export function recordLate(d: Draft, event: PlanEvent): void {
  (d.lateEvents ??= []).push(event);
}
