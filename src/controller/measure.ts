// The I/O of one measurement: args (secrets included) substituted into the metric, the provider
// called with a time bound, its result judged by the engine, and the TakenMeasurement the plan
// records. Secret values only ever reach the provider; everything returned carries `redact`.
import { formatTimestamp } from '../api/timestamp.js';
import type { KubeAccess } from '../kube/kubeconfig.js';
import type { Measurement, Metric, MetricResult } from '../api/types.js';
import { assessMeasurement, formatResultValue, redactSecrets, substituteArgs, type MeasureTask, type TakenMeasurement } from '../engine/analysis/index.js';
import { measurementIndexOf, providerFor, toMeasurement } from '../providers/index.js';
import type { MetricProvider, ProviderContext, ProviderLogger, ProviderResult, ProviderRun } from '../providers/provider.js';
import { messageOf } from '../providers/result.js';

/** How long one provider call may take when the metric sets no longer timeout of its own. */
export const DEFAULT_MEASURE_TIMEOUT_MS = 60_000;

/** The run's arg values for substitution (secret values included), or why they could not be read. */
export type MeasureArgs =
  | { readonly ok: true; readonly values: Readonly<Record<string, string>>; readonly redact: readonly string[] }
  | { readonly ok: false; readonly message: string };

export interface MeasureDeps {
  readonly run: ProviderRun;
  readonly kube?: KubeAccess;
  readonly logger: ProviderLogger;
  readonly now: () => number;
  /** Aborted when the controller stops: in-flight calls end at once. */
  readonly signal?: AbortSignal;
  /** Bound of one provider call (default 60 s, longer when the metric's own timeout is). */
  readonly timeoutMs?: number;
  /** The provider registry; tests pass fakes. */
  readonly providerFor?: typeof providerFor;
}

function lastOf(result: MetricResult | undefined): Measurement | undefined {
  const all = result?.measurements ?? [];
  return all[all.length - 1];
}

function errorMeasurement(startedAt: string, message: string, now: number): Measurement {
  return { phase: 'Error', message, startedAt, finishedAt: formatTimestamp(now) };
}

/** The metric's own timeout (prometheus `timeout`, web `timeoutSeconds`, newRelic `timeout`) plus 5 s, when above the default. */
export function measureTimeoutMs(metric: Metric, fallback = DEFAULT_MEASURE_TIMEOUT_MS): number {
  const own = metric.provider.prometheus?.timeout ?? metric.provider.web?.timeoutSeconds ?? metric.provider.newRelic?.timeout;
  return typeof own === 'number' && own > 0 ? Math.max(fallback, own * 1000 + 5000) : fallback;
}

/**
 * The measurement to record from a provider result. A phase the provider set (Running, Error, a
 * finished Job) stands. An empty result with a no-data policy other than `Condition` takes the
 * policy's phase (`Retry` is recorded as an Error, so `consecutiveErrorLimit` bounds it).
 * Otherwise the engine judges `result`: a failed measurement's message names the value and the
 * condition, after the provider's own message (the no-data hint) when there is one.
 *
 *   result [16.31], successCondition 'result[0] <= 5' -> Failed, 'value [16.31] failed successCondition "result[0] <= 5"'
 *   noData {policy: Inconclusive}                    -> Inconclusive, the provider's no-data message
 */
export function measurementFrom(metric: Metric, r: ProviderResult, now?: number): Measurement {
  if (r.phase !== undefined) return toMeasurement(r, r.phase);
  const value = r.value ?? formatResultValue(r.result);
  if (r.noData !== undefined && r.noData.policy !== 'Condition') {
    return toMeasurement({ ...r, value }, r.noData.policy === 'Retry' ? 'Error' : r.noData.policy);
  }
  const verdict = assessMeasurement(metric, r.result, value, now);
  const message = [r.message, verdict.message].filter((m) => m !== undefined && m !== '').join('; ');
  const { message: _dropped, ...rest } = r;
  return toMeasurement({ ...rest, value, ...(message ? { message } : {}) }, verdict.phase);
}

/** Metric-level details Argo keeps (`ResolvedPrometheusQuery`); secrets are redacted when recorded. */
function metricMetadataOf(metric: Metric): Record<string, string> | undefined {
  const query = metric.provider.prometheus?.query;
  return query ? { ResolvedPrometheusQuery: query } : undefined;
}

