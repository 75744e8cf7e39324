// The `prometheus` metric provider: one instant or range query per measurement, read into the
// value Argo stores and the `result` the conditions see. Empty results follow the metric's
// no-data policy (README.md).
import { formatTimestamp } from '../../api/timestamp.js';
import type { Metric, PrometheusMetric } from '../../api/types.js';
import { sendHttp } from '../http-send.js';
import { noDataPolicyFor } from '../../api/no-data.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { boundedMessage, errorResult, fromMeasurement, guarded, truncate } from '../result.js';
import { fetchOAuth2Token, forgetOAuth2Token, type ClientCredentials } from './oauth2.js';
import { rangeWindow } from './range-time.js';
import { readPrometheusResponse } from './response.js';

/** Argo's fallback when a metric names no address. */
export const PROMETHEUS_ADDRESS_ENV = 'ARGO_ROLLOUTS_PROMETHEUS_ADDRESS';
export const DEFAULT_TIMEOUT_SECONDS = 30;

interface QueryPlan {
  url: string;
  params: URLSearchParams;
  timeoutMs: number;
}

function planQuery(p: PrometheusMetric, nowMs: number): QueryPlan | string {
  const address = p.address || process.env[PROMETHEUS_ADDRESS_ENV] || '';
  if (!address) return `prometheus address is not configured (set provider.prometheus.address or ${PROMETHEUS_ADDRESS_ENV})`;
  let base: URL;
  try {
    base = new URL(address);
  } catch {
    return `prometheus address ${JSON.stringify(address)} is not a URL`;
  }
  if (!/^https?:$/.test(base.protocol) || !base.host) return `prometheus address ${JSON.stringify(address)} is not an http(s) URL`;
  if (!p.query) return 'prometheus query is empty';
  const sigv4 = p.authentication?.sigv4;
  if (sigv4 && (sigv4.region || sigv4.profile || sigv4.roleArn)) return 'prometheus sigv4 authentication is not supported by Kanary yet';
  if (p.timeout !== undefined && p.timeout < 0) return 'prometheus timeout should not be negative';
  const timeoutMs = (p.timeout || DEFAULT_TIMEOUT_SECONDS) * 1000;
  const params = new URLSearchParams({ query: p.query, timeout: `${timeoutMs / 1000}s` });
  let path = '/api/v1/query';
  if (p.rangeQuery) {
    const w = rangeWindow(p.rangeQuery, nowMs);
    if (!w.ok) return w.message;
    path = '/api/v1/query_range';
    params.set('start', String(w.window.startMs / 1000));
    params.set('end', String(w.window.endMs / 1000));
    params.set('step', String(w.window.stepMs / 1000));
  } else params.set('time', String(nowMs / 1000));
  base.pathname = base.pathname.replace(/\/+$/, '') + path;
  return { url: base.toString(), params, timeoutMs };
}

function credentialsOf(p: PrometheusMetric): ClientCredentials | undefined {
  const o = p.authentication?.oauth2;
  if (!o?.tokenUrl) return undefined;
  return { tokenUrl: o.tokenUrl, clientId: o.clientId ?? '', clientSecret: o.clientSecret ?? '', ...(o.scopes ? { scopes: o.scopes } : {}) };
}

async function requestHeaders(ctx: ProviderContext, p: PrometheusMetric, plan: QueryPlan): Promise<Record<string, string>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  for (const h of p.headers ?? []) headers[h.key] = h.value;
  const basic = p.authentication?.basic;
  if (basic?.username !== undefined || basic?.password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${basic.username ?? ''}:${basic.password ?? ''}`).toString('base64')}`;
  }
  const creds = credentialsOf(p);
  if (creds) {
    const token = await fetchOAuth2Token(creds, { nowMs: ctx.now(), timeoutMs: plan.timeoutMs, signal: ctx.signal, insecure: p.insecure ?? false });
    headers.Authorization = `Bearer ${token}`;
  }
  return headers;
}

/** POST as a form, falling back to GET when the server refuses POST (as client_golang does). */
async function queryPrometheus(ctx: ProviderContext, p: PrometheusMetric, plan: QueryPlan) {
  const headers = await requestHeaders(ctx, p, plan);
  const common = { headers, timeoutMs: plan.timeoutMs, insecure: p.insecure ?? false, signal: ctx.signal };
  let reply = await sendHttp({
    ...common, method: 'POST', url: plan.url, body: plan.params.toString(),
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  if (reply.status === 405 || reply.status === 501) {
    reply = await sendHttp({ ...common, method: 'GET', url: `${plan.url}?${plan.params.toString()}` });
  }
  return reply;
}

const NO_DATA_HINT = 'use len(result) > 0 or default(result, 0) in the condition, or set a no-data policy with the kanary.io/no-data annotation';

async function measure(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const p = metric.provider.prometheus;
  if (!p) return errorResult(ctx, startedAt, new Error('metric has no prometheus provider'));
  const policy = noDataPolicyFor(ctx.run.annotations, metric.name);
  if (!policy.ok) return errorResult(ctx, startedAt, new Error(policy.message));
  const plan = planQuery(p, ctx.now());
  if (typeof plan === 'string') return errorResult(ctx, startedAt, new Error(plan));
  const reply = await queryPrometheus(ctx, p, plan);
  const creds = credentialsOf(p);
  if (reply.status === 401 && creds) forgetOAuth2Token(creds);
  const reading = readPrometheusResponse(reply.status, reply.body);
  const finishedAt = formatTimestamp(ctx.now());
  if (reading.kind === 'error') return errorResult(ctx, startedAt, new Error(reading.message));
  const metadata = reading.warnings.length
    ? { metadata: { warnings: truncate(reading.warnings.map((w) => JSON.stringify(w)).join(', '), 1024) } }
    : {};
  if (reading.kind === 'data') return { value: reading.value, result: reading.result, startedAt, finishedAt, ...metadata };
  const { noData } = policy;
  const applied = noData.source === 'annotation' ? `; no-data policy ${noData.policy} applies` : '';
  return {
    value: '[]', result: [], startedAt, finishedAt, noData, ...metadata,
    ...(noData.policy === 'Error' ? { phase: 'Error' as const } : {}),
    message: boundedMessage(`no data returned for query ${JSON.stringify(truncate(p.query ?? '', 300))} (${NO_DATA_HINT})${applied}`),
  };
}

export const prometheusProvider: MetricProvider = {
  type: 'prometheus',
  run: (ctx, metric) => guarded(ctx, (startedAt) => measure(ctx, metric, startedAt)),
  // Everything happens in run: a stored measurement is returned as it is.
  resume: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  terminate: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  garbageCollect: async () => undefined,
};
