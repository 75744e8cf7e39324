// The `newRelic` metric provider: one NRQL query per measurement through NerdGraph, with the
// account from the profile Secret (account.ts). The first result row is the result, as a map.
import { formatTimestamp } from '../../api/timestamp.js';
import type { Metric } from '../../api/types.js';
import { noDataPolicyFor } from '../../api/no-data.js';
import { sendHttp } from '../http-send.js';
import { noDataResult } from '../no-data-result.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { errorResult, fromMeasurement, guarded } from '../result.js';
import { jsonReply } from '../vendor-reply.js';
import { readNewRelicAccount } from './account.js';
import { nerdGraphBody, readNrqlAnswer } from './nerdgraph.js';

/** NRQL's own default and ceiling, in seconds. */
export const NRQL_DEFAULT_TIMEOUT_SECONDS = 5;
export const NRQL_MAX_TIMEOUT_SECONDS = 120;
/** Time the HTTP request allows beyond the query's own timeout. */
const TRANSPORT_MARGIN_SECONDS = 5;

async function measure(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const n = metric.provider.newRelic;
  if (!n) return errorResult(ctx, startedAt, new Error('metric has no newRelic provider'));
  if (!n.query?.trim()) return errorResult(ctx, startedAt, new Error('provider.newRelic.query is required'));
  if (n.timeout !== undefined && (n.timeout <= 0 || n.timeout > NRQL_MAX_TIMEOUT_SECONDS)) {
    return errorResult(ctx, startedAt, new Error(`provider.newRelic.timeout: must be 1 to ${NRQL_MAX_TIMEOUT_SECONDS} seconds, got ${n.timeout}`));
  }
  const policy = noDataPolicyFor(ctx.run.annotations, metric.name);
  if (!policy.ok) return errorResult(ctx, startedAt, new Error(policy.message));
  const account = await readNewRelicAccount(ctx, n.profile);
  const reply = await sendHttp({
    method: 'POST', url: account.nerdGraphUrl, body: nerdGraphBody(account.accountId, n.query, n.timeout),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'API-Key': account.apiKey, 'User-Agent': 'kanary (argo-rollouts compatible)' },
    timeoutMs: ((n.timeout ?? NRQL_DEFAULT_TIMEOUT_SECONDS) + TRANSPORT_MARGIN_SECONDS) * 1000, signal: ctx.signal,
  });
  const reading = readNrqlAnswer(jsonReply('newRelic', reply, [account.apiKey]));
  const finishedAt = formatTimestamp(ctx.now());
  if (reading.kind === 'error') return errorResult(ctx, startedAt, new Error(reading.message));
  if (reading.kind === 'empty') return noDataResult(policy.noData, n.query, { value: '[]', result: [] }, { startedAt, finishedAt });
  return { value: reading.value, result: reading.result, startedAt, finishedAt };
}

export const newRelicProvider: MetricProvider = {
  type: 'newRelic',
  run: (ctx, metric) => guarded(ctx, (startedAt) => measure(ctx, metric, startedAt)),
  resume: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  terminate: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  garbageCollect: async () => undefined,
};
