// Analysis in a canary: the run of the current analysis step, the background run, and the
// runs to stop (superseded, promoted, aborted) or delete (history limits). The verdicts decide:
// Successful moves on, Failed or Error aborts, Inconclusive pauses until a person decides.

import { formatTimestamp } from '../../api/timestamp.js';
import type { Rollout, RolloutStatus } from '../../api/types.js';

import type { Draft } from './draft.js';
import { analysisRunFor, COMPLETED_PHASES, type AnyTemplate, type ObservedAnalysisRun } from './rollout-analysis.js';

export interface AnalysisContext {
  readonly rollout: Rollout;
  readonly podHash: string;
  readonly revision: number;
  readonly runs: readonly ObservedAnalysisRun[];
  readonly templates: Readonly<Record<string, AnyTemplate | null>>;
  readonly now: number;
}

export type Verdict = 'done' | 'wait' | 'failed' | 'inconclusive';

type RunStatus = NonNullable<NonNullable<RolloutStatus['canary']>['currentStepAnalysisRunStatus']>;
type Slot = 'currentStepAnalysisRunStatus' | 'currentBackgroundAnalysisRunStatus';

function record(d: Draft, slot: Slot, value: RunStatus | undefined): void {
  const canary = { ...(d.status.canary ?? {}) };
  if (value) canary[slot] = value;
  else delete canary[slot];
  d.status.canary = canary;
}

function verdictOf(phase: string): Verdict {
  if (phase === 'Successful') return 'done';
  if (phase === 'Failed' || phase === 'Error') return 'failed';
  if (phase === 'Inconclusive') return 'inconclusive';
  return 'wait';
}

/**
 * The run recorded in `slot` for this template and step, creating it when there is none (first
 * time, after a retry, or after a promote that answered an Inconclusive run). Returns its verdict.
 */
function ensureRun(d: Draft, ctx: AnalysisContext, slot: Slot, type: 'Step' | 'Background', stepIndex: number | undefined,
  analysis: NonNullable<NonNullable<Rollout['spec']['strategy']['canary']>['analysis']>, path: string): Verdict {
  const recorded = d.status.canary?.[slot];
  const run = recorded ? ctx.runs.find((r) => r.name === recorded.name && r.podHash === ctx.podHash) : undefined;
  if (run) {
    const status: RunStatus = { name: run.name, status: run.phase as RunStatus['status'], ...(run.message ? { message: run.message } : {}) };
    record(d, slot, status);
    const verdict = verdictOf(run.phase);
    if (verdict === 'failed') d.abortMessage = run.message ?? `AnalysisRun ${run.name} ended ${run.phase}`;
    if (verdict === 'wait') d.notes.push(`waiting for AnalysisRun ${run.name} (${run.phase || 'Pending'})`);
    return verdict;
  }
  const built = analysisRunFor({
    rollout: ctx.rollout, analysis, type, stepIndex, podHash: ctx.podHash, stableHash: d.status.stableRS, revision: ctx.revision,
    templates: ctx.templates, takenNames: new Set(ctx.runs.map((r) => r.name)), path,
  });
  if (!built.ok) {
    d.abortMessage = built.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    return 'failed';
  }
  const name = built.run.metadata?.name ?? '';
  d.actions.push({ kind: 'createAnalysisRun', name, run: built.run, reason: `${type === 'Step' ? `analysis step ${(stepIndex ?? 0) + 1}` : 'background analysis'} starts` });
  d.events.push({ type: 'Normal', reason: 'AnalysisRunRunning', message: `${type} Analysis Run '${name}' Status New: 'Running' Previous: ''` });
  record(d, slot, { name, status: 'Pending' });
  return 'wait';
}

/** The verdict of the analysis step at `index` (creating its run when needed). */
export function stepAnalysis(d: Draft, ctx: AnalysisContext, index: number): Verdict {
  const step = ctx.rollout.spec.strategy.canary?.steps?.[index];
  if (!step?.analysis) return 'done';
  const verdict = ensureRun(d, ctx, 'currentStepAnalysisRunStatus', 'Step', index, step.analysis, `spec.strategy.canary.steps[${index}].analysis`);
  if (verdict === 'done') record(d, 'currentStepAnalysisRunStatus', undefined);
  return verdict;
}

/** Background analysis from `startingStep` on, while the canary is in progress. */
export function backgroundAnalysis(d: Draft, ctx: AnalysisContext): Verdict {
  const analysis = ctx.rollout.spec.strategy.canary?.analysis;
  if (!analysis?.templates?.length) return 'done';
  if ((d.status.currentStepIndex ?? 0) < (analysis.startingStep ?? 0)) return 'wait';
  return ensureRun(d, ctx, 'currentBackgroundAnalysisRunStatus', 'Background', undefined, analysis, 'spec.strategy.canary.analysis');
}

/** An Inconclusive verdict pauses the rollout (InconclusiveAnalysisRun) until a person promotes or aborts. */
export function pauseForInconclusive(d: Draft, now: number): void {
  const s = d.status;
  const reason = d.inconclusiveReason ?? 'InconclusiveAnalysisRun';
  if (!(s.pauseConditions ?? []).some((c) => c.reason === reason)) {
    s.pauseConditions = [...(s.pauseConditions ?? []), { reason, startTime: formatTimestamp(now) }];
    d.events.push({ type: 'Normal', reason: 'RolloutPaused', message: `Rollout is paused (${reason})` });
  }
  s.controllerPause = true;
  d.notes.push(reason === 'InconclusiveExperiment'
    ? 'an Experiment was Inconclusive: paused until promoted (which moves past the step) or aborted'
    : 'an AnalysisRun was Inconclusive: paused until promoted (which measures again) or aborted');
}

/**
 * Stops every unfinished run that no longer counts (another template, the rollout promoted or
 * aborted, a step run of a step already left), and deletes finished runs beyond the history
 * limits (default 5 successful and 5 unsuccessful), oldest first, never a recorded one.
 */
export function stopAndPruneRuns(d: Draft, ctx: AnalysisContext, settled: boolean): void {
  const recorded = new Set([d.status.canary?.currentStepAnalysisRunStatus?.name, d.status.canary?.currentBackgroundAnalysisRunStatus?.name]);
  for (const run of ctx.runs) {
    if (COMPLETED_PHASES.has(run.phase) || run.terminating) continue;
    const stale = settled || run.podHash !== ctx.podHash || !recorded.has(run.name);
    if (stale) d.actions.push({ kind: 'terminateAnalysisRun', name: run.name, reason: settled ? 'the update ended' : 'superseded' });
  }
  const limits = ctx.rollout.spec.analysis;
  const prune = (phases: (p: string) => boolean, limit: number) => {
    const done = ctx.runs.filter((r) => COMPLETED_PHASES.has(r.phase) && phases(r.phase) && !recorded.has(r.name))
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const run of done.slice(0, Math.max(0, done.length - limit))) {
      d.actions.push({ kind: 'deleteAnalysisRun', name: run.name, reason: `beyond the AnalysisRun history limit (${limit})` });
    }
  };
  prune((p) => p === 'Successful', limits?.successfulRunHistoryLimit ?? 5);
  prune((p) => p !== 'Successful', limits?.unsuccessfulRunHistoryLimit ?? 5);
}
