// Rollout conditions with Argo's types, reasons and messages, set so that an unchanged
// condition keeps its timestamps (rewriting the same status is then a no-op).

import { formatTimestamp } from '../../api/timestamp.js';
import type { RolloutCondition } from '../../api/types.js';

export type ConditionType = RolloutCondition['type'];

export const REASONS = {
  available: 'AvailableReason',
  invalidSpec: 'InvalidSpec',
  newReplicaSet: 'NewReplicaSetCreated',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'RolloutPaused',
  resumed: 'RolloutResumed',
  aborted: 'RolloutAborted',
  retry: 'RolloutRetry',
  healthy: 'RolloutHealthy',
  completed: 'RolloutCompleted',
} as const;


export function findCondition(conditions: readonly RolloutCondition[] | undefined, type: ConditionType): RolloutCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Sets one condition. Same status, reason and message: nothing changes. Same status only: the
 * message and lastUpdateTime change, lastTransitionTime stays. `touch` forces lastUpdateTime
 * (progress was made) even when nothing else changes.
 */
export function setCondition(
  conditions: readonly RolloutCondition[],
  next: { type: ConditionType; status: 'True' | 'False' | 'Unknown'; reason: string; message: string },
  now: number,
  touch = false,
): RolloutCondition[] {
  const current = findCondition(conditions, next.type);
  if (current && current.status === next.status && current.reason === next.reason && current.message === next.message && !touch) {
    return [...conditions];
  }
  const time = formatTimestamp(now);
  const updated: RolloutCondition = {
    ...next,
    lastUpdateTime: time,
    lastTransitionTime: current && current.status === next.status ? current.lastTransitionTime ?? time : time,
  };
  return current ? conditions.map((c) => (c.type === next.type ? updated : c)) : [...conditions, updated];
}

export function removeCondition(conditions: readonly RolloutCondition[], type: ConditionType): RolloutCondition[] {
  return conditions.filter((c) => c.type !== type);
}
