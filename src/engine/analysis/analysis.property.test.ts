// Properties of recording and assessing measurements, over random metrics, limits and outcomes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnalysisPhase, AnalysisRunSpec, AnalysisRunStatus, Metric } from '../../api/types.js';
import { recordMeasurement } from './apply-measurement.js';
import { assessRun } from './assess-run.js';
import { retentionLimitOf } from './metric-selectors.js';
import { isCompletedPhase, phaseRank, worstPhase } from './phases.js';
import { statusEqual } from './status-equal.js';
import { metric, T0 } from './runs.test-support.js';

const limit = (min: number, max: number) => fc.option(fc.integer({ min, max }), { nil: undefined });

const metricArb = (name: string): fc.Arbitrary<Metric> =>
  fc.record({
    count: limit(1, 6),
    failureLimit: limit(-1, 3),
    inconclusiveLimit: limit(-1, 2),
    consecutiveErrorLimit: limit(-1, 4),
    consecutiveSuccessLimit: limit(0, 3),
  }).map((l) => metric({ name, interval: '1m', ...l }));

const scenarioArb = fc.record({
  metrics: fc.tuple(metricArb('m0'), metricArb('m1'), metricArb('m2')).chain((ms) => fc.integer({ min: 1, max: 3 }).map((n) => ms.slice(0, n))),
  dryRun: fc.boolean(),
  retention: limit(1, 6),
  terminate: fc.boolean(),
  events: fc.array(fc.tuple(fc.nat(2), fc.constantFrom<AnalysisPhase>('Successful', 'Failed', 'Inconclusive', 'Error')), { maxLength: 40 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function play(s: Scenario): { spec: AnalysisRunSpec; status: AnalysisRunStatus } {
  const spec: AnalysisRunSpec = {
    metrics: s.metrics,
    ...(s.dryRun ? { dryRun: [{ metricName: 'm1' }] } : {}),
    ...(s.retention !== undefined ? { measurementRetention: [{ metricName: '.*', limit: s.retention }] } : {}),
  };
  let status: AnalysisRunStatus = assessRun(spec, { phase: 'Running', metricResults: [] });
  s.events.forEach(([i, phase], n) => {
    const name = s.metrics[i]?.name;
    if (name === undefined || isCompletedPhase(status.phase)) return;
    if (isCompletedPhase(status.metricResults?.find((r) => r.name === name)?.phase)) return;
    status = assessRun(spec, recordMeasurement(spec, status, { metricName: name, measurement: { phase } }, T0 + n * 60_000));
  });
  if (s.terminate && !isCompletedPhase(status.phase)) {
    const terminated = { ...spec, terminate: true };
    return { spec: terminated, status: assessRun(terminated, status) };
  }
  return { spec, status };
}

describe('analysis properties', () => {
  it('count is the sum of successful, failed and inconclusive; retention is never exceeded', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { spec, status } = play(s);
        for (const r of status.metricResults ?? []) {
          expect(r.count ?? 0).toBe((r.successful ?? 0) + (r.failed ?? 0) + (r.inconclusive ?? 0));
          expect(r.measurements?.length ?? 0).toBeLessThanOrEqual(retentionLimitOf(spec, r.name));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a completed run is the worst of its completed non-dry-run metrics; an ended run with all metrics completed is their max', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { spec, status } = play(s);
        const results = (status.metricResults ?? []).filter((r) => r.dryRun !== true);
        const completed = results.filter((r) => isCompletedPhase(r.phase)).map((r) => r.phase);
        const worst = completed.reduce<AnalysisPhase>(worstPhase, 'Successful');
        if (isCompletedPhase(status.phase)) expect(status.phase).toBe(worst);
        const allDone = spec.metrics.every((m) => isCompletedPhase(status.metricResults?.find((r) => r.name === m.name)?.phase));
        if (allDone) expect(status.phase).toBe(worst);
        for (const phase of completed) expect(phaseRank(status.phase ?? 'Running')).toBeGreaterThanOrEqual(isCompletedPhase(status.phase) ? phaseRank(phase) : 0);
      }),
      { numRuns: 400 },
    );
  });

  it('never Successful when every measurement of every non-dry-run metric failed or errored', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { status } = play(s);
        const results = (status.metricResults ?? []).filter((r) => r.dryRun !== true);
        const measured = results.reduce((n, r) => n + (r.count ?? 0) + (r.error ?? 0), 0);
        const succeeded = results.reduce((n, r) => n + (r.successful ?? 0), 0);
        if (measured > 0 && succeeded === 0) expect(status.phase).not.toBe('Successful');
      }),
      { numRuns: 400 },
    );
  });

  it('a run that ends worse than Successful says why, naming the first metric in the spec with its phase', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { spec, status } = play(s);
        if (status.phase !== 'Failed' && status.phase !== 'Error' && status.phase !== 'Inconclusive') return;
        const first = spec.metrics.find((m) => status.metricResults?.some((r) => r.name === m.name && r.dryRun !== true && r.phase === status.phase));
        expect(status.message ?? '').toMatch(new RegExp(`^Metric "${first?.name ?? '?'}" assessed ${status.phase} due to `));
      }),
      { numRuns: 600 },
    );
  });

  it('assessing again changes nothing', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { spec, status } = play(s);
        expect(statusEqual(assessRun(spec, status), status)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
