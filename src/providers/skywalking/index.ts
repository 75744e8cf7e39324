// The `skywalking` metric provider: one GraphQL query per measurement against SkyWalking's OAP
// (`<address>/graphql`), with `$duration` set to the last `interval` at minute steps, as in Argo.
// The answer's `data` is the result.
import { formatTimestamp } from '../../api/timestamp.js';
import type { Metric } from '../../api/types.js';
import { noDataPolicyFor } from '../../api/no-data.js';
import { parseDuration } from '../../engine/duration.js';
import { sendHttp } from '../http-send.js';
import { noDataResult } from '../no-data-result.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { errorResult, fromMeasurement, guarded } from '../result.js';
import { isRecord, jsonReply } from '../vendor-reply.js';

export const SKYWALKING_TIMEOUT_MS = 30_000;

/** SkyWalking's minute-step time text, `2006-01-02 1504`, in UTC. */
export function skyWalkingMinute(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

/** The GraphQL request body: the query and the `duration` variable for the window ending now. */
export function skyWalkingBody(query: string, nowMs: number, intervalMs: number): string {
  return JSON.stringify({ query, variables: { duration: { start: skyWalkingMinute(nowMs - intervalMs), end: skyWalkingMinute(nowMs), step: 'MINUTE' } } });
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isRecord(v) && Object.values(v).every(isEmpty);
}

async function measure(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const s = metric.provider.skywalking;
  if (!s) return errorResult(ctx, startedAt, new Error('metric has no skywalking provider'));
  if (!s.address) return errorResult(ctx, startedAt, new Error('provider.skywalking.address is required'));
  if (!s.query?.trim()) return errorResult(ctx, startedAt, new Error('provider.skywalking.query is required'));
  if (!s.interval) return errorResult(ctx, startedAt, new Error('provider.skywalking.interval is required (a duration such as 5m)'));
  const interval = parseDuration(s.interval);
  if (!interval.ok) return errorResult(ctx, startedAt, new Error(`provider.skywalking.interval: ${interval.error.message}`));
  const policy = noDataPolicyFor(ctx.run.annotations, metric.name);
  if (!policy.ok) return errorResult(ctx, startedAt, new Error(policy.message));
  const url = `${s.address.replace(/\/+$/, '')}/graphql`;
  const reply = await sendHttp({
    method: 'POST', url, body: skyWalkingBody(s.query, ctx.now(), interval.ms), timeoutMs: SKYWALKING_TIMEOUT_MS, signal: ctx.signal,
    headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json; charset=utf-8' },
  });
  const body = jsonReply('skywalking', reply);
  const finishedAt = formatTimestamp(ctx.now());
  if (!isRecord(body)) return errorResult(ctx, startedAt, new Error('skywalking: expected a JSON object from /graphql'));
  const errors = body['errors'];
  if (Array.isArray(errors) && errors.length > 0) {
    const text = errors.map((e) => (isRecord(e) && typeof e['message'] === 'string' ? e['message'] : JSON.stringify(e))).join('; ');
    return errorResult(ctx, startedAt, new Error(`skywalking: graphql: ${text}`));
  }
  const data = body['data'] ?? null;
  if (isEmpty(data)) return noDataResult(policy.noData, s.query, { value: JSON.stringify(data), result: data }, { startedAt, finishedAt });
  return { value: JSON.stringify(data), result: data, startedAt, finishedAt };
}

export const skyWalkingProvider: MetricProvider = {
  type: 'skywalking',
  run: (ctx, metric) => guarded(ctx, (startedAt) => measure(ctx, metric, startedAt)),
  resume: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  terminate: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  garbageCollect: async () => undefined,
};
