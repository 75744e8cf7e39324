import { describe, expect, it } from 'vitest';
import type { AnalysisRunSpec, Metric, MetricResult } from '../api/types.js';
import { planAnalysisRun } from '../engine/analysis/index.js';
import { silentLogger } from '../providers/contract.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../providers/provider.js';
import { measureMetric, measurementFrom, measureTimeoutMs, terminateMeasurement, type MeasureArgs, type MeasureDeps } from './measure.js';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const STARTED = '2026-01-01T10:00:00Z';

interface Fake {
  provider: MetricProvider;
  calls: { method: string; metric: Metric; ctx: ProviderContext; measurement?: unknown }[];
}

function fakeProvider(answer: (ctx: ProviderContext, metric: Metric) => Promise<ProviderResult> | ProviderResult): Fake {
  const calls: Fake['calls'] = [];
  const provider: MetricProvider = {
    type: 'fake',
    run: async (ctx, metric) => {
      calls.push({ method: 'run', metric, ctx });
      return answer(ctx, metric);
    },
    resume: async (ctx, metric, measurement) => {
      calls.push({ method: 'resume', metric, ctx, measurement });
      return answer(ctx, metric);
    },
    terminate: async (ctx, metric, measurement) => {
      calls.push({ method: 'terminate', metric, ctx, measurement });
      return { phase: 'Successful', startedAt: measurement.startedAt ?? STARTED, finishedAt: STARTED };
    },
    garbageCollect: async () => undefined,
  };
  return { provider, calls };
}

function deps(fake: Fake, extra: Partial<MeasureDeps> = {}): MeasureDeps {
  return {
    run: { name: 'run', namespace: 'ns', uid: 'uid-1', labels: {} },
    logger: silentLogger,
    now: () => T0,
    providerFor: () => ({ ok: true, name: 'prometheus', provider: fake.provider }),
    ...extra,
  };
}

const metric = (extra: Partial<Metric> = {}): Metric => ({
  name: 'errors',
  successCondition: 'result[0] <= 5',
  provider: { prometheus: { address: 'http://{{args.host}}', query: 'rate(errors{token="{{args.token}}"}[1m])' } },
  ...extra,
});

const ARGS: MeasureArgs = { ok: true, values: { host: 'prom:9090', token: 's3cr3t' }, redact: ['s3cr3t'] };
const start = { metricName: 'errors', kind: 'start' } as const;
const data = (result: unknown, extra: Partial<ProviderResult> = {}): ProviderResult => ({ result, startedAt: STARTED, finishedAt: STARTED, ...extra });

describe('measureMetric', () => {
  it('substitutes plain and secret args into the provider spec, and never lets the secret reach status', async () => {
    const fake = fakeProvider(() => data([16.31], { message: 'queried with token s3cr3t' }));
    const taken = await measureMetric(deps(fake), metric(), start, undefined, ARGS);
    expect(fake.calls[0]?.metric.provider.prometheus).toEqual({ address: 'http://prom:9090', query: 'rate(errors{token="s3cr3t"}[1m])' });
    expect(taken.redact).toEqual(['s3cr3t']);
    const spec: AnalysisRunSpec = { metrics: [metric()], args: [{ name: 'host', value: 'prom:9090' }, { name: 'token', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }] };
    const plan = planAnalysisRun({ spec }, T0, [taken]);
    expect(JSON.stringify(plan.status)).not.toContain('s3cr3t');
    expect(plan.status.metricResults?.[0]?.metadata).toEqual({ ResolvedPrometheusQuery: 'rate(errors{token="*****"}[1m])' });
  });

  it('names the measured value and the failed condition', async () => {
    const taken = await measureMetric(deps(fakeProvider(() => data([16.31], { value: '[16.31]' }))), metric(), start, undefined, ARGS);
    expect(taken.measurement).toMatchObject({ phase: 'Failed', value: '[16.31]', message: 'value [16.31] failed successCondition "result[0] <= 5"' });
  });

  it('leaves a healthy value Successful without a message', async () => {
    const taken = await measureMetric(deps(fakeProvider(() => data([1.5]))), metric(), start, undefined, ARGS);
    expect(taken.measurement).toEqual({ phase: 'Successful', value: '[1.5]', startedAt: STARTED, finishedAt: STARTED });
  });

  it('numbers the measurement after those already counted', async () => {
    const fake = fakeProvider(() => data([1]));
    await measureMetric(deps(fake), metric(), start, { name: 'errors', phase: 'Running', count: 2, error: 1 }, ARGS);
    expect(fake.calls[0]?.ctx.measurementIndex).toBe(4);
  });

  it('resumes the in-flight measurement', async () => {
    const fake = fakeProvider(() => ({ phase: 'Successful', startedAt: STARTED, finishedAt: STARTED }));
    const inFlight = { phase: 'Running' as const, startedAt: STARTED, metadata: { 'job-name': 'j' } };
    const result: MetricResult = { name: 'errors', phase: 'Running', measurements: [inFlight] };
    const taken = await measureMetric(deps(fake), metric(), { metricName: 'errors', kind: 'resume' }, result, ARGS);
    expect(fake.calls[0]).toMatchObject({ method: 'resume', measurement: inFlight });
    expect(taken).toMatchObject({ kind: 'resume', measurement: { phase: 'Successful' } });
  });
});