/** Calls the provider with a signal that aborts on shutdown or after `ms`; never rejects, never outlives `ms`. */
async function callBounded(
  deps: MeasureDeps,
  ms: number,
  outer: AbortSignal | undefined,
  call: (ctx: ProviderContext) => Promise<ProviderResult>,
  extra: Partial<ProviderContext>,
): Promise<ProviderResult> {
  const startedAt = formatTimestamp(deps.now());
  const own = new AbortController();
  const signal = outer ? AbortSignal.any([outer, own.signal]) : own.signal;
  const ctx: ProviderContext = { run: deps.run, signal, now: deps.now, logger: deps.logger, ...(deps.kube ? { kube: deps.kube } : {}), ...extra };
  const timer = setTimeout(() => own.abort(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), ms);
  // Never waits on a provider that ignores its signal: the abort itself ends the measurement.
  let end: (() => void) | undefined;
  const stopped = new Promise<ProviderResult>((resolve) => {
    end = () => resolve({
      phase: 'Error', startedAt, finishedAt: formatTimestamp(deps.now()),
      message: own.signal.aborted ? `measurement timed out after ${ms / 1000}s: the metric provider did not answer` : 'measurement aborted',
    });
    if (signal.aborted) end();
    else signal.addEventListener('abort', end, { once: true });
  });
  const work = Promise.resolve()
    .then(() => call(ctx))
    .catch((err: unknown): ProviderResult => ({ phase: 'Error', startedAt, finishedAt: formatTimestamp(deps.now()), message: `metric provider failed: ${messageOf(err)}` }));
  try {
    return await Promise.race([work, stopped]);
  } finally {
    clearTimeout(timer);
    if (end) signal.removeEventListener('abort', end);
  }
}

type Prepared = { ok: true; metric: Metric; provider: MetricProvider; name: string; redact: readonly string[] } | { ok: false; message: string; redact: readonly string[] };

function prepare(deps: MeasureDeps, metric: Metric, args: MeasureArgs): Prepared {
  const redact = args.ok ? args.redact : [];
  if (!args.ok) return { ok: false, message: args.message, redact };
  const substituted = substituteArgs(metric, args.values);
  if (substituted.unknown.length > 0) {
    return { ok: false, message: `Unable to resolve metric arguments: ${substituted.unknown.map((n) => `failed to resolve {{args.${n}}}`).join('; ')}`, redact };
  }
  const found = (deps.providerFor ?? providerFor)(substituted.value.provider);
  if (!found.ok) return { ok: false, message: found.message, redact };
  return { ok: true, metric: substituted.value, provider: found.provider, name: found.name, redact };
}

/**
 * Takes (`start`) or continues (`resume`) one measurement of `metric` (as written in the spec,
 * `{{args.x}}` unsubstituted). Never throws: args that cannot be read, an unknown provider, a
 * provider that throws or does not answer within the bound all become an Error measurement.
 */
export async function measureMetric(
  deps: MeasureDeps,
  metric: Metric,
  task: MeasureTask,
  metricResult: MetricResult | undefined,
  args: MeasureArgs,
): Promise<TakenMeasurement> {
  const prepared = prepare(deps, metric, args);
  const base = { metricName: metric.name, kind: task.kind, redact: prepared.redact } as const;
  if (!prepared.ok) return { ...base, measurement: errorMeasurement(formatTimestamp(deps.now()), prepared.message, deps.now()) };
  const inFlight = lastOf(metricResult);
  const ms = deps.timeoutMs ?? measureTimeoutMs(prepared.metric);
  const result = await callBounded(deps, ms, deps.signal, (ctx) =>
    task.kind === 'resume' && inFlight !== undefined
      ? prepared.provider.resume(ctx, prepared.metric, inFlight)
      : prepared.provider.run(ctx, prepared.metric), { measurementIndex: measurementIndexOf(metricResult) });
  // now() in a condition is the time the result came back.
  const measurement = measurementFrom(prepared.metric, result, deps.now());
  const said = measurement.message ? { message: redactSecrets(measurement.message, prepared.redact) } : {};
  deps.logger.debug({ metric: metric.name, provider: prepared.name, phase: measurement.phase, ...said }, 'measured');
  const metadata = metricMetadataOf(prepared.metric);
  return { ...base, measurement, ...(metadata ? { metadata } : {}) };
}

/**
 * Stops the in-flight measurement of `metric` (provider `terminate`, with a fresh signal: the run
 * ended, the controller did not). The stored measurement is echoed when there is nothing to stop.
 */
export async function terminateMeasurement(
  deps: MeasureDeps,
  metric: Metric,
  metricResult: MetricResult | undefined,
  args: MeasureArgs,
): Promise<TakenMeasurement> {
  const prepared = prepare(deps, metric, args);
  const inFlight = lastOf(metricResult);
  const base = { metricName: metric.name, kind: 'terminate', redact: prepared.redact } as const;
  if (inFlight === undefined) return { ...base, measurement: { phase: 'Successful', startedAt: formatTimestamp(deps.now()), finishedAt: formatTimestamp(deps.now()) } };
  if (!prepared.ok) return { ...base, measurement: errorMeasurement(inFlight.startedAt ?? formatTimestamp(deps.now()), prepared.message, deps.now()) };
  const ms = deps.timeoutMs ?? measureTimeoutMs(prepared.metric);
  const result = await callBounded(deps, ms, undefined, (ctx) => prepared.provider.terminate(ctx, prepared.metric, inFlight), {});
  return { ...base, measurement: toMeasurement(result, result.phase ?? inFlight.phase) };
}
