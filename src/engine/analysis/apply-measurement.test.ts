import { describe, expect, it } from 'vitest';
import type { AnalysisPhase, AnalysisRunSpec, AnalysisRunStatus } from '../../api/types.js';
import { applyMeasurement, recordMeasurement } from './apply-measurement.js';
import { MAX_MESSAGE_LENGTH, MAX_VALUE_LENGTH, METRIC_TERMINATED_MESSAGE } from './messages.js';
import { at, metric, run, sec, T0 } from './runs.test-support.js';

const spec: AnalysisRunSpec = { metrics: [metric({ name: 'm', interval: '1m' })] };

function feed(phases: AnalysisPhase[], s: Pick<AnalysisRunSpec, 'metrics' | 'dryRun' | 'measurementRetention'> = spec): AnalysisRunStatus {
  return phases.reduce<AnalysisRunStatus>((status, phase, i) => recordMeasurement(s, status, { metricName: 'm', measurement: { phase } }, T0 + sec(i)), {});
}

describe('recordMeasurement', () => {
  it('counts by phase, count excluding errors, zeros left out', () => {
    const r = feed(['Successful', 'Failed', 'Inconclusive', 'Error', 'Error']).metricResults?.[0];
    expect(r).toMatchObject({ count: 3, successful: 1, failed: 1, inconclusive: 1, error: 2, consecutiveError: 2 });
    expect(r).not.toHaveProperty('consecutiveSuccess');
  });

  it('a success resets consecutive errors and extends the success streak; an error ends it', () => {
    expect(feed(['Error', 'Successful', 'Successful']).metricResults?.[0]).toMatchObject({ consecutiveSuccess: 2 });
    expect(feed(['Error', 'Successful', 'Successful']).metricResults?.[0]).not.toHaveProperty('consecutiveError');
    expect(feed(['Successful', 'Error']).metricResults?.[0]).not.toHaveProperty('consecutiveSuccess');
  });

  it('fills startedAt and finishedAt from now', () => {
    const m = feed(['Successful']).metricResults?.[0]?.measurements?.[0];
    expect(m).toEqual({ phase: 'Successful', startedAt: at(0), finishedAt: at(0) });
  });

  it('an in-flight measurement gets a resumeAt and is replaced by its resumption, counted once', () => {
    let status = recordMeasurement(spec, {}, { metricName: 'm', measurement: { phase: 'Running' } }, T0);
    expect(status.metricResults?.[0]?.measurements?.[0]).toEqual({ phase: 'Running', startedAt: at(0), resumeAt: at(sec(10)) });
    expect(status.metricResults?.[0]).not.toHaveProperty('count');
    status = recordMeasurement(spec, status, { metricName: 'm', measurement: { phase: 'Successful', startedAt: at(0) } }, T0 + sec(12));
    expect(status.metricResults?.[0]?.measurements).toEqual([{ phase: 'Successful', startedAt: at(0), finishedAt: at(sec(12)) }]);
    expect(status.metricResults?.[0]).toMatchObject({ count: 1, successful: 1 });
  });

  it('keeps the last 10 measurements by default', () => {
    const r = feed(Array(25).fill('Successful')).metricResults?.[0];
    expect(r?.measurements).toHaveLength(10);
    expect(r?.measurements?.[9]?.finishedAt).toBe(at(sec(24)));
    expect(r).toMatchObject({ count: 25, successful: 25 });
  });

  it.each([
    { name: 'rule for the metric by regex', rules: [{ metricName: '^m$', limit: 3 }], kept: 3 },
    { name: 'the later matching rule wins', rules: [{ metricName: '.*', limit: 3 }, { metricName: 'm', limit: 15 }], kept: 15 },
    { name: 'a non-positive limit falls back to 10', rules: [{ metricName: 'm', limit: 0 }], kept: 10 },
    { name: '* selects every metric', rules: [{ metricName: '*', limit: 2 }], kept: 2 },
  ])('retention: $name', ({ rules, kept }) => {
    expect(feed(Array(20).fill('Successful'), { ...spec, measurementRetention: rules }).metricResults?.[0]?.measurements).toHaveLength(kept);
  });

  it('bounds message and value', () => {
    const status = recordMeasurement(spec, {}, { metricName: 'm', measurement: { phase: 'Error', message: 'x'.repeat(5000), value: 'v'.repeat(10_000) } }, T0);
    const m = status.metricResults?.[0]?.measurements?.[0];
    expect(m?.message).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(m?.message?.endsWith('…')).toBe(true);
    expect(m?.value).toHaveLength(MAX_VALUE_LENGTH);
  });

  it('redacts secret values from message, value and metadata', () => {
    const status = recordMeasurement(
      spec,
      {},
      { metricName: 'm', measurement: { phase: 'Error', message: 'GET ?key=s3cr3t: 401', value: 's3cr3t' }, metadata: { query: 'key=s3cr3t' }, redact: ['s3cr3t'] },
      T0,
    );
    const result = status.metricResults?.[0];
    expect(result?.measurements?.[0]).toMatchObject({ message: 'GET ?key=*****: 401', value: '*****' });
    expect(result?.metadata).toEqual({ query: 'key=*****' });
    expect(JSON.stringify(status)).not.toContain('s3cr3t');
  });

  it('marks dry-run metrics and ignores metrics the spec does not name', () => {
    expect(feed(['Failed'], { ...spec, dryRun: [{ metricName: '.*' }] }).metricResults?.[0]?.dryRun).toBe(true);
    expect(recordMeasurement(spec, {}, { metricName: 'other', measurement: { phase: 'Failed' } }, T0)).toEqual({});
  });

  it.each(['Successful', 'Running'] as const)('a measurement stopped before it finished (terminate returned %s) is Inconclusive and counted so', (phase) => {
    const status = recordMeasurement(spec, {}, { metricName: 'm', measurement: { phase }, kind: 'terminate' }, T0);
    expect(status.metricResults?.[0]?.measurements?.[0]).toMatchObject({ phase: 'Inconclusive', message: METRIC_TERMINATED_MESSAGE });
    expect(status.metricResults?.[0]).toMatchObject({ count: 1, inconclusive: 1 });
    expect(status.metricResults?.[0]).not.toHaveProperty('successful');
  });

  it('a terminate that errored stays an Error', () => {
    const status = recordMeasurement(spec, {}, { metricName: 'm', measurement: { phase: 'Error', message: 'forbidden' }, kind: 'terminate' }, T0);
    expect(status.metricResults?.[0]?.measurements?.[0]).toMatchObject({ phase: 'Error', message: 'forbidden' });
  });
});

describe('applyMeasurement', () => {
  it('records and re-assesses: a Failed measurement fails the run', () => {
    const r = run({ metrics: [metric({ name: 'errors', interval: '1m' })] }, { phase: 'Running', startedAt: at(0) });
    const status = applyMeasurement(r, 'errors', { phase: 'Failed', value: '[16.31]', message: 'value [16.31] failed successCondition "result[0] <= 5"' }, T0 + sec(5));
    expect(status).toMatchObject({
      phase: 'Failed',
      completedAt: at(sec(5)),
      message: 'Metric "errors" assessed Failed due to failed (1) > failureLimit (0): "Error Message: value [16.31] failed successCondition "result[0] <= 5""',
      runSummary: { count: 1, failed: 1 },
    });
  });

  it('substitutes args in limits before judging', () => {
    const r = run({ metrics: [metric({ name: 'm', interval: '1m', failureLimit: '{{args.limit}}' })], args: [{ name: 'limit', value: '2' }] }, { phase: 'Running', startedAt: at(0) });
    expect(applyMeasurement(r, 'm', { phase: 'Failed' }, T0).phase).toBe('Running');
  });
});
