// The `cloudWatch` metric provider: one GetMetricData call per measurement over `interval`
// (default 5m), signed with the standard AWS credential chain (environment, shared files, web
// identity, container and instance roles) by the AWS SDK; the region and endpoint come from the
// SDK's usual settings (AWS_REGION, AWS_ENDPOINT_URL_CLOUDWATCH, ~/.aws/config).
import type { CloudWatchClient, GetMetricDataCommandOutput, MetricDataQuery as AwsMetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { formatTimestamp } from '../../api/timestamp.js';
import type { Metric } from '../../api/types.js';
import { noDataPolicyFor } from '../../api/no-data.js';
import { parseDuration } from '../../engine/duration.js';
import { noDataResult } from '../no-data-result.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { errorResult, fromMeasurement, guarded, truncate } from '../result.js';
import { cloudWatchQueryProblems, cloudWatchValue, metricDataQueries, type MetricDataResultView } from './queries.js';

export const DEFAULT_CLOUDWATCH_INTERVAL = '5m';
export const CLOUDWATCH_REQUEST_TIMEOUT_MS = 30_000;

type Sdk = typeof import('@aws-sdk/client-cloudwatch');
let client: Promise<{ sdk: Sdk; client: CloudWatchClient }> | undefined;

/**
 * One client per process, so the credential chain's cached credentials are reused. The SDK is
 * loaded on the first measurement: a controller that never measures CloudWatch does not hold it
 * (about 19 MiB of resident memory).
 */
function cloudWatch(): Promise<{ sdk: Sdk; client: CloudWatchClient }> {
  // One attempt: the analysis measures again at its next interval, and a throttled call is
  // reported instead of retried inside the measurement's time bound.
  client ??= import('@aws-sdk/client-cloudwatch').then((sdk) => ({
    sdk, client: new sdk.CloudWatchClient({ maxAttempts: 1, requestHandler: { requestTimeout: CLOUDWATCH_REQUEST_TIMEOUT_MS } }),
  }));
  return client;
}

/** Forgets the client, so the next measurement reads the AWS settings again (tests). */
export function resetCloudWatchClient(): void {
  void client?.then((c) => c.client.destroy(), () => undefined);
  client = undefined;
}

function resultsOf(out: GetMetricDataCommandOutput): MetricDataResultView[] {
  return (out.MetricDataResults ?? []).map((r) => ({
    Id: r.Id ?? '', Label: r.Label ?? '', StatusCode: r.StatusCode ?? '',
    Timestamps: (r.Timestamps ?? []).map((t) => formatTimestamp(t.getTime())), Values: r.Values ?? [],
    Messages: (r.Messages ?? []).map((m) => ({ Code: m.Code ?? '', Value: m.Value ?? '' })),
  }));
}

/** The SDK's error as one line: `cloudWatch: InvalidParameterValueException (400): The parameter ...`. */
function awsError(err: unknown): Error {
  if (!(err instanceof Error) || err.name === 'AbortError' || err.name === 'TimeoutError') return err as Error;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const throttled = status === 429 || /Throttl/i.test(err.name);
  const name = err.name && err.name !== 'Error' ? err.name : 'error';
  return new Error(`cloudWatch: ${name}${status ? ` (${status})` : ''}: ${truncate(err.message, 400)}${throttled ? ' (rate limited: lengthen the metric interval)' : ''}`);
}

async function measure(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const c = metric.provider.cloudWatch;
  if (!c) return errorResult(ctx, startedAt, new Error('metric has no cloudWatch provider'));
  const problems = cloudWatchQueryProblems(c.metricDataQueries);
  if (problems.length) return errorResult(ctx, startedAt, new Error(problems.join('; ')));
  const interval = parseDuration(c.interval || DEFAULT_CLOUDWATCH_INTERVAL);
  if (!interval.ok) return errorResult(ctx, startedAt, new Error(`provider.cloudWatch.interval: ${interval.error.message}`));
  if (interval.ms <= 0) return errorResult(ctx, startedAt, new Error(`provider.cloudWatch.interval: must be positive, got ${JSON.stringify(c.interval)}`));
  const policy = noDataPolicyFor(ctx.run.annotations, metric.name);
  if (!policy.ok) return errorResult(ctx, startedAt, new Error(policy.message));
  const end = ctx.now();
  let out: GetMetricDataCommandOutput;
  try {
    const { sdk, client: cw } = await cloudWatch();
    out = await cw.send(new sdk.GetMetricDataCommand({
      StartTime: new Date(end - interval.ms), EndTime: new Date(end), // `Unit` is the user's text; CloudWatch itself names a unit it does not know.
      MetricDataQueries: metricDataQueries(c.metricDataQueries) as AwsMetricDataQuery[],
    }), { abortSignal: ctx.signal });
  } catch (err) {
    throw awsError(err);
  }
  const results = resultsOf(out);
  const finishedAt = formatTimestamp(ctx.now());
  const messages = out.Messages ?? [];
  const metadata = messages.length ? { metadata: { messages: truncate(messages.map((m) => `${m.Code ?? ''}: ${m.Value ?? ''}`).join('; '), 1024) } } : {};
  const value = cloudWatchValue(results);
  if (results.every((r) => r.Values.length === 0)) {
    const query = c.metricDataQueries.map((q) => q.id ?? '').join(', ');
    return { ...noDataResult(policy.noData, `metricDataQueries ${query}`, { value, result: results }, { startedAt, finishedAt }), ...metadata };
  }
  return { value, result: results, startedAt, finishedAt, ...metadata };
}

export const cloudWatchProvider: MetricProvider = {
  type: 'cloudWatch',
  run: (ctx, metric) => guarded(ctx, (startedAt) => measure(ctx, metric, startedAt)),
  resume: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  terminate: async (ctx, _metric, measurement) => fromMeasurement(measurement, ctx),
  garbageCollect: async () => undefined,
};
