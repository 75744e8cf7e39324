// The `wavefront` metric provider: one chart API query per measurement with the token the
// Secret `wavefront-api-tokens` holds for the metric's address (key: the address), as in Argo.
// The first point of each series is read; one series gives a number, several a list.
import { formatTimestamp } from '../../api/timestamp.js';
import type { Metric } from '../../api/types.js';
import { noDataPolicyFor } from '../../api/no-data.js';
import { sendHttp } from '../http-send.js';
import { noDataResult } from '../no-data-result.js';
import { controllerNamespace, requireProviderSecret } from '../provider-secret.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { errorResult, fromMeasurement, guarded } from '../result.js';
import { jsonReply } from '../vendor-reply.js';
import { readWavefrontSeries } from './series.js';

export const WAVEFRONT_SECRET_NAME = 'wavefront-api-tokens';
export const WAVEFRONT_TIMEOUT_MS = 30_000;

/**
 * The chart API URL: a bare host is reached over https as in Argo's client; an address with a
 * scheme is used as written (Kanary's addition, for proxies).
 *
 *   wavefrontQueryUrl('example.wavefront.com', 'ts(x)', 1767268800000)
 *     -> https://example.wavefront.com/api/v2/chart/api?q=ts%28x%29&s=1767268800000&g=s&p=1&i=false&strict=true
 */
export function wavefrontQueryUrl(address: string, query: string, nowMs: number): string {
  const base = new URL(/^https?:\/\//.test(address) ? address : `https://${address}`);
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/api/v2/chart/api`;
  base.search = new URLSearchParams({ q: query, s: String(Math.floor(nowMs / 1000) * 1000), g: 's', p: '1', i: 'false', strict: 'true' }).toString();
  return base.toString();
}

async function measure(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const w = metric.provider.wavefront;
  if (!w) return errorResult(ctx, startedAt, new Error('metric has no wavefront provider'));
  if (!w.address) return errorResult(ctx, startedAt, new Error('provider.wavefront.address is required'));
  if (!w.query?.trim()) return errorResult(ctx, startedAt, new Error('provider.wavefront.query is required'));
  const policy = noDataPolicyFor(ctx.run.annotations, metric.name);
  if (!policy.ok) return errorResult(ctx, startedAt, new Error(policy.message));
  const ref = { namespace: controllerNamespace(), name: WAVEFRONT_SECRET_NAME };
  const tokens = await requireProviderSecret(ctx, ref, 'wavefront');
  const token = tokens[w.address];
  if (!token) throw new Error(`wavefront: API token not found: secret ${JSON.stringify(ref.name)} in namespace ${JSON.stringify(ref.namespace)} has no key ${JSON.stringify(w.address)}`);
  let url: string;
  try {
    url = wavefrontQueryUrl(w.address, w.query, ctx.now());
  } catch {
    return errorResult(ctx, startedAt, new Error(`provider.wavefront.address ${JSON.stringify(w.address)} is not a host name or URL`));
  }
  const reply = await sendHttp({ method: 'GET', url, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, timeoutMs: WAVEFRONT_TIMEOUT_MS, signal: ctx.signal });
  const reading = readWavefrontSeries(jsonReply('wavefront', reply, [token]));
  const finishedAt = formatTimestamp(ctx.now());
  if (reading.kind === 'error') return errorResult(ctx, startedAt, new Error(reading.message));
  const metadata = reading.warnings ? { metadata: { warnings: reading.warnings } } : {};
  if (reading.kind === 'empty') return { ...noDataResult(policy.noData, w.query, { value: '[]', result: [] }, { startedAt, finishedAt }), ...metadata };
  // Argo's rule: a NaN point makes the measurement Inconclusive, whatever the conditions say.
  const nan = reading.values.some((v) => Number.isNaN(v));
  return { value: reading.value, result: reading.result, startedAt, finishedAt, ...metadata, ...(nan ? { phase: 'Inconclusive' as const } : {}) };
}

export const wavefrontProvider: MetricProvider = {
  type: 'wavefront',
  run: (ctx, metric) => guarded(ctx, (startedAt) => measure(ctx, metric, startedAt)),
  resume: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  terminate: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  garbageCollect: async () => undefined,
};