describe('no data', () => {
  const noData = (policy: 'Condition' | 'Successful' | 'Failed' | 'Inconclusive' | 'Error' | 'Retry') =>
    data([], { value: '[]', noData: { policy, source: policy === 'Condition' ? 'default' : 'annotation' }, message: 'no data returned for query "q" (hint)' });

  it.each([
    ['Successful', 'Successful'],
    ['Failed', 'Failed'],
    ['Inconclusive', 'Inconclusive'],
    ['Retry', 'Error'],
  ] as const)('policy %s records %s with the no-data message', (policy, phase) => {
    expect(measurementFrom(metric(), noData(policy))).toMatchObject({ phase, value: '[]', message: 'no data returned for query "q" (hint)' });
  });

  it('policy Condition hands [] to the conditions and keeps the hint before the evaluation error', () => {
    const m = measurementFrom(metric(), noData('Condition'));
    expect(m.phase).toBe('Error');
    expect(m.message).toMatch(/^no data returned for query "q" \(hint\); successCondition "result\[0\] <= 5" could not be evaluated on value \[\]/);
  });

  it('policy Condition with a condition that allows no data is Successful', () => {
    expect(measurementFrom(metric({ successCondition: 'len(result) == 0 || result[0] <= 5' }), noData('Condition')).phase).toBe('Successful');
  });
});

describe('failures become Error measurements', () => {
  it('a provider Error result', async () => {
    const fake = fakeProvider(() => ({ phase: 'Error', message: 'connection refused', startedAt: STARTED, finishedAt: STARTED }));
    expect((await measureMetric(deps(fake), metric(), start, undefined, ARGS)).measurement).toMatchObject({ phase: 'Error', message: 'connection refused' });
  });

  it('a provider that throws', async () => {
    const fake = fakeProvider(() => { throw new Error('boom'); });
    expect((await measureMetric(deps(fake), metric(), start, undefined, ARGS)).measurement).toMatchObject({ phase: 'Error', message: 'metric provider failed: boom' });
  });

  it('a provider that never answers: a timeout Error, and its signal is aborted', async () => {
    const fake = fakeProvider(() => new Promise<ProviderResult>(() => undefined));
    const taken = await measureMetric(deps(fake, { timeoutMs: 30 }), metric(), start, undefined, ARGS);
    expect(taken.measurement).toMatchObject({ phase: 'Error', message: 'measurement timed out after 0.03s: the metric provider did not answer' });
    expect(fake.calls[0]?.ctx.signal.aborted).toBe(true);
  });

  it('args that could not be read (a missing Secret)', async () => {
    const fake = fakeProvider(() => data([1]));
    const taken = await measureMetric(deps(fake), metric(), start, undefined, { ok: false, message: 'Unable to resolve metric arguments: secret "creds" not found (arg "token")' });
    expect(taken.measurement).toMatchObject({ phase: 'Error', message: 'Unable to resolve metric arguments: secret "creds" not found (arg "token")' });
    expect(fake.calls).toHaveLength(0);
  });

  it('an arg the run does not give', async () => {
    const taken = await measureMetric(deps(fakeProvider(() => data([1]))), metric(), start, undefined, { ok: true, values: { host: 'h' }, redact: [] });
    expect(taken.measurement).toMatchObject({ phase: 'Error', message: 'Unable to resolve metric arguments: failed to resolve {{args.token}}' });
  });

  it('a provider Kanary does not implement', async () => {
    const taken = await measureMetric(deps(fakeProvider(() => data([1])), { providerFor: () => ({ ok: false, message: 'metric provider "datadog" is not supported by Kanary yet' }) }),
      metric(), start, undefined, ARGS);
    expect(taken.measurement).toMatchObject({ phase: 'Error', message: 'metric provider "datadog" is not supported by Kanary yet' });
  });

  it('a controller shutting down aborts the call at once', async () => {
    const stopping = new AbortController();
    const fake = fakeProvider((ctx) => new Promise<ProviderResult>((resolve) => {
      ctx.signal.addEventListener('abort', () => resolve({ phase: 'Error', message: 'measurement aborted', startedAt: STARTED, finishedAt: STARTED }));
    }));
    const pending = measureMetric(deps(fake, { signal: stopping.signal, timeoutMs: 10_000 }), metric(), start, undefined, ARGS);
    stopping.abort();
    expect((await pending).measurement).toMatchObject({ phase: 'Error', message: 'measurement aborted' });
  });
});

describe('terminateMeasurement', () => {
  it('stops the in-flight measurement with the provider', async () => {
    const fake = fakeProvider(() => data([1]));
    const inFlight = { phase: 'Running' as const, startedAt: STARTED, metadata: { 'job-name': 'j' } };
    const taken = await terminateMeasurement(deps(fake), metric(), { name: 'errors', phase: 'Running', measurements: [inFlight] }, ARGS);
    expect(fake.calls[0]).toMatchObject({ method: 'terminate', measurement: inFlight });
    expect(fake.calls[0]?.ctx.signal.aborted).toBe(false);
    expect(taken).toMatchObject({ metricName: 'errors', kind: 'terminate', measurement: { phase: 'Successful' } });
  });
});

describe('measureTimeoutMs', () => {
  it('grows with a metric\'s own timeout, New Relic\'s included, and never drops below the default', () => {
    expect(measureTimeoutMs({ name: 'm', provider: { newRelic: { query: 'SELECT 1', timeout: 120 } } })).toBe(125_000);
    expect(measureTimeoutMs({ name: 'm', provider: { prometheus: { query: 'up', timeout: 90 } } })).toBe(95_000);
    expect(measureTimeoutMs({ name: 'm', provider: { newRelic: { query: 'SELECT 1', timeout: 10 } } })).toBe(60_000);
  });
});
