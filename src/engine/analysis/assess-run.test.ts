import { describe, expect, it } from 'vitest';
import type { AnalysisPhase, AnalysisRunSpec, MetricResult } from '../../api/types.js';
import { assessRun, isTerminating } from './assess-run.js';
import { metric, resultOf } from './runs.test-support.js';

const spec = (names: string[], extra: Partial<AnalysisRunSpec> = {}): AnalysisRunSpec => ({
  metrics: names.map((name) => metric({ name, interval: name.startsWith('bg') ? '1m' : undefined })),
  ...extra,
});

type Row = {
  name: string;
  spec: AnalysisRunSpec;
  results: MetricResult[];
  phase: AnalysisPhase;
  message?: string;
  runSummary?: object;
  dryRunSummary?: object;
};

const rows: Row[] = [
  { name: 'nothing measured yet: Running', spec: spec(['a', 'b']), results: [], phase: 'Running', runSummary: { count: 2 } },
  { name: 'one done, one not started: Running', spec: spec(['a', 'b']), results: [resultOf('a', ['Successful'])], phase: 'Running' },
  {
    name: 'all Successful: Successful',
    spec: spec(['a', 'b']),
    results: [resultOf('a', ['Successful']), resultOf('b', ['Successful'])],
    phase: 'Successful',
    runSummary: { count: 2, successful: 2 },
  },
  {
    name: 'one Failed: the run Failed with the metric message',
    spec: spec(['a', 'http_error_count']),
    results: [resultOf('a', ['Successful']), resultOf('http_error_count', ['Failed'])],
    phase: 'Failed',
    message: 'Metric "http_error_count" assessed Failed due to failed (1) > failureLimit (0)',
    runSummary: { count: 2, successful: 1, failed: 1 },
  },
  {
    name: 'two metrics Failed: the message names the first in the spec (Argo assesses metrics in spec order)',
    spec: spec(['latency', 'errors']),
    results: [resultOf('errors', ['Failed']), resultOf('latency', ['Failed'])],
    phase: 'Failed',
    message: 'Metric "latency" assessed Failed due to failed (1) > failureLimit (0)',
    runSummary: { count: 2, failed: 2 },
  },
  {
    name: 'an Error then a Failed metric: the Failed one is named (the worse phase)',
    spec: spec(['a', 'b'], { metrics: [metric({ name: 'a', consecutiveErrorLimit: 0 }), metric({ name: 'b' })] }),
    results: [resultOf('a', ['Error']), resultOf('b', ['Failed'])],
    phase: 'Failed',
    message: 'Metric "b" assessed Failed due to failed (1) > failureLimit (0)',
  },
  {
    name: 'a failure stops a background metric at once (Successful) and the run Failed',
    spec: spec(['bg', 'a']),
    results: [resultOf('bg', ['Successful']), resultOf('a', ['Failed'])],
    phase: 'Failed',
    runSummary: { count: 2, successful: 1, failed: 1 },
  },
  {
    name: 'Failed beats Error beats Inconclusive',
    spec: spec(['a', 'b', 'c'], { metrics: [metric({ name: 'a' }), metric({ name: 'b', consecutiveErrorLimit: 0 }), metric({ name: 'c' })] }),
    results: [resultOf('a', ['Inconclusive']), resultOf('b', ['Error']), resultOf('c', ['Failed'])],
    phase: 'Failed',
  },
  {
    name: 'dry-run failure does not decide the run',
    spec: spec(['a', 'dry'], { dryRun: [{ metricName: 'dry' }] }),
    results: [resultOf('a', ['Successful']), resultOf('dry', ['Failed'], { dryRun: true })],
    phase: 'Successful',
    runSummary: { count: 1, successful: 1 },
    dryRunSummary: { count: 1, failed: 1 },
  },
  {
    name: 'every metric dry run (.*): Successful once all complete',
    spec: spec(['a', 'b'], { dryRun: [{ metricName: '.*' }] }),
    results: [resultOf('a', ['Failed'], { dryRun: true }), resultOf('b', ['Error', 'Error', 'Error', 'Error', 'Error'], { dryRun: true })],
    phase: 'Successful',
    dryRunSummary: { count: 2, failed: 1, error: 1 },
  },
  {
    name: 'terminate before any measurement: Successful, Run Terminated',
    spec: spec(['a'], { terminate: true }),
    results: [],
    phase: 'Successful',
    message: 'Run Terminated',
  },
  {
    name: 'terminate a background metric: Successful',
    spec: spec(['bg'], { terminate: true }),
    results: [resultOf('bg', ['Successful', 'Successful'])],
    phase: 'Successful',
    message: 'Run Terminated',
  },
  {
    name: 'terminate after errors only: Error (never Successful without a success)',
    spec: spec(['bg'], { terminate: true }),
    results: [resultOf('bg', ['Error', 'Error'])],
    phase: 'Error',
    message: 'Metric "bg" assessed Error due to no successful measurement (failed: 0, error: 2, inconclusive: 0)',
  },
  {
    name: 'the metric message is appended as Argo does',
    spec: spec(['a']),
    results: [resultOf('a', [], { measurements: [{ phase: 'Failed', finishedAt: '2026-11-21T10:00:00Z', message: 'value [9] failed successCondition "result[0] < 5"' }], count: 1, failed: 1 })],
    phase: 'Failed',
    message: 'Metric "a" assessed Failed due to failed (1) > failureLimit (0): "Error Message: value [9] failed successCondition "result[0] < 5""',
  },
];

describe('assessRun', () => {
  it.each(rows)('$name', (row) => {
    const out = assessRun(row.spec, { phase: 'Running', metricResults: row.results });
    expect(out.phase).toBe(row.phase);
    if (row.message !== undefined) expect(out.message).toBe(row.message);
    if (row.runSummary !== undefined) expect(out.runSummary).toEqual(row.runSummary);
    if (row.dryRunSummary !== undefined) expect(out.dryRunSummary).toEqual(row.dryRunSummary);
  });

  it('keeps the message while the phase does not change', () => {
    const out = assessRun(spec(['a']), { phase: 'Running', message: 'kept', metricResults: [] });
    expect(out.message).toBe('kept');
  });

  it('a metric result takes its last measurement message when its phase changes', () => {
    const results = [resultOf('a', [], { measurements: [{ phase: 'Failed', finishedAt: '2026-11-21T10:00:00Z', message: 'why' }], count: 1, failed: 1 })];
    expect(assessRun(spec(['a']), { metricResults: results }).metricResults?.[0]).toMatchObject({ phase: 'Failed', message: 'why' });
  });
});

describe('isTerminating', () => {
  it.each([
    { name: 'spec.terminate', terminate: true, results: [], expected: true },
    { name: 'a Failed metric', terminate: false, results: [{ name: 'a', phase: 'Failed' }], expected: true },
    { name: 'an Inconclusive metric', terminate: false, results: [{ name: 'a', phase: 'Inconclusive' }], expected: true },
    { name: 'a Failed dry-run metric does not', terminate: false, results: [{ name: 'a', phase: 'Failed', dryRun: true }], expected: false },
    { name: 'running metrics do not', terminate: false, results: [{ name: 'a', phase: 'Running' }], expected: false },
  ] as const)('$name', ({ terminate, results, expected }) => {
    expect(isTerminating({ terminate }, results as unknown as MetricResult[])).toBe(expected);
  });
});
