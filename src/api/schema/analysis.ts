// AnalysisTemplate, ClusterAnalysisTemplate and AnalysisRun: metrics, their arguments, and the
// results an AnalysisRun records in its status.
import { Type } from '@sinclair/typebox';
import { AnalysisPhase, Bool, Int, IntOrString, Obj, kindHeader, Opt, Str, StringMap, Timestamp } from './common.js';
import { MetricProvider } from './metric-providers.js';

/** An argument of a template or run: a value, or where to read it from. */
export const Argument = Obj({
  name: Str(),
  value: Opt(Str('The value; a template argument without one must be supplied by the caller.')),
  valueFrom: Opt(
    Obj({
      secretKeyRef: Opt(Obj({ name: Str(), key: Str() })),
      fieldRef: Opt(Obj({ fieldPath: Str() })),
    }),
  ),
});

/** Runs the named metric (or `*` for all) without letting it decide the run's phase. */
export const DryRun = Obj({ metricName: Str() });

/** Keeps the last `limit` measurements of the named metric (or `*`) instead of the default 10. */
export const MeasurementRetention = Obj({ metricName: Str(), limit: Int() });

export const AnalysisTemplateRef = Obj({ templateName: Str(), clusterScope: Opt(Bool()) });

export const Metric = Obj({
  name: Str(),
  interval: Opt(Str('Time between measurements (`30s`, `5m`); without it one measurement is taken.')),
  initialDelay: Opt(Str('Wait before the first measurement.')),
  // Limits and count are int-or-string in Argo so that `{{args.x}}` can fill them.
  count: Opt(IntOrString('Number of measurements; without count and interval, 1.')),
  successCondition: Opt(Str('Expression over `result` that marks a measurement Successful.')),
  failureCondition: Opt(Str('Expression over `result` that marks a measurement Failed.')),
  failureLimit: Opt(IntOrString('Failed measurements tolerated before the metric fails (default 0).')),
  inconclusiveLimit: Opt(IntOrString('Inconclusive measurements tolerated (default 0).')),
  consecutiveErrorLimit: Opt(IntOrString('Errors in a row tolerated before the metric errors (default 4).')),
  consecutiveSuccessLimit: Opt(IntOrString('Successes in a row after which the metric succeeds early.')),
  provider: MetricProvider,
});

export const AnalysisTemplateSpec = Obj({
  metrics: Opt(Type.Array(Metric)),
  args: Opt(Type.Array(Argument)),
  dryRun: Opt(Type.Array(DryRun)),
  measurementRetention: Opt(Type.Array(MeasurementRetention)),
  templates: Opt(Type.Array(AnalysisTemplateRef, { description: 'Other templates whose metrics are included.' })),
});

export const AnalysisTemplate = Obj({
  ...kindHeader('AnalysisTemplate'),
  spec: AnalysisTemplateSpec,
});

/** Same spec as an AnalysisTemplate, cluster-scoped (`clusterScope: true` in references). */
export const ClusterAnalysisTemplate = Obj({
  ...kindHeader('ClusterAnalysisTemplate'),
  spec: AnalysisTemplateSpec,
});

export const AnalysisRunSpec = Obj({
  metrics: Type.Array(Metric),
  args: Opt(Type.Array(Argument)),
  terminate: Opt(Bool('Stops the run early; set when the Rollout no longer needs it.')),
  dryRun: Opt(Type.Array(DryRun)),
  measurementRetention: Opt(Type.Array(MeasurementRetention)),
  ttlStrategy: Opt(
    Obj({
      secondsAfterCompletion: Opt(Int()),
      secondsAfterFailure: Opt(Int()),
      secondsAfterSuccess: Opt(Int()),
    }),
  ),
});

export const Measurement = Obj({
  phase: AnalysisPhase,
  message: Opt(Str()),
  startedAt: Opt(Timestamp()),
  finishedAt: Opt(Timestamp()),
  value: Opt(Str('The measured value as text, e.g. `[0.97]`.')),
  metadata: Opt(StringMap('Provider details, e.g. the Job name.')),
  resumeAt: Opt(Timestamp('When a measurement still in progress is looked at again.')),
});

const Counts = {
  count: Opt(Int('Measurements without error: successful + failed + inconclusive.')),
  successful: Opt(Int()),
  failed: Opt(Int()),
  inconclusive: Opt(Int()),
  error: Opt(Int()),
};

export const MetricResult = Obj({
  name: Str(),
  phase: AnalysisPhase,
  measurements: Opt(Type.Array(Measurement)),
  message: Opt(Str()),
  ...Counts,
  consecutiveError: Opt(Int()),
  consecutiveSuccess: Opt(Int()),
  dryRun: Opt(Bool()),
  metadata: Opt(StringMap('Resolved provider details, e.g. the query after argument substitution.')),
});

export const RunSummary = Obj(Counts);

export const AnalysisRunStatus = Obj({
  phase: Opt(AnalysisPhase),
  message: Opt(Str()),
  metricResults: Opt(Type.Array(MetricResult)),
  startedAt: Opt(Timestamp()),
  completedAt: Opt(Timestamp()),
  runSummary: Opt(RunSummary),
  dryRunSummary: Opt(RunSummary),
});

export const AnalysisRun = Obj({
  ...kindHeader('AnalysisRun'),
  spec: AnalysisRunSpec,
  status: Opt(AnalysisRunStatus),
});
