// The AnalysisRun reconciler's decision as a value: which metrics to measure or stop now, the
// status to write, the events to emit and when to look again. The I/O layer calls providers.
import { withoutMalformedFields } from '../../api/schema-validate.js';
import { AnalysisRunStatus as AnalysisRunStatusSchema } from '../../api/schema/analysis.js';
import type { AnalysisRun, AnalysisRunStatus } from '../../api/types.js';
import { recordMeasurement, type TakenMeasurement } from './apply-measurement.js';
import { assessRun } from './assess-run.js';
import { analysisEvents, type AnalysisEvent } from './events.js';
import { boundMessage } from './messages.js';
import { isCompletedPhase } from './phases.js';
import { prepareRunSpec } from './run-spec.js';
import { earliest, nextMeasurementAt } from './schedule.js';
import { statusEqual } from './status-equal.js';
import { formatTimestamp, parseTimestamp } from '../../api/timestamp.js';

/** One metric to measure now: a new measurement, or the resumption of one in flight. */
export interface MeasureTask {
  readonly metricName: string;
  readonly kind: 'start' | 'resume';
}

export interface AnalysisPlan {
  /** Metrics to measure now (provider `run` for start, `resume` for resume). */
  readonly measure: readonly MeasureTask[];
  /** Metrics whose in-flight measurement must be stopped now (provider `terminate`). */
  readonly terminateMeasurements: readonly string[];
  /** The status to write; equal to the current one when nothing changed. */
  readonly status: AnalysisRunStatus;
  /** Whether `status` differs from the run's: write only then. */
  readonly changed: boolean;
  /** When something is next due (ms); absent once the run has completed. */
  readonly nextCheckAt?: number;
  readonly events: readonly AnalysisEvent[];
  /** Status fields of the wrong shape that were dropped (and will be rewritten): log them. */
  readonly warnings?: readonly string[];
}

function withCompletion(status: AnalysisRunStatus, now: number): AnalysisRunStatus {
  return isCompletedPhase(status.phase) && status.completedAt === undefined ? { ...status, completedAt: formatTimestamp(now) } : status;
}

function finish(before: AnalysisRunStatus, status: AnalysisRunStatus, rest: Omit<AnalysisPlan, 'status' | 'changed' | 'events'>): AnalysisPlan {
  const changed = !statusEqual(before, status);
  return { ...rest, status: changed ? status : before, changed, events: analysisEvents(before, status) };
}

/**
 * Plans one reconcile of an AnalysisRun at `now` (ms). A completed run is left as it is. A spec
 * that cannot run (unresolved args, invalid metrics, a dryRun or measurementRetention rule that
 * selects nothing) ends the run in Error with Argo's message. Otherwise: `startedAt` is set on
 * the first plan (Pending -> Running); `taken` measurements are recorded; every metric and the
 * run are assessed (`assessRun`); a completed run gets `completedAt` and its in-flight
 * measurements are to be terminated; a running run measures every metric that is due
 * (`nextMeasurementAt(...).at <= now`), and is looked at again at the earliest next time.
 *
 * The I/O layer plans, runs the listed tasks, and plans again with every measurement taken so
 * far as `taken` (the same `run` and `now`), until a plan lists no task: that plan's status,
 * events and nextCheckAt are the ones to use. A metric with a measurement in `taken` is not
 * listed again (nor terminated again), so this ends after at most one round per metric. Planning
 * an unchanged run again at the same time returns the same status with `changed: false`.
 *
 *   new run, metric interval 1m             -> measure [{latency, start}], status Running, startedAt now
 *   same run, taken [latency Successful]    -> measure [], nextCheckAt now + 1m
 *   spec.terminate, latency in flight       -> terminateMeasurements ['latency'], status Successful, 'Run Terminated'
 */
export function planAnalysisRun(
  run: Pick<AnalysisRun, 'spec' | 'status'>,
  now: number,
  taken: readonly TakenMeasurement[] = [],
  /** Metrics whose in-flight measurement is known to have finished (its Job completed): resume them now, not at resumeAt. */
  resumeNow: ReadonlySet<string> = new Set(),
): AnalysisPlan {
  // A status field of the wrong shape is treated as absent, never trusted, and the status is
  // written again without it.
  const { value, dropped } = withoutMalformedFields(AnalysisRunStatusSchema as unknown as Record<string, unknown>, run.status, 'status');
  const plan = planWellFormed({ spec: run.spec, status: value as AnalysisRunStatus }, now, taken, resumeNow);
  return dropped.length === 0 ? plan : { ...plan, changed: true, warnings: [`malformed status fields ignored and rebuilt: ${dropped.join('; ')}`] };
}

function planWellFormed(
  run: Pick<AnalysisRun, 'spec' | 'status'>,
  now: number,
  taken: readonly TakenMeasurement[],
  resumeNow: ReadonlySet<string>,
): AnalysisPlan {
  const before = run.status ?? {};
  if (isCompletedPhase(before.phase)) return { measure: [], terminateMeasurements: [], status: before, changed: false, events: [] };
  const startedAt = before.startedAt ?? formatTimestamp(now);
  const prepared = prepareRunSpec(run.spec);
  if (!prepared.ok) {
    const failed = withCompletion({ ...before, phase: 'Error', message: boundMessage(prepared.message), startedAt }, now);
    return finish(before, failed, { measure: [], terminateMeasurements: [] });
  }
  const spec = prepared.spec;
  let status: AnalysisRunStatus = { ...before, startedAt };
  for (const t of taken) status = recordMeasurement(spec, status, t, now);
  status = withCompletion(assessRun(spec, status), now);
  const results = status.metricResults ?? [];
  if (isCompletedPhase(status.phase)) {
    const inFlight = results.filter((r) => {
      const last = r.measurements?.[r.measurements.length - 1];
      return last !== undefined && (last.finishedAt === undefined || !isCompletedPhase(last.phase));
    });
    const stopped = new Set(taken.filter((t) => t.kind === 'terminate').map((t) => t.metricName));
    return finish(before, status, { measure: [], terminateMeasurements: inFlight.map((r) => r.name).filter((n) => !stopped.has(n)) });
  }
  const startedMs = parseTimestamp(startedAt) ?? now;
  const next = spec.metrics.map((metric) => ({
    metricName: metric.name,
    due: nextMeasurementAt(metric, results.find((r) => r.name === metric.name), startedMs, now),
  }));
  const measured = new Set(taken.filter((t) => t.kind !== 'terminate').map((t) => t.metricName));
  const measure = next.flatMap(({ metricName, due }) =>
    due !== undefined && (due.at <= now || (due.kind === 'resume' && resumeNow.has(metricName))) && !measured.has(metricName)
      ? [{ metricName, kind: due.kind }] : [],
  );
  const nextCheckAt = earliest(next.map(({ due }) => due?.at));
  return finish(before, status, { measure, terminateMeasurements: [], ...(nextCheckAt === undefined ? {} : { nextCheckAt }) });
}
