// The `kayenta` metric provider: Kayenta's standalone canary API, asynchronous as in Argo. Run
// finds the canary config's id by name and starts an execution (the measurement is Running with
// its `canaryExecutionId`); resume reads the execution every 15 s until it is complete, and the
// score against `threshold` is the measurement's phase.
import type { Measurement, Metric } from '../../api/types.js';
import { formatTimestamp } from '../../api/timestamp.js';
import { sendHttp } from '../http-send.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { errorResult, fromMeasurement, guarded } from '../result.js';
import { jsonReply } from '../vendor-reply.js';
import { canaryConfigId, configLookupUrl, executionRequest, executionUrl, kayentaPhase, readExecution, type KayentaSpec } from './canary-api.js';

export const KAYENTA_EXECUTION_ID = 'canaryExecutionId';
/** Argo's wait between looks at an execution, and its HTTP timeout. */
export const KAYENTA_RESUME_DELAY_MS = 15_000;
export const KAYENTA_TIMEOUT_MS = 15_000;

function specOf(metric: Metric): KayentaSpec {
  const k = metric.provider.kayenta;
  if (!k) throw new Error('metric has no kayenta provider');
  if (!k.address) throw new Error('provider.kayenta.address is required');
  return k;
}

async function getJson(ctx: ProviderContext, method: 'GET' | 'POST', url: string, body?: string): Promise<unknown> {
  const reply = await sendHttp({
    method, url, ...(body !== undefined ? { body, headers: { 'Content-Type': 'application/json', Accept: 'application/json' } } : { headers: { Accept: 'application/json' } }),
    timeoutMs: KAYENTA_TIMEOUT_MS, signal: ctx.signal,
  });
  return jsonReply('kayenta', reply);
}

async function start(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const k = specOf(metric);
  const configs = await getJson(ctx, 'GET', configLookupUrl(k));
  const id = canaryConfigId(configs, k.canaryConfigName);
  if (!id) return errorResult(ctx, startedAt, new Error(`kayenta: no canary config named ${JSON.stringify(k.canaryConfigName)} for application ${JSON.stringify(k.application)}`));
  const req = executionRequest(k, id);
  const started = await getJson(ctx, 'POST', req.url, req.body);
  const executionId = (started as { canaryExecutionId?: unknown } | null)?.canaryExecutionId;
  if (typeof executionId !== 'string' || !executionId) return errorResult(ctx, startedAt, new Error('kayenta: the answer has no canaryExecutionId'));
  ctx.logger.info({ canaryExecutionId: executionId }, 'kayenta canary execution started');
  return { phase: 'Running', startedAt, metadata: { [KAYENTA_EXECUTION_ID]: executionId }, resumeAt: formatTimestamp(ctx.now() + KAYENTA_RESUME_DELAY_MS) };
}

async function look(ctx: ProviderContext, metric: Metric, m: Measurement): Promise<ProviderResult> {
  const startedAt = m.startedAt ?? formatTimestamp(ctx.now());
  const metadata = m.metadata ?? {};
  const kept = { startedAt, metadata };
  try {
    const k = specOf(metric);
    const executionId = metadata[KAYENTA_EXECUTION_ID];
    if (!executionId) return errorResult(ctx, startedAt, new Error(`kayenta: the measurement has no ${KAYENTA_EXECUTION_ID}`), { metadata });
    const reading = readExecution(await getJson(ctx, 'GET', executionUrl(k, executionId)));
    if (reading.kind === 'running') return { ...kept, phase: 'Running', resumeAt: formatTimestamp(ctx.now() + KAYENTA_RESUME_DELAY_MS) };
    if (reading.kind === 'error') return errorResult(ctx, startedAt, new Error(reading.message), { metadata });
    const score = Math.trunc(reading.score);
    return { ...kept, phase: kayentaPhase(reading.score, k.threshold), value: String(score), result: score, finishedAt: formatTimestamp(ctx.now()) };
  } catch (err) {
    return errorResult(ctx, startedAt, err, { metadata });
  }
}

export const kayentaProvider: MetricProvider = {
  type: 'kayenta',
  run: (ctx, metric) => guarded(ctx, (startedAt) => start(ctx, metric, startedAt)),
  resume: async (ctx, metric, measurement) => (measurement.phase === 'Running' ? look(ctx, metric, measurement) : fromMeasurement(measurement, ctx)),
  // Kayenta's standalone API has no cancel: the execution finishes on its own, unread. A stopped
  // measurement ends as a terminated Job's does; the engine records it as Inconclusive.
  terminate: async (ctx, _metric, measurement) => (measurement.phase === 'Running'
    ? { ...fromMeasurement(measurement, ctx), phase: 'Successful', finishedAt: formatTimestamp(ctx.now()) }
    : fromMeasurement(measurement, ctx)),
  garbageCollect: async () => undefined,
};
