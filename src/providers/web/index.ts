// The `web` metric provider: one HTTP request per measurement; the JSON body (or the part
// `jsonPath` selects) is the result. Non-2xx statuses, timeouts and oversize bodies are Errors.
import { formatTimestamp } from '../../api/timestamp.js';
import { STATUS_CODES } from 'node:http';
import type { Metric, WebMetric } from '../../api/types.js';
import { ONE_MIB, safeUrl, sendHttp } from '../http-send.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { errorResult, fromMeasurement, guarded, truncate } from '../result.js';
import { evaluateJsonPath, parseJsonPath } from './json-path.js';

export const DEFAULT_WEB_TIMEOUT_SECONDS = 10;
export const MAX_WEB_RESPONSE_BYTES = ONE_MIB;

function requestOf(w: WebMetric): { body?: string; headers: Record<string, string> } | string {
  if (w.body !== undefined && w.jsonBody !== undefined) return 'web metric: set either body or jsonBody, not both';
  const headers: Record<string, string> = {};
  for (const h of w.headers ?? []) headers[h.key] = h.value;
  const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  if (w.jsonBody !== undefined) {
    if (!has('content-type')) headers['Content-Type'] = 'application/json';
    return { headers, body: JSON.stringify(w.jsonBody) };
  }
  return { headers, ...(w.body !== undefined ? { body: w.body } : {}) };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function measure(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const w = metric.provider.web;
  if (!w) return errorResult(ctx, startedAt, new Error('metric has no web provider'));
  const req = requestOf(w);
  if (typeof req === 'string') return errorResult(ctx, startedAt, new Error(req));
  const path = w.jsonPath?.trim();
  if (path) {
    const p = parseJsonPath(path);
    if (!p.ok) return errorResult(ctx, startedAt, new Error(p.message));
  }
  const method = w.method ?? 'GET';
  const timeoutMs = (w.timeoutSeconds && w.timeoutSeconds > 0 ? w.timeoutSeconds : DEFAULT_WEB_TIMEOUT_SECONDS) * 1000;
  const reply = await sendHttp({
    method, url: w.url, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}),
    timeoutMs, insecure: w.insecure ?? false, signal: ctx.signal, maxBytes: MAX_WEB_RESPONSE_BYTES,
  });
  const finishedAt = formatTimestamp(ctx.now());
  if (reply.status < 200 || reply.status >= 300) {
    // The body is left out: servers echo request headers, and ours may carry secrets.
    const reason = STATUS_CODES[reply.status] ?? '';
    return errorResult(ctx, startedAt, new Error(`${method} ${safeUrl(w.url)}: received non 2xx response code: ${reply.status}${reason ? ` ${reason}` : ''}`));
  }
  const json = parseJson(reply.body);
  if (!json.ok) {
    if (path && path !== '{$}' && path !== '$') {
      return errorResult(ctx, startedAt, new Error(`${method} ${safeUrl(w.url)}: response is not JSON, so jsonPath ${path} cannot apply: ${truncate(reply.body.trim(), 120)}`));
    }
    // A plain-text body is the result as is (Argo fails here; Kanary lets `result == "ok"` work).
    return { value: reply.body, result: reply.body, startedAt, finishedAt };
  }
  const selected = path ? evaluateJsonPath(json.value, path) : { ok: true as const, value: json.value };
  if (!selected.ok) return errorResult(ctx, startedAt, new Error(selected.message));
  return { value: JSON.stringify(selected.value) ?? 'null', result: selected.value, startedAt, finishedAt };
}

export const webProvider: MetricProvider = {
  type: 'web',
  run: (ctx, metric) => guarded(ctx, (startedAt) => measure(ctx, metric, startedAt)),
  resume: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  terminate: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  garbageCollect: async () => undefined,
};
