// A metric's limits as numbers. They are int-or-string in the API so that `{{args.x}}` can fill
// them; by the time the engine reads them the placeholders are substituted.
import { DEFAULT_CONSECUTIVE_ERROR_LIMIT, DEFAULT_FAILURE_LIMIT, DEFAULT_INCONCLUSIVE_LIMIT, effectiveCountOf } from '../../api/defaults.js';
import type { IntOrString, Metric } from '../../api/types.js';

/** The numbers that decide a metric's phase. `-1` disables failureLimit, inconclusiveLimit and consecutiveErrorLimit. */
export interface MetricLimits {
  readonly failureLimit: number;
  readonly inconclusiveLimit: number;
  readonly consecutiveErrorLimit: number;
  /** 0 when unset: disabled. */
  readonly consecutiveSuccessLimit: number;
  /** Measurements to take, or `undefined` for "until stopped". */
  readonly count: number | undefined;
}

/** An int-or-string as an integer; `fallback` when unset or not an integer. */
export function intOf(value: IntOrString | undefined, fallback: number): number {
  if (typeof value === 'number') return Number.isInteger(value) ? value : fallback;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return fallback;
}

/**
 * The limits of a metric with Argo's defaults: failureLimit 0, inconclusiveLimit 0,
 * consecutiveErrorLimit 4, consecutiveSuccessLimit 0 (off); count 1 without interval, unbounded
 * with an interval only.
 */
export function metricLimits(metric: Metric): MetricLimits {
  return {
    failureLimit: intOf(metric.failureLimit, DEFAULT_FAILURE_LIMIT),
    inconclusiveLimit: intOf(metric.inconclusiveLimit, DEFAULT_INCONCLUSIVE_LIMIT),
    consecutiveErrorLimit: intOf(metric.consecutiveErrorLimit, DEFAULT_CONSECUTIVE_ERROR_LIMIT),
    consecutiveSuccessLimit: intOf(metric.consecutiveSuccessLimit, 0),
    count: effectiveCountOf(metric),
  };
}

/**
 * Limit combinations that leave a metric without a way to end (Argo 1.8's ValidateMetric): at
 * least one of failureLimit (>= 0) and consecutiveSuccessLimit (> 0) must apply.
 */
export function limitProblems(metric: Metric): string[] {
  const limits = metricLimits(metric);
  const out: string[] = [];
  if (limits.consecutiveSuccessLimit < 0) out.push(`consecutiveSuccessLimit must be >= 0, got ${limits.consecutiveSuccessLimit}`);
  if (limits.failureLimit < 0 && limits.consecutiveSuccessLimit <= 0) {
    out.push('failureLimit is disabled (-1), so consecutiveSuccessLimit must be above 0');
  }
  if (limits.count !== undefined && limits.consecutiveSuccessLimit > limits.count) {
    out.push(`consecutiveSuccessLimit (${limits.consecutiveSuccessLimit}) must not exceed count (${limits.count})`);
  }
  return out;
}
