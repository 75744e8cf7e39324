// After the switch: post-promotion analysis, then the new version becomes stable. A failed run
// aborts, and the abort switches the active Service back to the still-scaled stable version.

import type { BlueGreenStrategy, RolloutStatus } from '../../../api/types.js';
import type { PlanAction, PlanEvent } from '../plan.js';
import type { RolloutSnapshot } from '../snapshot.js';
import { abortedStatus, withPause } from './promotion-gate.js';
import { promotionAnalysis } from './promotion-analysis.js';

export interface PostInput {
  readonly snap: RolloutSnapshot;
  readonly bg: BlueGreenStrategy;
  readonly status: RolloutStatus;
  readonly podHash: string;
  readonly revision: number;
  /** The active Service already selects the new version (the switch is applied, not only planned). */
  readonly switched: boolean;
  /** promote --full, or a fast rollback: no analysis. */
  readonly skip: boolean;
}

export interface PostResult {
  readonly status: RolloutStatus;
  readonly actions: readonly PlanAction[];
  readonly events: readonly PlanEvent[];
  readonly notes: readonly string[];
  readonly abortMessage?: string;
}

/**
 * Worked examples:
 *   no postPromotionAnalysis, switch planned   -> stable at once
 *   analysis, switch only planned              -> wait: the run starts once the Service selects the new pods
 *   analysis Successful                        -> stable
 *   analysis Failed                            -> aborted
 */
export function postPromotion(input: PostInput): PostResult {
  const { status, bg, snap } = input;
  const analysis = bg.postPromotionAnalysis;
  if (input.skip || !analysis || (analysis.templates?.length ?? 0) === 0) return promoted(input, status);
  if (!input.switched) return { status, actions: [], events: [], notes: ['post-promotion analysis starts once the active Service selects the new version'] };
  const post = promotionAnalysis({
    which: 'post', rollout: snap.rollout, analysis, recorded: status.blueGreen?.postPromotionAnalysisRunStatus,
    runs: snap.analysisRuns ?? [], templates: snap.templates ?? {}, podHash: input.podHash, stableHash: status.stableRS,
    revision: input.revision, pauseConditions: status.pauseConditions ?? [], now: snap.now,
  });
  let s: RolloutStatus = post.recorded ? { ...status, blueGreen: { ...status.blueGreen, postPromotionAnalysisRunStatus: post.recorded } } : status;
  if (post.pauseConditions) s = withPause(s, post.pauseConditions, true);
  if (post.verdict === 'done') {
    const done = promoted(input, s);
    return { ...done, actions: post.actions, events: [...post.events, ...done.events], notes: [...post.notes, ...done.notes] };
  }
  if (post.verdict === 'failed') {
    return {
      status: abortedStatus(s, snap.now), actions: post.actions, notes: post.notes, abortMessage: post.abortMessage,
      events: [...post.events, { type: 'Warning', reason: 'RolloutAborted', message: `Rollout aborted update to revision ${input.revision}: ${post.abortMessage ?? 'post-promotion analysis failed'}` }],
    };
  }
  return { status: s, actions: post.actions, events: post.events, notes: post.notes };
}

function promoted(input: PostInput, status: RolloutStatus): PostResult {
  const { promoteFull: _full, ...rest } = withPause(status, [], false);
  return {
    status: { ...rest, stableRS: input.podHash }, actions: [], notes: [],
    events: [{ type: 'Normal', reason: 'RolloutCompleted', message: `Rollout completed update to revision ${input.revision} (${input.podHash}): Completed blue-green update` }],
  };
}
