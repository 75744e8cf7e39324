// One measurement's verdict: a provider's result judged by the metric's successCondition and
// failureCondition (Argo's evaluate.EvaluateResult), with a message that says why.
import type { Metric } from '../../api/types.js';
import { evaluateCondition } from './expr/index.js';
import { boundMessage } from './messages.js';

/** Phases a finished measurement can have. */
export type MeasurementVerdict = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

export interface MeasurementAssessment {
  readonly phase: MeasurementVerdict;
  /** Why, for every phase but Successful. */
  readonly message?: string;
}

/**
 * A provider result as the text kept in `measurement.value`: numbers as Go prints them, arrays
 * as `[a,b]` (Argo's Prometheus vector form), strings as they are, anything else as JSON.
 *
 *   formatResultValue([0.97, 0.5]) -> '[0.97,0.5]'
 *   formatResultValue(NaN)         -> 'NaN'
 *   formatResultValue(null)        -> 'null'
 */
export function formatResultValue(result: unknown): string {
  if (typeof result === 'number') return Number.isNaN(result) ? 'NaN' : result === Infinity ? '+Inf' : result === -Infinity ? '-Inf' : String(result);
  if (typeof result === 'string') return result;
  if (Array.isArray(result)) return `[${result.map(formatResultValue).join(',')}]`;
  if (result === undefined) return 'null';
  return JSON.stringify(result) ?? String(result);
}

function isEmptyResult(result: unknown): boolean {
  if (result === null || result === undefined) return true;
  if (Array.isArray(result)) return result.length === 0;
  return typeof result === 'object' && Object.keys(result).length === 0;
}

type Outcome = { ok: true; value: boolean } | { ok: false; message: string };

function evaluate(name: string, condition: string, result: unknown, value: string, now: number | undefined): Outcome {
  try {
    return { ok: true, value: evaluateCondition(condition, result, now === undefined ? {} : { now }) };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    const hint = isEmptyResult(result) ? '; the provider returned no data' : '';
    return { ok: false, message: `${name} ${JSON.stringify(condition)} could not be evaluated on value ${value}: ${reason}${hint}` };
  }
}

/**
 * Judges one result. With only a successCondition, false means Failed; with only a
 * failureCondition, false means Successful; with both, a true failureCondition means Failed, else
 * a true successCondition means Successful, else Inconclusive; with neither, Successful. A
 * condition that cannot be evaluated makes the measurement Error.
 *
 *   successCondition 'result[0] <= 5', result [16.31]
 *     -> Failed, 'value [16.31] failed successCondition "result[0] <= 5"'
 *   failureCondition 'result[0] > 5', result [3]                       -> Successful
 *   both, result [4] with success 'result[0] < 3' and failure 'result[0] > 5'
 *     -> Inconclusive, 'value [4] met neither successCondition "result[0] < 3" nor failureCondition "result[0] > 5"'
 *   successCondition 'result[0] <= 5', result []
 *     -> Error, 'successCondition "result[0] <= 5" could not be evaluated on value []: index out of range: ...; the provider returned no data'
 *
 * @param value the measured value as stored in status; defaults to `formatResultValue(result)`.
 * @param now the time of the measurement (ms), what `now()` in a condition returns.
 */
export function assessMeasurement(
  metric: Pick<Metric, 'successCondition' | 'failureCondition'>,
  result: unknown,
  value: string = formatResultValue(result),
  now?: number,
): MeasurementAssessment {
  const success = metric.successCondition || undefined;
  const failure = metric.failureCondition || undefined;
  const shown = value.length > 200 ? `${value.slice(0, 199)}…` : value;
  let succeeded: boolean | undefined;
  let failed: boolean | undefined;
  if (success !== undefined) {
    const outcome = evaluate('successCondition', success, result, shown, now);
    if (!outcome.ok) return { phase: 'Error', message: boundMessage(outcome.message) };
    succeeded = outcome.value;
  }
  if (failure !== undefined) {
    const outcome = evaluate('failureCondition', failure, result, shown, now);
    if (!outcome.ok) return { phase: 'Error', message: boundMessage(outcome.message) };
    failed = outcome.value;
  }
  if (failed === true) {
    return { phase: 'Failed', message: boundMessage(`value ${shown} met failureCondition ${JSON.stringify(failure)}`) };
  }
  if (success !== undefined && succeeded === false) {
    if (failure === undefined) {
      return { phase: 'Failed', message: boundMessage(`value ${shown} failed successCondition ${JSON.stringify(success)}`) };
    }
    return {
      phase: 'Inconclusive',
      message: boundMessage(
        `value ${shown} met neither successCondition ${JSON.stringify(success)} nor failureCondition ${JSON.stringify(failure)}`,
      ),
    };
  }
  return { phase: 'Successful' };
}
