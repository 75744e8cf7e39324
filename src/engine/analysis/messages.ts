// Texts Kanary writes into AnalysisRun status and events, with Argo Rollouts' wording, and the
// bounds that keep them small: status must never grow past what etcd accepts.
import type { AnalysisPhase } from '../../api/types.js';

/** Longest message kept in a measurement, metric result or run. */
export const MAX_MESSAGE_LENGTH = 1024;
/** Longest measured value kept in a measurement. */
export const MAX_VALUE_LENGTH = 4096;

const ELLIPSIS = '…';

/**
 * Cuts a text to at most `max` characters, ending it with an ellipsis when cut.
 *
 *   truncateText('abcdef', 4) -> 'abc…'
 *   truncateText('abc', 4)    -> 'abc'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - ELLIPSIS.length))}${ELLIPSIS}`;
}

/** A message bounded to MAX_MESSAGE_LENGTH. */
export function boundMessage(text: string): string {
  return truncateText(text, MAX_MESSAGE_LENGTH);
}

/** A value bounded to MAX_VALUE_LENGTH. */
export function boundValue(text: string): string {
  return truncateText(text, MAX_VALUE_LENGTH);
}

/**
 * The run message for a metric that decided the run (Argo's assessRunStatus): the reason, then
 * the metric's own message when it has one.
 *
 *   metricAssessedMessage('http_error_count', 'Failed', 'failed (1) > failureLimit (0)')
 *     -> 'Metric "http_error_count" assessed Failed due to failed (1) > failureLimit (0)'
 */
export function metricAssessedMessage(metricName: string, phase: AnalysisPhase, reason: string, resultMessage?: string): string {
  const base = `Metric "${metricName}" assessed ${phase} due to ${reason}`;
  return boundMessage(resultMessage ? `${base}: "Error Message: ${resultMessage}"` : base);
}

/** The message a dry-run metric keeps in its own result (Argo: `Metric assessed ... due to ...`). */
export function dryRunMetricMessage(phase: AnalysisPhase, reason: string): string {
  return boundMessage(`Metric assessed ${phase} due to ${reason}`);
}

/** Run message while `spec.terminate` is set and no metric gives a worse reason (Argo's text). */
export const RUN_TERMINATED_MESSAGE = 'Run Terminated';
/**
 * Message of an in-flight measurement stopped before it finished (Argo's `Metric Terminated`,
 * with why it is Inconclusive: nothing was measured).
 */
export const METRIC_TERMINATED_MESSAGE = 'Metric Terminated: stopped before it finished, nothing was measured';
/** The "due to" part for a metric whose last measurement was stopped before it finished. */
export const STOPPED_MEASUREMENT_REASON = 'a measurement stopped before it finished';
