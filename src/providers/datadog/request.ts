// The Datadog query a metric asks for, checked and built without I/O: v1 `GET /api/v1/query`
// (one query, the last point of the first series) or v2 `POST /api/v2/query/scalar` (a query,
// or named `queries` combined by `formula`, reduced by `aggregator`).
import type { Metric } from '../../api/types.js';
import { parseDuration } from '../../engine/duration.js';

export const DEFAULT_DATADOG_ADDRESS = 'https://api.datadoghq.com';
export const DEFAULT_DATADOG_INTERVAL = '5m';
export const DEFAULT_DATADOG_REQUEST_TIMEOUT = '10s';

type DatadogSpec = NonNullable<Metric['provider']['datadog']>;

export interface DatadogRequest {
  apiVersion: 'v1' | 'v2';
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  timeoutMs: number;
  /** The query text, for messages. */
  query: string;
}

function positiveMs(field: string, text: string): number | string {
  const d = parseDuration(text);
  if (!d.ok) return `provider.datadog.${field}: ${d.error.message}`;
  if (d.ms <= 0) return `provider.datadog.${field}: must be positive, got ${JSON.stringify(text)}`;
  return d.ms;
}

/** Every problem with the spec, Argo's validation rules included; empty when it can be sent. */
export function datadogSpecProblems(d: DatadogSpec): string[] {
  const v2 = d.apiVersion === 'v2';
  const named = Object.keys(d.queries ?? {});
  const out: string[] = [];
  if (!d.query && named.length === 0) out.push('provider.datadog: set query or queries');
  if (d.query && named.length > 0) out.push('provider.datadog: set either query or queries, not both');
  if (!v2 && named.length > 0) out.push('provider.datadog.queries: needs apiVersion v2');
  if (!v2 && d.formula) out.push('provider.datadog.formula: needs apiVersion v2');
  if (!v2 && d.aggregator) out.push('provider.datadog.aggregator: needs apiVersion v2');
  if (named.length > 1 && !d.formula) out.push('provider.datadog.formula: required when queries names more than one query');
  if (d.formula && named.length === 0) out.push('provider.datadog.formula: needs queries');
  return out;
}

/**
 * The request for one measurement at `nowMs` against `address` (credentials are headers, added
 * by the caller).
 *
 *   v1, query 'avg:x{*}', interval 5m, now 1000s -> GET <address>/api/v1/query?query=avg%3Ax%7B*%7D&from=700&to=1000
 *   v2, same -> POST <address>/api/v2/query/scalar, from 700000 to 1000000 ms, aggregator last
 */
export function datadogRequest(d: DatadogSpec, address: string, nowMs: number): DatadogRequest | string {
  const problems = datadogSpecProblems(d);
  if (problems.length) return problems.join('; ');
  const interval = positiveMs('interval', d.interval || DEFAULT_DATADOG_INTERVAL);
  if (typeof interval === 'string') return interval;
  const timeoutMs = positiveMs('requestTimeout', d.requestTimeout || DEFAULT_DATADOG_REQUEST_TIMEOUT);
  if (typeof timeoutMs === 'string') return timeoutMs;
  let base: URL;
  try {
    base = new URL(address);
  } catch {
    return `datadog address ${JSON.stringify(address)} is not a URL`;
  }
  if (!/^https?:$/.test(base.protocol)) return `datadog address ${JSON.stringify(address)} is not an http(s) URL`;
  const prefix = base.pathname.replace(/\/+$/, '');
  const to = Math.floor(nowMs / 1000);
  const from = to - Math.floor(interval / 1000);
  if (d.apiVersion !== 'v2') {
    base.pathname = `${prefix}/api/v1/query`;
    base.search = new URLSearchParams({ query: d.query ?? '', from: String(from), to: String(to) }).toString();
    return { apiVersion: 'v1', method: 'GET', url: base.toString(), timeoutMs, query: d.query ?? '' };
  }
  const aggregator = d.aggregator ?? 'last';
  const queries = d.query
    ? [{ data_source: 'metrics', query: d.query, aggregator, name: 'query' }]
    : Object.entries(d.queries ?? {}).map(([name, query]) => ({ data_source: 'metrics', query, aggregator, name }));
  const formula = d.formula ?? queries[0]?.name ?? 'query';
  base.pathname = `${prefix}/api/v2/query/scalar`;
  const body = { data: { type: 'scalar_request', attributes: { from: from * 1000, to: to * 1000, queries, formulas: [{ formula }] } } };
  const query = d.query ?? `${formula} over ${queries.map((q) => `${q.name}=${q.query}`).join(', ')}`;
  return { apiVersion: 'v2', method: 'POST', url: base.toString(), body: JSON.stringify(body), timeoutMs, query };
}
