// The AnalysisRuns a blue-green Rollout no longer needs: unfinished ones that no longer count are
// stopped, finished ones beyond the history limits (default 5 and 5) are deleted, oldest first.

import type { PlanAction } from '../plan.js';
import { COMPLETED_PHASES, type ObservedAnalysisRun } from '../rollout-analysis.js';

export interface UpkeepInput {
  readonly runs: readonly ObservedAnalysisRun[];
  /** The runs the status records (pre- and post-promotion): never deleted. */
  readonly recorded: ReadonlySet<string>;
  readonly podHash: string;
  /** The update ended (promoted or aborted): every unfinished run stops. */
  readonly settled: boolean;
  readonly successfulLimit?: number;
  readonly unsuccessfulLimit?: number;
}

export function runUpkeep(input: UpkeepInput): PlanAction[] {
  const actions: PlanAction[] = [];
  for (const run of input.runs) {
    if (COMPLETED_PHASES.has(run.phase) || run.terminating) continue;
    if (input.settled || run.podHash !== input.podHash || !input.recorded.has(run.name)) {
      actions.push({ kind: 'terminateAnalysisRun', name: run.name, reason: input.settled ? 'the update ended' : 'superseded' });
    }
  }
  const prune = (matches: (phase: string) => boolean, limit: number) => {
    const done = input.runs.filter((r) => COMPLETED_PHASES.has(r.phase) && matches(r.phase) && !input.recorded.has(r.name))
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const run of done.slice(0, Math.max(0, done.length - limit))) {
      actions.push({ kind: 'deleteAnalysisRun', name: run.name, reason: `beyond the AnalysisRun history limit (${limit})` });
    }
  };
  prune((p) => p === 'Successful', input.successfulLimit ?? 5);
  prune((p) => p !== 'Successful', input.unsuccessfulLimit ?? 5);
  return actions;
}
