// The phase and message Argo CD and the tools read from a Rollout's status (Argo Rollouts'
// CalculateRolloutPhase, for both strategies).

import type { RolloutPhase, RolloutSpec, RolloutStatus } from '../../api/types.js';

/**
 * First match wins:
 *   InvalidSpec condition            -> Degraded "InvalidSpec: <message>"
 *   Progressing reason RolloutAborted or ProgressDeadlineExceeded -> Degraded "<reason>: <message>"
 *   spec.paused                      -> Paused "manually paused"
 *   a pause condition                -> Paused "<its reason>"
 *   restartAt not yet reached        -> Progressing "rollout is restarting"
 *   updated < replicas               -> Progressing "more replicas need to be updated"
 *   available < updated              -> Progressing "updated replicas are still becoming available"
 *   (basic canary) replicas > updated -> Progressing "old replicas are pending termination"
 *   (blue-green) activeSelector != current -> Progressing "active service cutover pending"
 *   (blue-green) stable != current   -> Progressing "waiting for analysis to complete"
 *   stable != current                -> Progressing "waiting for all steps to complete"
 *   otherwise                        -> Healthy ""
 */
export function rolloutPhase(spec: RolloutSpec, status: RolloutStatus): { phase: RolloutPhase; message: string } {
  for (const c of status.conditions ?? []) {
    if (c.type === 'InvalidSpec' && c.status === 'True') return { phase: 'Degraded', message: `InvalidSpec: ${c.message}` };
    if (c.type === 'Progressing' && (c.reason === 'RolloutAborted' || c.reason === 'ProgressDeadlineExceeded')) {
      return { phase: 'Degraded', message: `${c.reason}: ${c.message}` };
    }
  }
  if (spec.paused === true) return { phase: 'Paused', message: 'manually paused' };
  const pause = status.pauseConditions?.[0];
  if (pause) return { phase: 'Paused', message: pause.reason };
  if (spec.restartAt !== undefined && spec.restartAt !== status.restartedAt) return { phase: 'Progressing', message: 'rollout is restarting' };
  const replicas = spec.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  if (updated < replicas) return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if ((status.availableReplicas ?? 0) < updated) return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  if (spec.strategy?.canary && !spec.strategy.canary.trafficRouting && (status.replicas ?? 0) > updated) {
    return { phase: 'Progressing', message: 'old replicas are pending termination' };
  }
  if (spec.strategy?.blueGreen) {
    const active = status.blueGreen?.activeSelector;
    if (!active || active !== status.currentPodHash) return { phase: 'Progressing', message: 'active service cutover pending' };
    if (!status.stableRS || status.stableRS !== status.currentPodHash) return { phase: 'Progressing', message: 'waiting for analysis to complete' };
  }
  if (!status.stableRS || status.stableRS !== status.currentPodHash) return { phase: 'Progressing', message: 'waiting for all steps to complete' };
  return { phase: 'Healthy', message: '' };
}
