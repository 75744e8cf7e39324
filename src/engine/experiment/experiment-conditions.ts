// The Experiment's conditions with Argo's types, reasons and messages; an unchanged condition
// keeps its timestamps, so writing the same status twice is a no-op.

import type { ExperimentCondition, ExperimentConditionType } from '../../api/types.js';

export const EXPERIMENT_REASONS = {
  completed: 'ExperimentCompleted',
  progressing: 'ReplicaSetUpdated',
  running: 'NewReplicaSetAvailable',
  invalidSpec: 'InvalidSpec',
} as const;

/**
 * Sets one condition. Same status and reason: unchanged (Argo's SetExperimentCondition), unless
 * `touch` (progress was made) moves lastUpdateTime. Same status only: lastTransitionTime stays.
 */
export function setExperimentCondition(
  conditions: readonly ExperimentCondition[], type: ExperimentConditionType, status: 'True' | 'False',
  reason: string, message: string, now: string, touch = false,
): ExperimentCondition[] {
  const current = conditions.find((c) => c.type === type);
  if (current && current.status === status && current.reason === reason && current.message === message && !touch) return [...conditions];
  const next: ExperimentCondition = {
    type, status, reason, message, lastUpdateTime: now,
    lastTransitionTime: current && current.status === status ? current.lastTransitionTime : now,
  };
  return [...conditions.filter((c) => c.type !== type), next];
}

export function removeExperimentCondition(conditions: readonly ExperimentCondition[], type: ExperimentConditionType): ExperimentCondition[] {
  return conditions.filter((c) => c.type !== type);
}
