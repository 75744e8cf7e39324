// One metric's phase from its counters and last measurement (Argo's assessMetricStatus and
// assessMetricFailureInconclusiveOrError), plus Kanary's rule that a metric with no successful
// measurement is never Successful.
import type { AnalysisPhase, Metric, MetricResult } from '../../api/types.js';
import { metricLimits } from './limits.js';
import { dryRunMetricMessage, metricAssessedMessage, METRIC_TERMINATED_MESSAGE, STOPPED_MEASUREMENT_REASON } from './messages.js';
import { isCompletedPhase } from './phases.js';

export interface AssessMetricOptions {
  /** The run is stopping (`spec.terminate`, or another metric already Failed, Error or Inconclusive). */
  readonly terminating: boolean;
  /** The metric runs in dry-run mode: same phase, message in the form Argo gives dry-run results. */
  readonly dryRun?: boolean;
}

export interface MetricAssessment {
  readonly phase: AnalysisPhase;
  /** The "due to" part: `failed (1) > failureLimit (0)`; only for a limit-driven phase. */
  readonly reason?: string;
  /** The whole message: `Metric "x" assessed Failed due to ...` (dry run: `Metric assessed ...`). */
  readonly message?: string;
}

interface Verdict {
  readonly phase: AnalysisPhase;
  readonly reason?: string;
}

/** Failed, Inconclusive or Error from the limits; a later check wins, as in Argo. -1 disables a limit. */
export function limitVerdict(metric: Metric, result: MetricResult): Verdict | undefined {
  const limits = metricLimits(metric);
  let verdict: Verdict | undefined;
  const failed = result.failed ?? 0;
  const inconclusive = result.inconclusive ?? 0;
  const consecutiveError = result.consecutiveError ?? 0;
  if (limits.failureLimit >= 0 && failed > limits.failureLimit) {
    verdict = { phase: 'Failed', reason: `failed (${failed}) > failureLimit (${limits.failureLimit})` };
  }
  if (limits.inconclusiveLimit >= 0 && inconclusive > limits.inconclusiveLimit) {
    verdict = { phase: 'Inconclusive', reason: `inconclusive (${inconclusive}) > inconclusiveLimit (${limits.inconclusiveLimit})` };
  }
  if (limits.consecutiveErrorLimit >= 0 && consecutiveError > limits.consecutiveErrorLimit) {
    verdict = {
      phase: 'Error',
      reason: `consecutiveErrors (${consecutiveError}) > consecutiveErrorLimit (${limits.consecutiveErrorLimit})`,
    };
  }
  return verdict;
}

/** The phase when `count` measurements are done and no limit was crossed (Argo 1.8). */
function countReachedVerdict(metric: Metric, result: MetricResult): Verdict {
  const { failureLimit, consecutiveSuccessLimit: successLimit, count } = metricLimits(metric);
  const streak = `consecutiveSuccess (${result.consecutiveSuccess ?? 0}) < consecutiveSuccessLimit (${successLimit})`;
  if (successLimit > 0 && failureLimit >= 0) return { phase: 'Inconclusive', reason: `${streak} after count (${count}) reached` };
  if (successLimit > 0) return { phase: 'Failed', reason: `${streak} after count (${count}) reached` };
  if (failureLimit >= 0) return { phase: 'Successful' };
  return { phase: 'Error', reason: 'neither failureLimit nor consecutiveSuccessLimit applies' };
}

function verdictOf(metric: Metric, result: MetricResult | undefined, terminating: boolean): Verdict {
  const measurements = result?.measurements ?? [];
  const last = measurements[measurements.length - 1];
  if (result === undefined || last === undefined) return { phase: terminating ? 'Successful' : 'Pending' };
  if (!isCompletedPhase(last.phase)) return { phase: 'Running' };
  const limited = limitVerdict(metric, result);
  // Stopped before it finished: Inconclusive whatever the limits say, unless they say worse.
  if (last.phase === 'Inconclusive' && last.message === METRIC_TERMINATED_MESSAGE && (limited === undefined || limited.phase === 'Inconclusive')) {
    return { phase: 'Inconclusive', reason: STOPPED_MEASUREMENT_REASON };
  }
  if (limited !== undefined) return limited;
  const { consecutiveSuccessLimit, count } = metricLimits(metric);
  if (consecutiveSuccessLimit > 0 && (result.consecutiveSuccess ?? 0) >= consecutiveSuccessLimit) return { phase: 'Successful' };
  if (count !== undefined && (result.count ?? 0) >= count) return countReachedVerdict(metric, result);
  return { phase: terminating ? 'Successful' : 'Running' };
}

/**
 * Kanary's guard (docs/architecture.md): Successful needs at least one successful measurement. A metric
 * whose measurements all failed, errored or were inconclusive (within their limits) takes the
 * worst of those instead. A metric stopped before its first measurement stays Successful, as in Argo.
 */
function requireASuccess(verdict: Verdict, result: MetricResult | undefined): Verdict {
  if (verdict.phase !== 'Successful' || result === undefined || (result.successful ?? 0) > 0) return verdict;
  const failed = result.failed ?? 0;
  const error = result.error ?? 0;
  const inconclusive = result.inconclusive ?? 0;
  if (failed + error + inconclusive === 0) return verdict;
  const phase: AnalysisPhase = failed > 0 ? 'Failed' : error > 0 ? 'Error' : 'Inconclusive';
  return { phase, reason: `no successful measurement (failed: ${failed}, error: ${error}, inconclusive: ${inconclusive})` };
}

/**
 * The phase of one metric. A completed phase never changes. Otherwise, in order:
 * no measurement yet -> Pending (Successful when terminating); last measurement in flight ->
 * Running; last measurement stopped before it finished -> Inconclusive (unless a limit says
 * Failed or Error); failed > failureLimit -> Failed; inconclusive > inconclusiveLimit -> Inconclusive;
 * consecutiveError > consecutiveErrorLimit -> Error (a later rule wins; -1 disables each);
 * consecutiveSuccess >= consecutiveSuccessLimit (when > 0) -> Successful; count reached ->
 * Successful, or with consecutiveSuccessLimit unmet Inconclusive (failureLimit applies) or Failed
 * (failureLimit -1); terminating -> Successful; else Running. Never Successful without a
 * successful measurement, when something was measured.
 *
 *   failureLimit 0, failed 1            -> Failed, 'Metric "http_error_count" assessed Failed due to failed (1) > failureLimit (0)'
 *   consecutiveErrorLimit 4, 5 errors   -> Error, '... due to consecutiveErrors (5) > consecutiveErrorLimit (4)'
 *   count 3, 3 successful               -> Successful
 *   interval only, 2 successful, terminating -> Successful
 *   failureLimit 5, count 3, 3 failed   -> Failed, '... due to no successful measurement (failed: 3, error: 0, inconclusive: 0)'
 */
export function assessMetric(metric: Metric, result: MetricResult | undefined, options: AssessMetricOptions): MetricAssessment {
  const decided = requireASuccess(verdictOf(metric, result, options.terminating), result);
  const sticky = result !== undefined && isCompletedPhase(result.phase);
  const phase = sticky ? result.phase : decided.phase;
  const reason = decided.phase === phase ? decided.reason : undefined;
  if (reason === undefined) return { phase };
  const message = options.dryRun === true ? dryRunMetricMessage(phase, reason) : metricAssessedMessage(metric.name, phase, reason);
  return { phase, reason, message };
}
