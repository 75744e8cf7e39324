// The phase, message and summaries of a whole AnalysisRun from its metrics (Argo's
// assessRunStatus): the run is its worst non-dry-run metric, once every metric has finished or
// the run is stopping.
import type { AnalysisPhase, AnalysisRunSpec, AnalysisRunStatus, Metric, MetricResult, RunSummary } from '../../api/types.js';
import { assessMetric, type MetricAssessment } from './assess-metric.js';
import { boundMessage, metricAssessedMessage, RUN_TERMINATED_MESSAGE } from './messages.js';
import { isDryRunMetric } from './metric-selectors.js';
import { isCompletedPhase, phaseRank } from './phases.js';

type RunSpecForAssessment = Pick<AnalysisRunSpec, 'metrics' | 'dryRun' | 'terminate'>;

const STOPPING_PHASES: ReadonlySet<AnalysisPhase> = new Set(['Failed', 'Error', 'Inconclusive']);

/**
 * Whether the run is stopping: `spec.terminate`, or a non-dry-run metric already Failed, Error
 * or Inconclusive (Argo's IsTerminating). A stopping run takes no new measurements.
 */
export function isTerminating(spec: Pick<AnalysisRunSpec, 'terminate'>, results: readonly MetricResult[]): boolean {
  return spec.terminate === true || results.some((r) => r.dryRun !== true && STOPPING_PHASES.has(r.phase));
}

interface Assessed {
  readonly metric: Metric;
  readonly dryRun: boolean;
  readonly result: MetricResult | undefined;
  readonly assessment: MetricAssessment;
}

function assessAll(spec: RunSpecForAssessment, results: readonly MetricResult[], terminating: boolean): Assessed[] {
  return spec.metrics.map((metric) => {
    const dryRun = isDryRunMetric(spec, metric.name);
    const before = results.find((r) => r.name === metric.name);
    const assessment = assessMetric(metric, before, { terminating, dryRun });
    if (before === undefined) return { metric, dryRun, result: undefined, assessment };
    let message = before.message;
    if (before.phase !== assessment.phase) {
      const measurements = before.measurements ?? [];
      message = measurements[measurements.length - 1]?.message;
    }
    // Argo keeps a dry-run metric's verdict in its own result, since it never reaches the run message.
    if (dryRun && assessment.message !== undefined) message = assessment.message;
    const result: MetricResult = { ...before, phase: assessment.phase, message: message === undefined ? undefined : boundMessage(message) };
    if (result.message === undefined) delete result.message;
    return { metric, dryRun, result, assessment };
  });
}

/** Counts without zeros, as Argo's `omitempty` writes them. */
function summary(entries: readonly Assessed[]): RunSummary {
  const out: Record<string, number> = { count: entries.length };
  for (const e of entries) {
    if (e.result === undefined || !isCompletedPhase(e.assessment.phase)) continue;
    const key = e.assessment.phase === 'Successful' ? 'successful' : e.assessment.phase.toLowerCase();
    out[key] = (out[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).filter(([, n]) => n !== 0)) as RunSummary;
}

interface RunVerdict {
  readonly phase: AnalysisPhase;
  readonly message: string;
}

function runVerdict(spec: RunSpecForAssessment, assessed: readonly Assessed[], terminating: boolean): RunVerdict {
  let worst: AnalysisPhase | undefined;
  let message = spec.terminate === true ? RUN_TERMINATED_MESSAGE : '';
  let everythingCompleted = true;
  for (const { metric, dryRun, result, assessment } of assessed) {
    if (result === undefined || !isCompletedPhase(assessment.phase)) {
      everythingCompleted = false;
      continue;
    }
    if (dryRun) {
      worst ??= 'Successful';
      continue;
    }
    if (worst === undefined || phaseRank(assessment.phase) > phaseRank(worst)) {
      worst = assessment.phase;
      if (assessment.reason !== undefined) {
        message = metricAssessedMessage(metric.name, assessment.phase, assessment.reason, result.message);
      }
    }
  }
  if (terminating) return { phase: worst ?? 'Successful', message };
  if (!everythingCompleted || worst === undefined) return { phase: 'Running', message: '' };
  return { phase: worst, message };
}

/**
 * Re-assesses every metric and the run. Metric phases follow `assessMetric`; when a metric
 * newly stops the run (Failed, Error, Inconclusive), the others are assessed again as stopping,
 * so the run ends in this pass rather than the next. The run is then: while stopping, its worst
 * completed non-dry-run metric (Successful when none); otherwise Running until every metric has
 * completed, then the worst non-dry-run metric (Successful when all are dry runs). The message
 * changes only with the phase: the worst metric's `Metric "x" assessed ... due to ...`, or
 * `Run Terminated`. `runSummary` and `dryRunSummary` count metrics by completed phase.
 *
 *   metrics a Successful, b Failed (failed 1 > 0)        -> Failed, 'Metric "b" assessed Failed due to failed (1) > failureLimit (0)'
 *   a Successful, b Running                             -> Running
 *   a Successful, b dry run Failed                      -> Successful, dryRunSummary { count 1, failed 1 }
 *   terminate before any measurement                    -> Successful, 'Run Terminated'
 */
export function assessRun(spec: RunSpecForAssessment, status: AnalysisRunStatus): AnalysisRunStatus {
  const results = status.metricResults ?? [];
  let terminating = isTerminating(spec, results);
  let assessed = assessAll(spec, results, terminating);
  if (!terminating && isTerminating(spec, assessed.flatMap((a) => a.result ?? []))) {
    terminating = true;
    assessed = assessAll(spec, results, terminating);
  }
  const verdict = runVerdict(spec, assessed, terminating);
  const byName = new Map(assessed.flatMap((a) => (a.result ? [[a.metric.name, a.result] as const] : [])));
  const next: AnalysisRunStatus = {
    ...status,
    phase: verdict.phase,
    ...(status.metricResults === undefined ? {} : { metricResults: results.map((r) => byName.get(r.name) ?? r) }),
    runSummary: summary(assessed.filter((a) => !a.dryRun)),
    dryRunSummary: summary(assessed.filter((a) => a.dryRun)),
  };
  if (status.phase !== verdict.phase) {
    if (verdict.message === '') delete next.message;
    else next.message = boundMessage(verdict.message);
  }
  return next;
}
