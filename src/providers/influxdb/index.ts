// The `influxdb` metric provider: one Flux query per measurement (`POST /api/v2/query`), with
// the address, org and token from the profile Secret Argo reads (`influxdb`, or `profile`, in
// the controller's namespace). Every record's `_value` is the result, a list.
import { formatTimestamp } from '../../api/timestamp.js';
import type { Metric } from '../../api/types.js';
import { noDataPolicyFor } from '../../api/no-data.js';
import { sendHttp } from '../http-send.js';
import { noDataResult } from '../no-data-result.js';
import { controllerNamespace, requireProviderSecret } from '../provider-secret.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { errorResult, fromMeasurement, guarded } from '../result.js';
import { redactValues, replyProblem } from '../vendor-reply.js';
import { fluxValueText, readFluxValues } from './annotated-csv.js';

export const INFLUXDB_SECRET_NAME = 'influxdb';
/** Argo's query timeout. */
export const INFLUXDB_TIMEOUT_MS = 30_000;

/** The body influxdb-client-go sends: the Flux text with the annotated-CSV dialect. */
export function fluxQueryBody(query: string): string {
  return JSON.stringify({ query, type: 'flux', dialect: { annotations: ['datatype', 'group', 'default'], delimiter: ',', header: true } });
}

async function readProfile(ctx: ProviderContext, profile: string | undefined) {
  const ref = { namespace: controllerNamespace(), name: profile || INFLUXDB_SECRET_NAME };
  const secret = await requireProviderSecret(ctx, ref, 'influxdb');
  const [address, org, token] = [secret['address'] ?? '', secret['org'] ?? '', secret['authToken'] ?? ''];
  if (!address || !org || !token) throw new Error(`influxdb: secret ${JSON.stringify(ref.name)} in namespace ${JSON.stringify(ref.namespace)} needs address, org and authToken`);
  return { address, org, token };
}

function queryUrl(address: string, org: string): string {
  let base: URL;
  try {
    base = new URL(address);
  } catch {
    throw new Error(`influxdb: address ${JSON.stringify(address)} in the profile Secret is not a URL`);
  }
  base.pathname = `${base.pathname.replace(/\/+$/, '')}/api/v2/query`;
  base.search = new URLSearchParams({ org }).toString();
  return base.toString();
}

/** InfluxDB's JSON error (`{"code":"invalid","message":"..."}`) in place of the generic status text. */
function influxError(generic: string, status: number, body: string, token: string): string {
  try {
    const e = JSON.parse(body) as { code?: string; message?: string };
    if (typeof e.message === 'string' && e.message) return redactValues(`influxdb: ${e.code ? `${e.code}: ` : ''}${e.message} (HTTP ${status})`, [token]);
  } catch {
    // not JSON: the generic text stands
  }
  return generic;
}

async function measure(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const f = metric.provider.influxdb;
  if (!f) return errorResult(ctx, startedAt, new Error('metric has no influxdb provider'));
  if (!f.query?.trim()) return errorResult(ctx, startedAt, new Error('provider.influxdb.query is required'));
  const policy = noDataPolicyFor(ctx.run.annotations, metric.name);
  if (!policy.ok) return errorResult(ctx, startedAt, new Error(policy.message));
  const profile = await readProfile(ctx, f.profile);
  const reply = await sendHttp({
    method: 'POST', url: queryUrl(profile.address, profile.org), body: fluxQueryBody(f.query), timeoutMs: INFLUXDB_TIMEOUT_MS, signal: ctx.signal,
    headers: { Authorization: `Token ${profile.token}`, 'Content-Type': 'application/json', Accept: 'application/csv' },
  });
  const problem = replyProblem('influxdb', reply, [profile.token]);
  if (problem) return errorResult(ctx, startedAt, new Error(reply.status === 429 ? problem : influxError(problem, reply.status, reply.body, profile.token)));
  const reading = readFluxValues(reply.body);
  const finishedAt = formatTimestamp(ctx.now());
  if (!reading.ok) return errorResult(ctx, startedAt, new Error(reading.message));
  if (reading.values.length === 0) return noDataResult(policy.noData, f.query, { value: '[]', result: [] }, { startedAt, finishedAt });
  return { value: fluxValueText(reading.values), result: reading.values, startedAt, finishedAt };
}

export const influxdbProvider: MetricProvider = {
  type: 'influxdb',
  run: (ctx, metric) => guarded(ctx, (startedAt) => measure(ctx, metric, startedAt)),
  resume: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  terminate: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  garbageCollect: async () => undefined,
};
