// When each metric is measured next (Argo's generateMetricTasks and calculateNextReconcileTime,
// as one function so the decision to measure and the time to look again cannot disagree).
import type { Metric, MetricResult } from '../../api/types.js';
import { parseDuration } from '../duration.js';
import { metricLimits } from './limits.js';
import { isCompletedPhase } from './phases.js';
import { parseTimestamp } from '../../api/timestamp.js';

/** Retry delay after an errored measurement, or between measurements when no interval is set (Argo's DefaultErrorRetryInterval). */
export const ERROR_RETRY_INTERVAL_MS = 10_000;

/** When a measurement is next due, and whether it starts a new one or resumes one in flight. */
export interface NextMeasurement {
  readonly at: number;
  readonly kind: 'start' | 'resume';
}

function durationMs(text: string | undefined | null): number | undefined {
  if (text === undefined || text === null || text === '') return 0; // null: an absent field
  const parsed = parseDuration(text);
  return parsed.ok ? parsed.ms : undefined;
}

/**
 * When the metric should next be measured, or `undefined` when it is done (completed phase,
 * `count` reached) or cannot be scheduled (an unreadable duration, which validation reports).
 * A measurement is due when `now >= at`.
 *
 * - in flight (no finishedAt): resume at its `resumeAt`, or now when it has none;
 * - never measured: at runStartedAt + initialDelay (runStartedAt defaults to now);
 * - count reached: done;
 * - otherwise: last finishedAt + interval, or + 10 s after an Error (or with no interval).
 *
 *   interval 1m, last finished 10:00:00                 -> start at 10:01:00
 *   initialDelay 5m, no measurement, run started 10:00  -> start at 10:05:00
 *   count 3 with 3 counted                              -> undefined
 *   last measurement Running, resumeAt 10:00:30         -> resume at 10:00:30
 */
export function nextMeasurementAt(
  metric: Metric,
  metricResult: MetricResult | undefined,
  runStartedAt: number | undefined,
  now: number,
): NextMeasurement | undefined {
  if (metricResult !== undefined && isCompletedPhase(metricResult.phase)) return undefined;
  const measurements = metricResult?.measurements ?? [];
  const last = measurements[measurements.length - 1];
  if (last === undefined) {
    const delay = durationMs(metric.initialDelay);
    return delay === undefined ? undefined : { at: (runStartedAt ?? now) + delay, kind: 'start' };
  }
  const finishedAt = parseTimestamp(last.finishedAt);
  if (last.finishedAt === undefined || !isCompletedPhase(last.phase)) {
    return { at: parseTimestamp(last.resumeAt) ?? now, kind: 'resume' };
  }
  const { count } = metricLimits(metric);
  if (count !== undefined && (metricResult?.count ?? 0) >= count) return undefined;
  const interval = last.phase === 'Error' || !metric.interval ? ERROR_RETRY_INTERVAL_MS : durationMs(metric.interval);
  if (interval === undefined) return undefined;
  return { at: (finishedAt ?? now) + interval, kind: 'start' };
}

/** The earliest of several next times, or `undefined` when there are none. */
export function earliest(times: readonly (number | undefined)[]): number | undefined {
  let min: number | undefined;
  for (const t of times) if (t !== undefined && (min === undefined || t < min)) min = t;
  return min;
}
