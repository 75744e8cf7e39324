// Malformed AnalysisRuns never crash the planner: any JSON value at a path of a run that is in
// the middle of measuring (its spec, its status, a measurement), and what its providers return.
import fc from 'fast-check';
import { junk, setAt } from '../../../test/support/json-fuzz.js';
import { describe, expect, it } from 'vitest';
import type { AnalysisRun } from '../../api/types.js';
import { planAnalysisRun } from './plan-analysis-run.js';
import { at, metric, resultOf, sec, T0 } from './runs.test-support.js';

function measuring(): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'r', namespace: 'default' },
    spec: {
      args: [{ name: 'svc', value: 'web' }],
      metrics: [
        metric({ name: 'errors', interval: '10s', count: 3, successCondition: 'result[0] <= 5', failureLimit: 1 }),
        metric({ name: 'latency', initialDelay: '5s', failureCondition: 'result > 300', consecutiveErrorLimit: 2 }),
      ],
      dryRun: [{ metricName: 'lat.*' }],
      measurementRetention: [{ metricName: 'errors', limit: 2 }],
    },
    status: {
      phase: 'Running', startedAt: at(0),
      metricResults: [resultOf('errors', ['Successful', 'Failed']), resultOf('latency', ['Error'])],
    },
  } as AnalysisRun;
}

const PATHS = [
  ['spec'], ['spec', 'metrics'], ['spec', 'metrics', 0], ['spec', 'metrics', 0, 'interval'], ['spec', 'metrics', 0, 'count'],
  ['spec', 'metrics', 0, 'failureLimit'], ['spec', 'metrics', 0, 'successCondition'], ['spec', 'metrics', 0, 'provider'],
  ['spec', 'metrics', 1, 'initialDelay'], ['spec', 'metrics', 1, 'consecutiveErrorLimit'], ['spec', 'args'], ['spec', 'args', 0, 'value'],
  ['spec', 'dryRun'], ['spec', 'dryRun', 0, 'metricName'], ['spec', 'measurementRetention'], ['spec', 'terminate'], ['spec', 'ttlStrategy'],
  ['status'], ['status', 'phase'], ['status', 'startedAt'], ['status', 'metricResults'], ['status', 'metricResults', 0],
  ['status', 'metricResults', 0, 'measurements'], ['status', 'metricResults', 0, 'measurements', 0, 'finishedAt'],
  ['status', 'metricResults', 0, 'measurements', 1, 'resumeAt'], ['status', 'metricResults', 0, 'count'], ['status', 'metricResults', 1, 'phase'],
  ['status', 'metricResults', 1, 'consecutiveError'],
] as const;


const junkValue = junk('1h', '-5s', 'result[');

describe('planAnalysisRun on malformed input', () => {
  it('never throws, and finishes planning, whatever the run or its providers hold', () => {
    fc.assert(fc.property(fc.array(fc.record({ path: fc.constantFrom(...PATHS), value: junkValue }), { minLength: 1, maxLength: 3 }), junkValue, (edits, returned) => {
      const run = measuring();
      for (const e of edits) setAt(run, e.path, e.value);
      const now = T0 + sec(30);
      const first = planAnalysisRun(run, now);
      expect(first.status).toBeTypeOf('object');
      // What a provider hands back goes through the same planner: it may be anything too.
      const taken = first.measure.map((t) => ({ metricName: t.metricName, kind: t.kind,
        measurement: { phase: 'Successful' as const, value: typeof returned === 'string' ? returned : JSON.stringify(returned) } }));
      const second = planAnalysisRun(run, now, taken);
      expect(second.status).toBeTypeOf('object');
    }), { numRuns: 2000 });
  });
});

describe('planAnalysisRun on a malformed status field', () => {
  it('plans as if it were absent, asks for the status to be written again, and says which', () => {
    const run = measuring();
    const absent = planAnalysisRun(run, T0 + sec(30));
    setAt(run, ['status', 'runSummary'], 'not a summary');
    const plan = planAnalysisRun(run, T0 + sec(30));
    expect(plan.changed).toBe(true);
    expect(plan.warnings).toEqual(['malformed status fields ignored and rebuilt: status.runSummary: must be an object, got "not a summary"']);
    expect(plan.status).toEqual(absent.status);
  });
});
