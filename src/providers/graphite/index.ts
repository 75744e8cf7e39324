// The `graphite` metric provider: one render API request per measurement
// (`<address>/render?<query>&format=json`); the first target's non-null values are the result.
// An empty answer is "no data" under the metric's no-data policy, not Argo's index error.
import { formatTimestamp } from '../../api/timestamp.js';
import type { Metric } from '../../api/types.js';
import { noDataPolicyFor } from '../../api/no-data.js';
import { sendHttp } from '../http-send.js';
import { noDataResult } from '../no-data-result.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { errorResult, fromMeasurement, guarded } from '../result.js';
import { jsonReply } from '../vendor-reply.js';
import { readGraphiteSeries } from './series.js';

/** Argo's Graphite client timeout. */
export const GRAPHITE_TIMEOUT_SECONDS = 5;

/**
 * The render URL for a metric: the query is the render API's own query string
 * (`target=...&from=-5min`), whitespace runs collapsed to one space, `format=json` forced.
 *
 *   graphiteRenderUrl('http://graphite:8080', 'target=sum(app.*.count)\n&from=-5min')
 *     -> 'http://graphite:8080/render?target=sum%28app.*.count%29+&from=-5min&format=json'
 */
export function graphiteRenderUrl(address: string, query: string): string {
  let base: URL;
  try {
    base = new URL(address);
  } catch {
    throw new Error(`graphite address ${JSON.stringify(address)} is not a valid URL`);
  }
  if (!/^https?:$/.test(base.protocol) || !base.host) throw new Error(`graphite address ${JSON.stringify(address)} is not an http(s) URL`);
  const params = new URLSearchParams(query.replace(/\s+/g, ' ').replace(/^[ ?]+/, ''));
  params.set('format', 'json');
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/render`;
  base.search = params.toString();
  return base.toString();
}

async function measure(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const g = metric.provider.graphite;
  if (!g) return errorResult(ctx, startedAt, new Error('metric has no graphite provider'));
  if (!g.address) return errorResult(ctx, startedAt, new Error('provider.graphite.address is required'));
  if (!g.query?.trim()) return errorResult(ctx, startedAt, new Error('provider.graphite.query is required'));
  const policy = noDataPolicyFor(ctx.run.annotations, metric.name);
  if (!policy.ok) return errorResult(ctx, startedAt, new Error(policy.message));
  const url = graphiteRenderUrl(g.address, g.query);
  const reply = await sendHttp({ method: 'GET', url, headers: { Accept: 'application/json' }, timeoutMs: GRAPHITE_TIMEOUT_SECONDS * 1000, signal: ctx.signal });
  const series = readGraphiteSeries(jsonReply('graphite', reply));
  const finishedAt = formatTimestamp(ctx.now());
  if (!series.ok) return errorResult(ctx, startedAt, new Error(series.message));
  if (series.values.length === 0) return noDataResult(policy.noData, g.query, { value: '[]', result: [] }, { startedAt, finishedAt });
  return { value: series.value, result: series.values, startedAt, finishedAt };
}

export const graphiteProvider: MetricProvider = {
  type: 'graphite',
  run: (ctx, metric) => guarded(ctx, (startedAt) => measure(ctx, metric, startedAt)),
  resume: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  terminate: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  garbageCollect: async () => undefined,
};
