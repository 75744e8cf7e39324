// Every default of argoproj.io/v1alpha1 in one place, with Argo Rollouts' values. The CRDs do
// not apply them (Argo's do not either, and GitOps diffs would show them): code reads a field
// through the functions below, never with its own `?? 30`.
import type { BlueGreenStrategy, CanaryStrategy, IntOrString, Metric, Rollout } from './types.js';

/** spec.replicas when unset. */
export const DEFAULT_REPLICAS = 1;
/** spec.revisionHistoryLimit: old ReplicaSets kept. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
/** spec.progressDeadlineSeconds (Rollout and Experiment). */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
/** spec.analysis.successfulRunHistoryLimit: Successful AnalysisRuns and Experiments kept. */
export const DEFAULT_SUCCESSFUL_RUN_HISTORY_LIMIT = 5;
/** spec.analysis.unsuccessfulRunHistoryLimit: Failed, Error and Inconclusive runs kept. */
export const DEFAULT_UNSUCCESSFUL_RUN_HISTORY_LIMIT = 5;
/** canary.maxSurge. */
export const DEFAULT_MAX_SURGE: IntOrString = '25%';
/** canary.maxUnavailable and blueGreen.maxUnavailable. */
export const DEFAULT_MAX_UNAVAILABLE: IntOrString = '25%';
/** scaleDownDelaySeconds (blue-green, canary with traffic routing, Experiment). */
export const DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;
/** abortScaleDownDelaySeconds (blue-green, canary with traffic routing); 0 means never. */
export const DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS = 30;
/** blueGreen.autoPromotionEnabled. */
export const DEFAULT_AUTO_PROMOTION_ENABLED = true;
/** canary.minPodsPerReplicaSet (traffic routing only). */
export const DEFAULT_MIN_PODS_PER_REPLICA_SET = 1;
/** trafficRouting.maxTrafficWeight: the weight that means "all traffic". */
export const DEFAULT_MAX_TRAFFIC_WEIGHT = 100;
/** trafficRouting.nginx.annotationPrefix. */
export const DEFAULT_NGINX_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io';
/** trafficRouting.alb.annotationPrefix. */
export const DEFAULT_ALB_ANNOTATION_PREFIX = 'alb.ingress.kubernetes.io';
/** Experiment template replicas. */
export const DEFAULT_EXPERIMENT_TEMPLATE_REPLICAS = 1;
/** metric.failureLimit: one failed measurement fails the metric. */
export const DEFAULT_FAILURE_LIMIT = 0;
/** metric.inconclusiveLimit: one inconclusive measurement makes the metric Inconclusive. */
export const DEFAULT_INCONCLUSIVE_LIMIT = 0;
/** metric.consecutiveErrorLimit: errors in a row before the metric is Error. */
export const DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;
/** Measurements kept per metric in AnalysisRun status without a measurementRetention entry. */
export const DEFAULT_MEASUREMENT_RETENTION = 10;
/** web.timeoutSeconds. */
export const DEFAULT_WEB_TIMEOUT_SECONDS = 10;
/** web.jsonPath: the whole response body is `result`. */
export const DEFAULT_WEB_JSON_PATH = '{$}';

/** canary.maxSurge or its default. */
export function maxSurgeOf(canary: CanaryStrategy): IntOrString {
  return canary.maxSurge ?? DEFAULT_MAX_SURGE;
}

/** maxUnavailable of either strategy, or its default. */
export function maxUnavailableOf(strategy: CanaryStrategy | BlueGreenStrategy): IntOrString {
  return strategy.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE;
}

/**
 * Seconds the previous ReplicaSet stays up after the switch. Argo applies the 30 s default to
 * blue-green and to canaries with traffic routing only: a basic canary scales down at once.
 */
export function scaleDownDelaySecondsOf(rollout: Rollout): number {
  const { blueGreen, canary } = rollout.spec.strategy;
  if (blueGreen) return blueGreen.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS;
  if (canary?.trafficRouting) return canary.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS;
  return 0;
}

/**
 * Seconds before an aborted canary or preview scales down, or `undefined` for never
 * (`abortScaleDownDelaySeconds: 0`). A basic canary without traffic routing scales down at once.
 */
export function abortScaleDownDelaySecondsOf(rollout: Rollout): number | undefined {
  const { blueGreen, canary } = rollout.spec.strategy;
  const strategy = blueGreen ?? (canary?.trafficRouting ? canary : undefined);
  if (!strategy) return 0;
  const seconds = strategy.abortScaleDownDelaySeconds ?? DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS;
  return seconds === 0 ? undefined : seconds;
}

/** blueGreen.previewReplicaCount, which defaults to the full spec.replicas. */
export function previewReplicaCountOf(rollout: Rollout): number {
  return rollout.spec.strategy.blueGreen?.previewReplicaCount ?? rollout.spec.replicas ?? DEFAULT_REPLICAS;
}

/**
 * How many measurements a metric takes, or `undefined` for "until stopped": without count and
 * interval, 1; with an interval only, unbounded. String counts are argument placeholders that
 * must be resolved before this is called.
 */
export function effectiveCountOf(metric: Metric): number | undefined {
  const count = typeof metric.count === 'string' ? Number(metric.count) : metric.count;
  if (count === undefined || count === 0 || Number.isNaN(count)) return metric.interval ? undefined : 1;
  return count;
}
