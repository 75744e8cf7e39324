// The order of analysis phases from best to worst, as Argo Rollouts ranks them
// (utils/analysis/helpers.go analysisStatusOrder): a run is as bad as its worst metric.
import type { AnalysisPhase } from '../../api/types.js';

/** Best to worst: Successful < Running < Pending < Inconclusive < Error < Failed. */
export const PHASE_ORDER: readonly AnalysisPhase[] = ['Successful', 'Running', 'Pending', 'Inconclusive', 'Error', 'Failed'];

/** Whether a phase is final: Successful, Failed, Error or Inconclusive. */
export function isCompletedPhase(phase: AnalysisPhase | undefined): boolean {
  return phase === 'Successful' || phase === 'Failed' || phase === 'Error' || phase === 'Inconclusive';
}

/** Rank in PHASE_ORDER; an unknown phase (a newer controller's) ranks as Successful, as in Argo. */
export function phaseRank(phase: AnalysisPhase): number {
  return Math.max(0, PHASE_ORDER.indexOf(phase));
}

/**
 * The worse of two phases.
 *
 *   worstPhase('Successful', 'Inconclusive') -> 'Inconclusive'
 *   worstPhase('Failed', 'Error')            -> 'Failed'
 */
export function worstPhase(a: AnalysisPhase, b: AnalysisPhase): AnalysisPhase {
  return phaseRank(b) > phaseRank(a) ? b : a;
}
