// The gate before a blue-green switch: the preview is fully available, the BlueGreenPause is
// over (or there is none) and pre-promotion analysis succeeded. Once open, the new ReplicaSet
// scales to full size (`scaleUpPreviewCheckPoint`) and the switch follows when it is available.

import type { BlueGreenStrategy, PauseCondition, RolloutStatus } from '../../../api/types.js';
import { formatTimestamp } from '../../../api/timestamp.js';
import type { PlanAction, PlanEvent } from '../plan.js';
import type { ObservedReplicaSet, RolloutSnapshot } from '../snapshot.js';
import { newReplicaSetReplicas } from './new-replicas.js';
import { blueGreenPause } from './pause.js';
import { promotionAnalysis } from './promotion-analysis.js';

export interface GateInput {
  readonly snap: RolloutSnapshot;
  readonly bg: BlueGreenStrategy;
  readonly status: RolloutStatus;
  readonly podHash: string;
  readonly revision: number;
  readonly newRS?: ObservedReplicaSet;
  readonly replicas: number;
  /** Already past the gate: the new version is stable or the active Service selects it. */
  readonly past: boolean;
  /** promote --full, or a fast rollback: no pause and no analysis. */
  readonly skip: boolean;
}

export interface GateResult {
  readonly open: boolean;
  readonly status: RolloutStatus;
  readonly actions: readonly PlanAction[];
  readonly events: readonly PlanEvent[];
  readonly notes: readonly string[];
  readonly nextCheckAt?: number;
  readonly abortMessage?: string;
}

export function promotionGate(input: GateInput): GateResult {
  const { status, bg, newRS, snap } = input;
  const unchanged = { status, actions: [], events: [], notes: [] };
  if (status.abort === true) return { ...unchanged, open: false };
  if (input.past || input.skip || status.blueGreen?.scaleUpPreviewCheckPoint === true) return { ...unchanged, open: true };
  if (snap.rollout.spec.paused === true) return { ...unchanged, open: false, notes: ['manually paused (spec.paused): waiting for resume'] };

  const previewSize = newReplicaSetReplicas({ replicas: input.replicas, previewReplicaCount: bg.previewReplicaCount, promoting: false });
  const ready = newRS !== undefined && newRS.replicas === previewSize && newRS.available >= previewSize;
  const notes: string[] = ready ? [] : [`waiting for ${previewSize} available pods of the preview (${newRS?.available ?? 0} now)`];
  const pause = blueGreenPause({
    autoPromotionEnabled: bg.autoPromotionEnabled, autoPromotionSeconds: bg.autoPromotionSeconds, ready, now: snap.now,
    pauseConditions: status.pauseConditions ?? [], controllerPause: status.controllerPause === true,
  });
  let s: RolloutStatus = withPause(status, pause.pauseConditions, pause.controllerPause);
  const actions: PlanAction[] = [];
  const events: PlanEvent[] = [...pause.events];
  notes.push(...pause.notes);

  let analysisDone = true;
  let abortMessage: string | undefined;
  if ((bg.prePromotionAnalysis?.templates?.length ?? 0) > 0 && bg.prePromotionAnalysis) {
    analysisDone = false;
    if (ready) {
      const pre = promotionAnalysis({
        which: 'pre', rollout: snap.rollout, analysis: bg.prePromotionAnalysis, recorded: s.blueGreen?.prePromotionAnalysisRunStatus,
        runs: snap.analysisRuns ?? [], templates: snap.templates ?? {}, podHash: input.podHash, stableHash: s.stableRS,
        revision: input.revision, pauseConditions: s.pauseConditions ?? [], now: snap.now,
      });
      actions.push(...pre.actions);
      events.push(...pre.events);
      notes.push(...pre.notes);
      if (pre.recorded) s = { ...s, blueGreen: { ...s.blueGreen, prePromotionAnalysisRunStatus: pre.recorded } };
      if (pre.pauseConditions) s = withPause(s, pre.pauseConditions, true);
      analysisDone = pre.verdict === 'done';
      if (pre.verdict === 'failed') {
        abortMessage = pre.abortMessage;
        s = abortedStatus(s, snap.now);
        events.push({ type: 'Warning', reason: 'RolloutAborted', message: `Rollout aborted update to revision ${input.revision}: ${abortMessage ?? 'pre-promotion analysis failed'}` });
        return { open: false, status: s, actions, events, notes, abortMessage };
      }
    }
  }
  return { open: ready && pause.done && analysisDone, status: s, actions, events, notes, ...(pause.nextCheckAt !== undefined ? { nextCheckAt: pause.nextCheckAt } : {}) };
}

/** The status with these pause conditions and controllerPause (each left out when empty or false). */
export function withPause(status: RolloutStatus, pauseConditions: readonly PauseCondition[], controllerPause: boolean): RolloutStatus {
  const { pauseConditions: _conditions, controllerPause: _pause, ...rest } = status;
  return { ...rest, ...(pauseConditions.length > 0 ? { pauseConditions: [...pauseConditions] } : {}), ...(controllerPause ? { controllerPause: true } : {}) };
}

/** An analysis verdict aborts the update: abort set, the time recorded, the pauses cleared. */
export function abortedStatus(status: RolloutStatus, now: number): RolloutStatus {
  return { ...withPause(status, [], false), abort: true, abortedAt: formatTimestamp(now) };
}
