// Kubernetes events for an AnalysisRun, derived from the difference between two statuses so they
// are the same however many steps produced the change (Argo's reasons and messages).
import type { AnalysisPhase, AnalysisRunStatus } from '../../api/types.js';
import { isCompletedPhase } from './phases.js';

export type AnalysisEventReason = `AnalysisRun${AnalysisPhase}` | `Metric${AnalysisPhase}`;

export interface AnalysisEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: AnalysisEventReason;
  readonly message: string;
}

function typeOf(phase: AnalysisPhase): AnalysisEvent['type'] {
  return phase === 'Failed' || phase === 'Error' ? 'Warning' : 'Normal';
}

/**
 * One event per metric that completed between `before` and `after`, then one for the run if it
 * completed.
 *
 *   metric "errors" Running -> Failed   -> Warning MetricFailed "Metric 'errors' Completed. Result: Failed"
 *   run Running -> Successful           -> Normal AnalysisRunSuccessful "Analysis Completed. Result: Successful"
 */
export function analysisEvents(before: AnalysisRunStatus | undefined, after: AnalysisRunStatus): AnalysisEvent[] {
  const events: AnalysisEvent[] = [];
  for (const result of after.metricResults ?? []) {
    const previous = before?.metricResults?.find((r) => r.name === result.name)?.phase;
    if (isCompletedPhase(result.phase) && previous !== result.phase) {
      events.push({
        type: typeOf(result.phase),
        reason: `Metric${result.phase}`,
        message: `Metric '${result.name}' Completed. Result: ${result.phase}`,
      });
    }
  }
  const phase = after.phase;
  if (phase !== undefined && isCompletedPhase(phase) && before?.phase !== phase) {
    events.push({ type: typeOf(phase), reason: `AnalysisRun${phase}`, message: `Analysis Completed. Result: ${phase}` });
  }
  return events;
}
