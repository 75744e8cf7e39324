// Recording a measurement a provider returned: append it (or replace the one it resumed), count
// it, keep only the retained history, bound its texts, then re-assess the run.
import type { AnalysisRun, AnalysisRunSpec, AnalysisRunStatus, Measurement, MetricResult } from '../../api/types.js';
import { redactSecrets } from './args.js';
import { assessRun } from './assess-run.js';
import { boundMessage, boundValue, METRIC_TERMINATED_MESSAGE } from './messages.js';
import { isDryRunMetric, retentionLimitOf } from './metric-selectors.js';
import { isCompletedPhase } from './phases.js';
import { prepareRunSpec } from './run-spec.js';
import { formatTimestamp } from '../../api/timestamp.js';

/** How soon an in-flight measurement without a `resumeAt` is looked at again. */
export const RESUME_POLL_INTERVAL_MS = 10_000;

/** A measurement returned by a provider for one metric. */
export interface TakenMeasurement {
  readonly metricName: string;
  readonly measurement: Measurement;
  /** Provider details for the metric result (e.g. the query with args substituted, never secrets). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** `terminate` when the provider stopped an in-flight measurement: it is kept but not counted. */
  readonly kind?: 'start' | 'resume' | 'terminate';
  /** Secret values used by the query: replaced by `*****` in message, value and metadata, never stored. */
  readonly redact?: readonly string[];
}

const COUNTERS = ['count', 'successful', 'failed', 'inconclusive', 'error', 'consecutiveError', 'consecutiveSuccess'] as const;
type Counter = (typeof COUNTERS)[number];

function bounded(measurement: Measurement, now: number, secrets: readonly string[]): Measurement {
  const m: Measurement = { ...measurement, startedAt: measurement.startedAt ?? formatTimestamp(now) };
  if (isCompletedPhase(m.phase)) m.finishedAt ??= formatTimestamp(now);
  else m.resumeAt ??= formatTimestamp(now + RESUME_POLL_INTERVAL_MS);
  if (m.message !== undefined) m.message = boundMessage(redactSecrets(m.message, secrets));
  if (m.value !== undefined) m.value = boundValue(redactSecrets(m.value, secrets));
  if (m.metadata !== undefined) m.metadata = redactedMap(m.metadata, secrets);
  return m;
}

function redactedMap(map: Readonly<Record<string, string>>, secrets: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, boundValue(redactSecrets(v, secrets))]));
}

/** Counters after one measurement (Argo's runMeasurements; an Error also ends a success streak). */
function counted(result: MetricResult, phase: Measurement['phase']): MetricResult {
  const c: Record<Counter, number> = Object.fromEntries(COUNTERS.map((k) => [k, result[k] ?? 0])) as Record<Counter, number>;
  if (phase === 'Successful' || phase === 'Failed' || phase === 'Inconclusive') {
    c.count++;
    c[phase === 'Successful' ? 'successful' : phase === 'Failed' ? 'failed' : 'inconclusive']++;
    c.consecutiveError = 0;
    c.consecutiveSuccess = phase === 'Successful' ? c.consecutiveSuccess + 1 : 0;
  } else if (phase === 'Error') {
    c.error++;
    c.consecutiveError++;
    c.consecutiveSuccess = 0;
  }
  const out: MetricResult = { ...result };
  // Zero counters are left out, as Argo's `omitempty` writes them.
  for (const k of COUNTERS) {
    if (c[k] === 0) delete out[k];
    else out[k] = c[k];
  }
  return out;
}

/**
 * Records a measurement in a status without re-assessing: fills startedAt (and finishedAt when
 * finished, or resumeAt 10 s ahead when still in flight), redacts the given secret values, bounds
 * message and value (1024 and 4096 characters), replaces the
 * metric's in-flight measurement or appends, counts a finished one, and keeps the last
 * `measurementRetention` measurements (default 10). A `terminate` result that is not an Error or
 * a Failure (the provider stopped it, or could not) is recorded Inconclusive with the message
 * `Metric Terminated: ...` and counted as inconclusive: nothing was measured. A metric the spec does not name is ignored.
 */
export function recordMeasurement(
  spec: Pick<AnalysisRunSpec, 'metrics' | 'dryRun' | 'measurementRetention'>,
  status: AnalysisRunStatus,
  taken: TakenMeasurement,
  now: number,
): AnalysisRunStatus {
  const { metricName } = taken;
  if (!spec.metrics.some((m) => m.name === metricName)) return status;
  const results = status.metricResults ?? [];
  const existing = results.find((r) => r.name === metricName);
  const fresh: MetricResult = { name: metricName, phase: 'Running' };
  if (isDryRunMetric(spec, metricName)) fresh.dryRun = true;
  const base = existing ?? fresh;
  // A measurement stopped before it finished measured nothing: Inconclusive, never a success.
  const stopped = taken.kind === 'terminate' && (taken.measurement.phase === 'Successful' || !isCompletedPhase(taken.measurement.phase));
  const measurement = bounded(
    stopped ? { ...taken.measurement, phase: 'Inconclusive', message: METRIC_TERMINATED_MESSAGE } : taken.measurement,
    now,
    taken.redact ?? [],
  );
  const before = base.measurements ?? [];
  const last = before[before.length - 1];
  const inFlight = last !== undefined && (last.finishedAt === undefined || !isCompletedPhase(last.phase));
  const all = inFlight ? [...before.slice(0, -1), measurement] : [...before, measurement];
  const limit = retentionLimitOf(spec, metricName);
  let result: MetricResult = { ...base, measurements: all.slice(Math.max(0, all.length - limit)) };
  if (taken.metadata !== undefined && result.metadata === undefined) result.metadata = redactedMap(taken.metadata, taken.redact ?? []);
  if (isCompletedPhase(measurement.phase)) result = counted(result, measurement.phase);
  const metricResults = existing ? results.map((r) => (r.name === metricName ? result : r)) : [...results, result];
  return { ...status, metricResults };
}

/**
 * Records a measurement (see `recordMeasurement`) and re-assesses every metric and the run, so
 * the returned status carries the new phases, message and summaries. A completed run only
 * records it (a terminated measurement arrives after the run ended); a run whose spec cannot be
 * prepared is returned unchanged.
 *
 *   run Running, metric "errors" (successCondition 'result[0] <= 5'), a Failed measurement
 *     -> errors Failed (failed 1), run Failed, message 'Metric "errors" assessed Failed due to failed (1) > failureLimit (0): ...'
 */
export function applyMeasurement(
  run: Pick<AnalysisRun, 'spec' | 'status'>,
  metricName: string,
  measurement: Measurement,
  now: number,
  options: Pick<TakenMeasurement, 'metadata' | 'kind' | 'redact'> = {},
): AnalysisRunStatus {
  const status = run.status ?? {};
  const prepared = prepareRunSpec(run.spec);
  if (!prepared.ok) return status;
  const recorded = recordMeasurement(prepared.spec, status, { metricName, measurement, ...options }, now);
  if (isCompletedPhase(status.phase)) return recorded;
  const assessed = assessRun(prepared.spec, recorded);
  return isCompletedPhase(assessed.phase) && assessed.completedAt === undefined
    ? { ...assessed, completedAt: formatTimestamp(now) }
    : assessed;
}
