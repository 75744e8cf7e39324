import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnalysisPhase, AnalysisRun, Measurement } from '../../api/types.js';
import type { TakenMeasurement } from './apply-measurement.js';
import { METRIC_TERMINATED_MESSAGE as STOPPED } from './messages.js';
import { planAnalysisRun, type AnalysisPlan } from './plan-analysis-run.js';
import { at, metric, run, sec, T0 } from './runs.test-support.js';

type Provider = (metricName: string, kind: 'start' | 'resume' | 'terminate') => Measurement;

/** What the I/O layer does: plan, run the tasks, plan again with everything taken, until no task is left. */
function reconcile(r: AnalysisRun, now: number, provider: Provider): { run: AnalysisRun; first: AnalysisPlan; plan: AnalysisPlan; rounds: number } {
  const first = planAnalysisRun(r, now);
  const taken: TakenMeasurement[] = [];
  let plan = first;
  let rounds = 1;
  while (plan.measure.length > 0 || plan.terminateMeasurements.length > 0) {
    taken.push(
      ...plan.measure.map((t) => ({ metricName: t.metricName, measurement: provider(t.metricName, t.kind), kind: t.kind })),
      ...plan.terminateMeasurements.map((name) => ({ metricName: name, measurement: provider(name, 'terminate'), kind: 'terminate' as const })),
    );
    plan = planAnalysisRun(r, now, taken);
    rounds++;
    if (rounds > 10) throw new Error('planning did not settle');
  }
  return { run: { ...r, status: plan.status }, first, plan, rounds };
}

const always = (phase: AnalysisPhase): Provider => () => ({ phase });

