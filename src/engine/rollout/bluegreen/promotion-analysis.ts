// Pre- and post-promotion analysis of a blue-green Rollout: the run for this revision (created
// when there is none) and its verdict. Successful lets the rollout go on, Failed or Error aborts,
// Inconclusive pauses (InconclusiveAnalysisRun) until a person promotes (accepting it) or aborts.

import type { PauseCondition, Rollout, RolloutAnalysis, RolloutAnalysisRunStatus } from '../../../api/types.js';
import { formatTimestamp } from '../../../api/timestamp.js';
import type { PlanAction, PlanEvent } from '../plan.js';
import { analysisRunFor, type AnyTemplate, type ObservedAnalysisRun } from '../rollout-analysis.js';

export type Promotion = 'pre' | 'post';

export interface PromotionAnalysisInput {
  readonly which: Promotion;
  readonly rollout: Rollout;
  readonly analysis: RolloutAnalysis;
  /** `status.blueGreen.prePromotionAnalysisRunStatus` (or post). */
  readonly recorded?: RolloutAnalysisRunStatus;
  readonly runs: readonly ObservedAnalysisRun[];
  readonly templates: Readonly<Record<string, AnyTemplate | null>>;
  readonly podHash: string;
  readonly stableHash?: string;
  readonly revision: number;
  readonly pauseConditions: readonly PauseCondition[];
  readonly now: number;
}

export interface PromotionAnalysisResult {
  readonly verdict: 'done' | 'wait' | 'failed';
  readonly recorded?: RolloutAnalysisRunStatus;
  readonly actions: readonly PlanAction[];
  readonly events: readonly PlanEvent[];
  readonly notes: readonly string[];
  /** Set when an Inconclusive run pauses the rollout: the conditions with InconclusiveAnalysisRun. */
  readonly pauseConditions?: readonly PauseCondition[];
  /** Why the verdict is Failed, for the abort. */
  readonly abortMessage?: string;
}

const INCONCLUSIVE = 'InconclusiveAnalysisRun';
const LABEL: Record<Promotion, string> = { pre: 'pre-promotion analysis', post: 'post-promotion analysis' };

/**
 * Worked examples:
 *   nothing recorded                    -> create `<rollout>-<hash>-<revision>-pre`, wait
 *   recorded run Running                -> wait
 *   recorded run Successful             -> done
 *   recorded run Failed                 -> failed (the caller aborts)
 *   run Inconclusive, first seen        -> pause (InconclusiveAnalysisRun), wait
 *   run Inconclusive, seen, pause gone  -> done (a promote accepted it)
 */
export function promotionAnalysis(input: PromotionAnalysisInput): PromotionAnalysisResult {
  const { recorded } = input;
  const run = recorded ? input.runs.find((r) => r.name === recorded.name && r.podHash === input.podHash) : undefined;
  if (!run) return startRun(input);
  const status: RolloutAnalysisRunStatus = {
    name: run.name, status: (run.phase || 'Pending') as RolloutAnalysisRunStatus['status'], ...(run.message ? { message: run.message } : {}),
  };
  const base = { recorded: status, actions: [], events: [] };
  switch (run.phase) {
    case 'Successful':
      return { ...base, verdict: 'done', notes: [] };
    case 'Failed':
    case 'Error':
      return { ...base, verdict: 'failed', notes: [], abortMessage: run.message ?? `AnalysisRun ${run.name} ended ${run.phase}` };
    case 'Inconclusive': {
      const paused = input.pauseConditions.some((c) => c.reason === INCONCLUSIVE);
      if (recorded?.status === 'Inconclusive' && !paused) return { ...base, verdict: 'done', notes: [`${LABEL[input.which]} was Inconclusive and promoted by hand`] };
      if (paused) return { ...base, verdict: 'wait', notes: [`${LABEL[input.which]} was Inconclusive: paused until promoted or aborted`] };
      return {
        ...base, verdict: 'wait',
        pauseConditions: [...input.pauseConditions, { reason: INCONCLUSIVE, startTime: formatTimestamp(input.now) }],
        events: [{ type: 'Normal', reason: 'RolloutPaused', message: `Rollout is paused (${INCONCLUSIVE})` }],
        notes: [`${LABEL[input.which]} was Inconclusive: paused until promoted or aborted`],
      };
    }
    default:
      return { ...base, verdict: 'wait', notes: [`waiting for ${LABEL[input.which]} AnalysisRun ${run.name} (${run.phase || 'Pending'})`] };
  }
}

function startRun(input: PromotionAnalysisInput): PromotionAnalysisResult {
  const key = input.which === 'pre' ? 'prePromotionAnalysis' : 'postPromotionAnalysis';
  const built = analysisRunFor({
    rollout: input.rollout, analysis: input.analysis, type: input.which === 'pre' ? 'PrePromotion' : 'PostPromotion', nameSuffix: input.which,
    podHash: input.podHash, stableHash: input.stableHash, revision: input.revision, templates: input.templates,
    takenNames: new Set(input.runs.map((r) => r.name)), path: `spec.strategy.blueGreen.${key}`,
  });
  if (!built.ok) {
    const message = built.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    return { verdict: 'failed', actions: [], events: [], notes: [], abortMessage: message };
  }
  const name = built.run.metadata?.name ?? '';
  const type = input.which === 'pre' ? 'PrePromotion' : 'PostPromotion';
  return {
    verdict: 'wait',
    recorded: { name, status: 'Pending' },
    actions: [{ kind: 'createAnalysisRun', name, run: built.run, reason: `${LABEL[input.which]} starts` }],
    events: [{ type: 'Normal', reason: 'AnalysisRunRunning', message: `${type} Analysis Run '${name}' Status New: 'Running' Previous: ''` }],
    notes: [`${LABEL[input.which]} starts: AnalysisRun ${name}`],
  };
}
