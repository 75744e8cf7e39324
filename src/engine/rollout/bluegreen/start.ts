// Where a blue-green reconcile starts from: the previous status, with what a new template, an
// abort or a retry changes before anything else is decided.

import type { BlueGreenStatus, RolloutStatus } from '../../../api/types.js';
import { formatTimestamp } from '../../../api/timestamp.js';
import type { PlanEvent } from '../plan.js';

export interface StartInput {
  readonly previous: RolloutStatus;
  readonly podHash: string;
  readonly revision: number;
  /** `status.stableRS` names a live ReplicaSet (or the new one). */
  readonly stableAlive: boolean;
  readonly now: number;
}

export interface StartResult {
  readonly status: RolloutStatus;
  readonly events: readonly PlanEvent[];
  readonly notes: readonly string[];
}

/** The Service selectors stay; the analysis of an earlier attempt and the preview checkpoint go. */
function forgetAttempt(blueGreen: BlueGreenStatus | undefined): BlueGreenStatus | undefined {
  if (!blueGreen) return undefined;
  const { prePromotionAnalysisRunStatus: _pre, postPromotionAnalysisRunStatus: _post, scaleUpPreviewCheckPoint: _checkpoint, ...rest } = blueGreen;
  return rest;
}

/**
 * Worked examples:
 *   a new template                 -> pause, abort and promote-full cleared, analysis statuses forgotten
 *   no stable ReplicaSet           -> the new one is stable at once (a first revision: nothing to protect)
 *   status.abort set, not stable   -> abortedAt recorded once, pauses cleared
 *   abort cleared after an abort   -> a retry: abortedAt and the analysis statuses cleared
 */
export function blueGreenStart(input: StartInput): StartResult {
  const { previous, podHash, now } = input;
  const s: RolloutStatus = { ...previous };
  const events: PlanEvent[] = [];
  const notes: string[] = [];
  const clearPause = () => {
    delete s.pauseConditions;
    delete s.controllerPause;
  };
  const setBlueGreen = (bg: BlueGreenStatus | undefined) => {
    if (bg) s.blueGreen = bg;
    else delete s.blueGreen;
  };
  if (previous.currentPodHash !== podHash) {
    if (previous.currentPodHash) events.push({ type: 'Normal', reason: 'RolloutUpdated', message: `Rollout updated to revision ${input.revision}` });
    clearPause();
    delete s.abort;
    delete s.abortedAt;
    delete s.promoteFull;
    setBlueGreen(forgetAttempt(s.blueGreen));
  }
  s.currentPodHash = podHash;
  if (!input.stableAlive) {
    s.stableRS = podHash;
    notes.push('no stable ReplicaSet: the new one is stable at once');
  }
  if (s.abort === true && s.stableRS !== podHash) {
    if (!s.abortedAt) {
      s.abortedAt = formatTimestamp(now);
      events.push({ type: 'Warning', reason: 'RolloutAborted', message: `Rollout aborted update to revision ${input.revision}` });
    }
    clearPause();
    notes.push('aborted: the active Service goes back to the stable version before anything scales down');
  } else if (previous.abortedAt && s.abort !== true && previous.currentPodHash === podHash) {
    delete s.abortedAt;
    delete s.abort;
    clearPause();
    setBlueGreen(forgetAttempt(s.blueGreen));
    events.push({ type: 'Normal', reason: 'RolloutRetry', message: 'Retrying Rollout after abort' });
  }
  return { status: s, events, notes };
}