describe('planAnalysisRun', () => {
  it('first plan: Pending -> Running, startedAt set, measures every metric without delay', () => {
    const plan = planAnalysisRun(run({ metrics: [metric({ name: 'a' }), metric({ name: 'b', initialDelay: '1m' })] }), T0);
    expect(plan.status).toMatchObject({ phase: 'Running', startedAt: at(0), runSummary: { count: 2 } });
    expect(plan.measure).toEqual([{ metricName: 'a', kind: 'start' }]);
    expect(plan.nextCheckAt).toBe(T0);
    expect(plan.changed).toBe(true);
  });

  it('re-planning an unchanged run at the same time changes nothing', () => {
    const { run: r } = reconcile(run({ metrics: [metric({ name: 'a', interval: '1m' })] }), T0, always('Successful'));
    const again = planAnalysisRun(r, T0);
    expect(again.changed).toBe(false);
    expect(again.status).toBe(r.status);
    expect(again.measure).toEqual([]);
    expect(again.events).toEqual([]);
    expect(planAnalysisRun(r, T0 + sec(30)).changed).toBe(false);
  });

  it('a count-1 metric completes the run Successful with completedAt and events', () => {
    const { plan } = reconcile(run({ metrics: [metric({ name: 'a' })] }), T0, always('Successful'));
    expect(plan.status).toMatchObject({ phase: 'Successful', completedAt: at(0), runSummary: { count: 1, successful: 1 } });
    expect(plan.nextCheckAt).toBeUndefined();
    expect(plan.events).toEqual([
      { type: 'Normal', reason: 'MetricSuccessful', message: "Metric 'a' Completed. Result: Successful" },
      { type: 'Normal', reason: 'AnalysisRunSuccessful', message: 'Analysis Completed. Result: Successful' },
    ]);
  });

  it('two metrics failing in one reconcile: the run message names the first in the spec', () => {
    const { plan } = reconcile(run({ metrics: [metric({ name: 'latency' }), metric({ name: 'errors' })] }), T0, (name) => ({ phase: 'Failed', message: `${name} too high` }));
    expect(plan.status).toMatchObject({
      phase: 'Failed',
      message: 'Metric "latency" assessed Failed due to failed (1) > failureLimit (0): "Error Message: latency too high"',
      runSummary: { count: 2, failed: 2 },
    });
  });

  it('a completed run is left alone', () => {
    const r = run({ metrics: [metric()] }, { phase: 'Failed', message: 'x' });
    expect(planAnalysisRun(r, T0)).toEqual({ measure: [], terminateMeasurements: [], status: r.status, changed: false, events: [] });
  });

  it('interval and count: measures on schedule until count is reached', () => {
    let r = run({ metrics: [metric({ name: 'a', interval: '30s', count: 3 })] });
    const times: number[] = [];
    let now = T0;
    for (let i = 0; i < 10; i++) {
      const out = reconcile(r, now, (name) => {
        times.push(now - T0);
        return { phase: 'Successful', value: name };
      });
      r = out.run;
      if (out.plan.nextCheckAt === undefined) break;
      now = out.plan.nextCheckAt;
    }
    expect(times).toEqual([0, sec(30), sec(60)]);
    expect(r.status).toMatchObject({ phase: 'Successful', metricResults: [{ count: 3, successful: 3 }] });
  });

  it('initialDelay: first measurement after the delay', () => {
    let r = run({ metrics: [metric({ name: 'a', initialDelay: '2m' })] });
    const first = reconcile(r, T0, always('Successful'));
    expect(first.plan.measure).toEqual([]);
    expect(first.plan.nextCheckAt).toBe(T0 + sec(120));
    r = first.run;
    expect(planAnalysisRun(r, T0 + sec(119)).measure).toEqual([]);
    expect(planAnalysisRun(r, T0 + sec(120)).measure).toEqual([{ metricName: 'a', kind: 'start' }]);
  });

  it('errors retry every 10s until consecutiveErrorLimit is passed', () => {
    let r = run({ metrics: [metric({ name: 'a', interval: '5m' })] });
    let now = T0;
    for (let i = 0; i < 10 && r.status?.phase !== 'Error'; i++) {
      const out = reconcile(r, now, always('Error'));
      r = out.run;
      now = out.plan.nextCheckAt ?? now;
    }
    expect(r.status).toMatchObject({
      phase: 'Error',
      message: 'Metric "a" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)',
      metricResults: [{ error: 5, consecutiveError: 5 }],
    });
    expect(now - T0).toBe(sec(40));
  });

  it('a failing metric stops the run at once and in-flight measurements of others are terminated', () => {
    const spec = { metrics: [metric({ name: 'job' }), metric({ name: 'errors', interval: '1m' })] };
    const started = reconcile(run(spec), T0, (name) => (name === 'job' ? { phase: 'Running' } : { phase: 'Successful' })).run;
    const out = reconcile(started, T0 + sec(60), (name, kind) => (name === 'errors' ? { phase: 'Failed' } : kind === 'terminate' ? { phase: 'Successful' } : { phase: 'Running' }));
    expect(out.first.terminateMeasurements).toEqual([]);
    expect(out.plan.status.phase).toBe('Failed');
    expect(out.rounds).toBe(3);
    expect(out.plan.status.metricResults?.find((m) => m.name === 'job')).toMatchObject({
      phase: 'Inconclusive', count: 1, inconclusive: 1, measurements: [{ phase: 'Inconclusive', message: STOPPED }],
    });
    expect(out.plan.status.message).toBe('Metric "errors" assessed Failed due to failed (1) > failureLimit (0)');
  });

  it('spec.terminate: stops; a measurement stopped before it finished makes its metric and the run Inconclusive', () => {
    const spec = { metrics: [metric({ name: 'job' }), metric({ name: 'bg', interval: '1m' })] };
    const started = reconcile(run(spec), T0, (name) => (name === 'job' ? { phase: 'Running' } : { phase: 'Successful' })).run;
    const out = reconcile({ ...started, spec: { ...spec, terminate: true } }, T0 + sec(5), always('Successful'));
    expect(out.first.terminateMeasurements).toEqual(['job']);
    expect(out.first.measure).toEqual([]);
    expect(out.plan.status).toMatchObject({
      phase: 'Inconclusive', completedAt: at(sec(5)),
      message: `Metric "job" assessed Inconclusive due to a measurement stopped before it finished: "Error Message: ${STOPPED}"`,
      runSummary: { count: 2, successful: 1, inconclusive: 1 },
    });
    const job = out.plan.status.metricResults?.find((m) => m.name === 'job');
    expect(job).toMatchObject({ phase: 'Inconclusive', count: 1, inconclusive: 1, measurements: [{ phase: 'Inconclusive', message: STOPPED, finishedAt: at(sec(5)) }] });
    expect(job).not.toHaveProperty('successful');
  });

  it('spec.terminate with nothing in flight: Successful with Run Terminated', () => {
    const spec = { metrics: [metric({ name: 'bg', interval: '1m' })] };
    const started = reconcile(run(spec), T0, always('Successful')).run;
    const out = reconcile({ ...started, spec: { ...spec, terminate: true } }, T0 + sec(5), always('Successful'));
    expect(out.plan.status).toMatchObject({ phase: 'Successful', message: 'Run Terminated' });
  });

  it('a provider that cannot stop a measurement does not make planning loop', () => {
    const started = reconcile(run({ metrics: [metric({ name: 'job' })] }), T0, always('Running')).run;
    const out = reconcile({ ...started, spec: { ...started.spec, terminate: true } }, T0 + sec(1), always('Running'));
    expect(out.rounds).toBe(2);
    // Left running by a provider that could not stop it: still nothing was measured.
    expect(out.plan.status.phase).toBe('Inconclusive');
  });

  it('spec.terminate with only failed and errored measurements is never Successful', () => {
    const spec = { metrics: [metric({ name: 'bg', interval: '1m', failureLimit: 3 })] };
    const started = reconcile(run(spec), T0, always('Failed')).run;
    const out = reconcile({ ...started, spec: { ...spec, terminate: true } }, T0 + sec(5), always('Successful'));
    expect(out.plan.status.phase).toBe('Failed');
  });

  it('an unresolved arg ends the run in Error with Argo\'s message', () => {
    const plan = planAnalysisRun(run({ metrics: [metric({ provider: { prometheus: { query: '{{args.missing}}' } } })] }), T0);
    expect(plan.status).toMatchObject({ phase: 'Error', message: 'Unable to resolve metric arguments: failed to resolve {{args.missing}}', completedAt: at(0) });
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'AnalysisRunError', message: 'Analysis Completed. Result: Error' }]);
  });

  it('a dryRun rule that selects nothing is an invalid spec', () => {
    const plan = planAnalysisRun(run({ metrics: [metric({ name: 'latency' })], dryRun: [{ metricName: 'latncy' }] }), T0);
    expect(plan.status).toMatchObject({ phase: 'Error', message: "Analysis spec invalid: dryRun[0]: Rule didn't match any metric name(s)" });
  });

  it('failureLimit -1 without consecutiveSuccessLimit is an invalid spec', () => {
    const plan = planAnalysisRun(run({ metrics: [metric({ failureLimit: -1 })] }), T0);
    expect(plan.status.message).toMatch(/^Analysis spec invalid: .*consecutiveSuccessLimit must be above 0/);
  });

  it('in-flight measurements resume at resumeAt', () => {
    const r = reconcile(run({ metrics: [metric({ name: 'job' })] }), T0, always('Running')).run;
    const measurement = r.status?.metricResults?.[0]?.measurements?.[0];
    expect(measurement?.resumeAt).toBe(at(sec(10)));
    expect(planAnalysisRun(r, T0 + sec(9)).measure).toEqual([]);
    expect(planAnalysisRun(r, T0 + sec(9)).nextCheckAt).toBe(T0 + sec(10));
    const done = reconcile(r, T0 + sec(10), (_, kind) => ({ phase: kind === 'resume' ? 'Successful' : 'Running' }));
    expect(done.first.measure).toEqual([{ metricName: 'job', kind: 'resume' }]);
    expect(done.plan.status).toMatchObject({ phase: 'Successful', metricResults: [{ count: 1, measurements: [{ phase: 'Successful' }] }] });
  });

  it('resumes an in-flight measurement early when told it has finished (resumeNow), and only a resume', () => {
    const r = reconcile(run({ metrics: [metric({ name: 'job' })] }), T0, always('Running')).run;
    expect(planAnalysisRun(r, T0 + sec(1), [], new Set(['job'])).measure).toEqual([{ metricName: 'job', kind: 'resume' }]);
    expect(planAnalysisRun(r, T0 + sec(1), [], new Set(['other'])).measure).toEqual([]);
    const fresh = run({ metrics: [metric({ name: 'later', initialDelay: '1m' })] });
    expect(planAnalysisRun(fresh, T0, [], new Set(['later'])).measure).toEqual([]);
  });

  it('the earliest next time across metrics is nextCheckAt', () => {
    const r = reconcile(run({ metrics: [metric({ name: 'a', interval: '5m' }), metric({ name: 'b', interval: '1m' }), metric({ name: 'c', initialDelay: '3m' })] }), T0, always('Successful'));
    expect(r.plan.nextCheckAt).toBe(T0 + sec(60));
  });
});

