// The metric provider plug-in interface: each provider makes real queries and hands back a raw
// result; the analysis engine, not the provider, decides Successful/Failed/Inconclusive.
import type { KubeAccess } from '../kube/kubeconfig.js';
import type { AnalysisPhase, Measurement, Metric } from '../api/types.js';
import type { NoData } from '../api/no-data.js';

/** The AnalysisRun a measurement belongs to, as much of it as providers need. */
export interface ProviderRun {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  /** Where per-metric Kanary options live (`kanary.io/no-data`, see prometheus/README.md). */
  annotations?: Record<string, string>;
}

/** pino's call shape (`logger.info({ job }, 'created')`), so a pino logger fits as is. */
export interface ProviderLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A Secret by namespace and name. */
export interface SecretRef {
  namespace: string;
  name: string;
}

/** Reads a Secret's decoded keys; undefined when it does not exist. */
export type SecretReader = (ref: SecretRef) => Promise<Record<string, string> | undefined>;

export interface ProviderContext {
  run: ProviderRun;
  /** Credentials for providers that talk to the cluster (job, and Secrets for the others). */
  kube?: KubeAccess;
  /**
   * Where provider Secrets (datadog, newrelic, influxdb, wavefront-api-tokens) are read from.
   * Default: the apiserver through `kube`. Tests pass a map-backed reader.
   */
  readSecret?: SecretReader;
  /**
   * Aborted when the caller stops waiting (shutdown, a run being terminated): in-flight requests
   * end at once with an Error result. `terminate` is called with a fresh signal.
   */
  signal: AbortSignal;
  /** Wall-clock milliseconds; tests pass a fixed clock. */
  now(): number;
  logger: ProviderLogger;
  /**
   * 1-based number of the measurement being taken: the metric's `count + error + 1`, as Argo
   * numbers Job names. Default 1.
   */
  measurementIndex?: number;
}

/**
 * What a provider hands back for one measurement: the Measurement fields it knows plus the raw
 * result for the engine to assess.
 *
 * - `phase` is set only when the provider itself decides: `Running` (asynchronous, like a Job:
 *   call `resume` at `resumeAt` or on the next reconcile), `Error` (the query could not be made
 *   or understood; `message` says why), and `Successful`/`Failed` for a finished Job, whose
 *   outcome is the measurement. Absent: the engine evaluates `successCondition` and
 *   `failureCondition` over `result` and sets the phase.
 * - `value` is the text Argo stores in `status.metricResults[].measurements[].value` (`[0.97]`,
 *   `0.5`, `NaN`, `[[1,2],[3]]`), already bounded in size.
 * - `result` is what the expressions see as `result`: a number (scalar), an array of numbers
 *   (vector), an array of arrays (matrix), or any JSON value (web). NaN and ±Infinity are kept.
 * - `noData` is set when the query returned no samples; it names the policy the engine applies
 *   (see no-data.ts). `message` then already says `no data returned for query "..."` with a hint.
 * - `startedAt`/`finishedAt` are RFC 3339 seconds; `finishedAt` is absent while Running.
 */
export interface ProviderResult {
  phase?: AnalysisPhase;
  value?: string;
  result?: unknown;
  message?: string;
  metadata?: Record<string, string>;
  startedAt: string;
  finishedAt?: string;
  resumeAt?: string;
  noData?: NoData;
}

/**
 * One metric provider. No method throws: every failure becomes a result with phase `Error`.
 * `resume` and `terminate` get the measurement as stored in status (so they work after a
 * controller restart); stateless providers return it unchanged.
 */
export interface MetricProvider {
  /** The manifest field name (`prometheus`, `web`, `job`). */
  readonly type: string;
  run(ctx: ProviderContext, metric: Metric): Promise<ProviderResult>;
  resume(ctx: ProviderContext, metric: Metric, measurement: Measurement): Promise<ProviderResult>;
  terminate(ctx: ProviderContext, metric: Metric, measurement: Measurement): Promise<ProviderResult>;
  /** Deletes what old measurements left behind (Jobs), keeping the newest `limit`. */
  garbageCollect(ctx: ProviderContext, metric: Metric, limit: number): Promise<void>;
}
