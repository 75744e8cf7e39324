// The pure analysis engine: how AnalysisRun measurements, metrics and runs are judged and
// scheduled, how templates and args become a run spec. No I/O, no clock: time is an argument.

/** Verdict of one provider result against successCondition/failureCondition. */
export { assessMeasurement, formatResultValue, type MeasurementAssessment, type MeasurementVerdict } from './assess-measurement.js';
/** Phase of one metric from its counters and limits. */
export { assessMetric, limitVerdict, type AssessMetricOptions, type MetricAssessment } from './assess-metric.js';
/** Phase, message and summaries of a run from its metrics. */
export { assessRun, isTerminating } from './assess-run.js';
/** When each metric is measured next. */
export { nextMeasurementAt, earliest, ERROR_RETRY_INTERVAL_MS, type NextMeasurement } from './schedule.js';
/** Recording provider measurements into status. */
export { applyMeasurement, recordMeasurement, RESUME_POLL_INTERVAL_MS, type TakenMeasurement } from './apply-measurement.js';
/** One reconcile of an AnalysisRun as a plan. */
export { planAnalysisRun, type AnalysisPlan, type MeasureTask } from './plan-analysis-run.js';
/** Args: merging, substitution, secrets. */
export {
  resolveArgs,
  substituteArgs,
  valuesWithoutSecrets,
  redactSecrets,
  REDACTED,
  type ResolvedArgs,
  type SecretArgRef,
  type FieldArgRef,
  type Substituted,
} from './args.js';
/** Templates into one run spec. */
export { mergeTemplates, type MergeTemplatesOptions, type MergedTemplates } from './merge-templates.js';
/** The run spec with args substituted and checked. */
export { prepareRunSpec, type PreparedRunSpec } from './run-spec.js';
/** dryRun and measurementRetention rules. */
export { selectsMetric, isDryRunMetric, retentionLimitOf, unmatchedSelectorProblems } from './metric-selectors.js';
/** A metric's limits as numbers. */
export { metricLimits, limitProblems, intOf, type MetricLimits } from './limits.js';
/** Phase order. */
export { PHASE_ORDER, isCompletedPhase, phaseRank, worstPhase } from './phases.js';
/** Events from status changes. */
export { analysisEvents, type AnalysisEvent, type AnalysisEventReason } from './events.js';
/** Texts and their bounds. */
export {
  MAX_MESSAGE_LENGTH,
  MAX_VALUE_LENGTH,
  truncateText,
  metricAssessedMessage,
  RUN_TERMINATED_MESSAGE,
  METRIC_TERMINATED_MESSAGE,
} from './messages.js';
/** Timestamps and status comparison. */
export { statusEqual } from './status-equal.js';
export { runExpired, runExpiresAt } from './ttl.js';
