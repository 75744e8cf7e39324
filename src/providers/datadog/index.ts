// The `datadog` metric provider: one Datadog API query per measurement (v1 or v2), with the keys
// Argo reads (credentials.ts). No points is "no data": `null` under the default policy, so
// `default(result, 0) < 0.01` works as in Argo.
import { formatTimestamp } from '../../api/timestamp.js';
import type { Metric } from '../../api/types.js';
import { noDataPolicyFor } from '../../api/no-data.js';
import { sendHttp } from '../http-send.js';
import { noDataResult } from '../no-data-result.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { errorResult, fromMeasurement, guarded } from '../result.js';
import { jsonReply } from '../vendor-reply.js';
import { findDatadogCredentials } from './credentials.js';
import { DEFAULT_DATADOG_ADDRESS, datadogRequest, datadogSpecProblems } from './request.js';
import { readDatadogV1, readDatadogV2 } from './response.js';

async function measure(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const d = metric.provider.datadog;
  if (!d) return errorResult(ctx, startedAt, new Error('metric has no datadog provider'));
  const problems = datadogSpecProblems(d);
  if (problems.length) return errorResult(ctx, startedAt, new Error(problems.join('; ')));
  const policy = noDataPolicyFor(ctx.run.annotations, metric.name);
  if (!policy.ok) return errorResult(ctx, startedAt, new Error(policy.message));
  const creds = await findDatadogCredentials(ctx, d);
  const req = datadogRequest(d, creds.address || DEFAULT_DATADOG_ADDRESS, ctx.now());
  if (typeof req === 'string') return errorResult(ctx, startedAt, new Error(req));
  const reply = await sendHttp({
    method: req.method, url: req.url, ...(req.body !== undefined ? { body: req.body } : {}), timeoutMs: req.timeoutMs, signal: ctx.signal,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'DD-API-KEY': creds.apiKey, 'DD-APPLICATION-KEY': creds.appKey },
  });
  const body = jsonReply('datadog', reply, [creds.apiKey, creds.appKey]);
  const reading = req.apiVersion === 'v1' ? readDatadogV1(body) : readDatadogV2(body);
  const finishedAt = formatTimestamp(ctx.now());
  if (reading.kind === 'error') return errorResult(ctx, startedAt, new Error(reading.message));
  if (reading.kind === 'empty') return noDataResult(policy.noData, req.query, { value: reading.value, result: null }, { startedAt, finishedAt });
  return { value: reading.value, result: reading.result, startedAt, finishedAt };
}

export const datadogProvider: MetricProvider = {
  type: 'datadog',
  run: (ctx, metric) => guarded(ctx, (startedAt) => measure(ctx, metric, startedAt)),
  resume: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  terminate: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  garbageCollect: async () => undefined,
};