describe('planAnalysisRun properties', () => {
  const outcome = fc.constantFrom<AnalysisPhase>('Successful', 'Failed', 'Inconclusive', 'Error', 'Running');
  it('after each reconcile, planning again at the same time changes nothing and nothing is due', () => {
    fc.assert(
      fc.property(
        fc.array(outcome, { minLength: 1, maxLength: 30 }),
        fc.record({ count: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), failureLimit: fc.integer({ min: 0, max: 3 }), retention: fc.integer({ min: 1, max: 4 }) }),
        (outcomes, l) => {
          let r = run({
            metrics: [metric({ name: 'a', interval: '30s', count: l.count, failureLimit: l.count === undefined ? l.failureLimit : Math.min(l.failureLimit, l.count) }), metric({ name: 'b', interval: '45s' })],
            measurementRetention: [{ metricName: '.*', limit: l.retention }],
          });
          let now = T0;
          let i = 0;
          for (let step = 0; step < 40 && r.status?.phase !== 'Failed' && !(r.status?.completedAt); step++) {
            const out = reconcile(r, now, () => ({ phase: outcomes[i++ % outcomes.length] ?? 'Successful' }));
            r = out.run;
            const again = planAnalysisRun(r, now);
            expect(again.changed).toBe(false);
            expect(again.measure).toEqual([]);
            for (const m of r.status?.metricResults ?? []) expect(m.measurements?.length ?? 0).toBeLessThanOrEqual(l.retention);
            if (out.plan.nextCheckAt === undefined) break;
            expect(out.plan.nextCheckAt).toBeGreaterThan(now);
            now = out.plan.nextCheckAt;
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
