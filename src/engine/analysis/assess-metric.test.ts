import { describe, expect, it } from 'vitest';
import type { AnalysisPhase, Metric, MetricResult } from '../../api/types.js';
import { assessMetric } from './assess-metric.js';
import { metric, resultOf } from './runs.test-support.js';

type Row = {
  name: string;
  metric: Partial<Metric>;
  phases: AnalysisPhase[];
  result?: Partial<MetricResult>;
  terminating?: boolean;
  dryRun?: boolean;
  phase: AnalysisPhase;
  message?: string;
};

const rows: Row[] = [
  { name: 'no measurement yet: Pending', metric: {}, phases: [], phase: 'Pending' },
  { name: 'no measurement, terminating: Successful', metric: {}, phases: [], terminating: true, phase: 'Successful' },
  {
    name: 'failed 1 > failureLimit 0: Failed',
    metric: { name: 'http_error_count' },
    phases: ['Failed'],
    phase: 'Failed',
    message: 'Metric "http_error_count" assessed Failed due to failed (1) > failureLimit (0)',
  },
  { name: 'failed 2 within failureLimit 2: still Running', metric: { interval: '1m', failureLimit: 2 }, phases: ['Failed', 'Failed', 'Successful'], phase: 'Running' },
  { name: 'failed 3 > failureLimit 2: Failed', metric: { interval: '1m', failureLimit: 2 }, phases: ['Failed', 'Failed', 'Successful', 'Failed'], phase: 'Failed' },
  { name: 'failureLimit as a string (from args)', metric: { interval: '1m', failureLimit: '1' }, phases: ['Failed', 'Successful'], phase: 'Running' },
  {
    name: 'failureLimit -1 disables failing (with consecutiveSuccessLimit)',
    metric: { interval: '1m', failureLimit: -1, consecutiveSuccessLimit: 2 },
    phases: ['Failed', 'Failed', 'Failed', 'Successful'],
    phase: 'Running',
  },
  {
    name: 'inconclusive 1 > inconclusiveLimit 0: Inconclusive',
    metric: { name: 'x' },
    phases: ['Inconclusive'],
    phase: 'Inconclusive',
    message: 'Metric "x" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)',
  },
  { name: 'inconclusiveLimit 1 tolerates one', metric: { interval: '1m', inconclusiveLimit: 1 }, phases: ['Inconclusive', 'Successful'], phase: 'Running' },
  { name: 'inconclusiveLimit -1 disables', metric: { interval: '1m', inconclusiveLimit: -1 }, phases: ['Inconclusive', 'Inconclusive', 'Successful'], phase: 'Running' },
  { name: '4 errors in a row within the default limit 4: Running', metric: {}, phases: ['Error', 'Error', 'Error', 'Error'], phase: 'Running' },
  {
    name: '5 errors in a row > consecutiveErrorLimit 4: Error',
    metric: { name: 'x' },
    phases: ['Error', 'Error', 'Error', 'Error', 'Error'],
    phase: 'Error',
    message: 'Metric "x" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)',
  },
  { name: 'errors broken by a success do not add up', metric: { interval: '1m' }, phases: ['Error', 'Error', 'Error', 'Successful', 'Error', 'Error'], phase: 'Running' },
  { name: 'consecutiveErrorLimit 0: first error ends it', metric: { consecutiveErrorLimit: 0 }, phases: ['Error'], phase: 'Error' },
  { name: 'consecutiveErrorLimit -1 disables', metric: { consecutiveErrorLimit: -1, interval: '1m' }, phases: Array(9).fill('Error'), phase: 'Running' },
  {
    name: 'later rule wins: failed and consecutive errors -> Error (Argo order)',
    metric: { consecutiveErrorLimit: 0, interval: '1m' },
    phases: ['Failed', 'Error'],
    phase: 'Error',
  },
  { name: 'count 1 reached: Successful', metric: {}, phases: ['Successful'], phase: 'Successful' },
  { name: 'count 3 not reached: Running', metric: { count: 3, interval: '1m' }, phases: ['Successful', 'Successful'], phase: 'Running' },
  { name: 'count 3 reached with a tolerated failure: Successful', metric: { count: 3, interval: '1m', failureLimit: 1 }, phases: ['Successful', 'Failed', 'Successful'], phase: 'Successful' },
  { name: 'errors are not counted toward count', metric: { count: 2, interval: '1m' }, phases: ['Successful', 'Error'], phase: 'Running' },
  { name: 'interval only: runs until terminated', metric: { interval: '1m' }, phases: Array(20).fill('Successful'), phase: 'Running' },
  { name: 'interval only, terminating: Successful', metric: { interval: '1m' }, phases: ['Successful', 'Successful'], terminating: true, phase: 'Successful' },
  { name: 'in-flight measurement: Running even when terminating', metric: {}, phases: [], result: { measurements: [{ phase: 'Running' }] }, terminating: true, phase: 'Running' },
  {
    name: 'failureLimit is checked before consecutiveSuccessLimit',
    metric: { count: 10, interval: '1m', consecutiveSuccessLimit: 3 },
    phases: ['Failed', 'Successful', 'Successful', 'Successful'],
    phase: 'Failed',
  },
  {
    name: 'consecutiveSuccessLimit reached before count: Successful early',
    metric: { count: 10, interval: '1m', consecutiveSuccessLimit: 3 },
    phases: ['Successful', 'Successful', 'Successful'],
    phase: 'Successful',
  },
  {
    name: 'consecutiveSuccessLimit 3 reached with failureLimit -1: Successful',
    metric: { count: 10, interval: '1m', failureLimit: -1, consecutiveSuccessLimit: 3 },
    phases: ['Failed', 'Successful', 'Successful', 'Successful'],
    phase: 'Successful',
  },
  {
    name: 'consecutiveSuccessLimit unmet at count, failureLimit -1: Failed',
    metric: { name: 'x', count: 3, interval: '1m', failureLimit: -1, consecutiveSuccessLimit: 2 },
    phases: ['Successful', 'Failed', 'Successful'],
    phase: 'Failed',
    message: 'Metric "x" assessed Failed due to consecutiveSuccess (1) < consecutiveSuccessLimit (2) after count (3) reached',
  },
  {
    name: 'consecutiveSuccessLimit unmet at count, failureLimit applies: Inconclusive',
    metric: { count: 3, interval: '1m', failureLimit: 1, consecutiveSuccessLimit: 2 },
    phases: ['Successful', 'Failed', 'Successful'],
    phase: 'Inconclusive',
  },
  {
    name: 'Kanary: every measurement failed within failureLimit is never Successful',
    metric: { name: 'x', count: 3, interval: '1m', failureLimit: 5 },
    phases: ['Failed', 'Failed', 'Failed'],
    phase: 'Failed',
    message: 'Metric "x" assessed Failed due to no successful measurement (failed: 3, error: 0, inconclusive: 0)',
  },
  { name: 'Kanary: errors only, then terminated: Error', metric: { interval: '1m' }, phases: ['Error', 'Error'], terminating: true, phase: 'Error' },
  { name: 'Kanary: inconclusive only within limit at count: Inconclusive', metric: { inconclusiveLimit: 2 }, phases: ['Inconclusive'], phase: 'Inconclusive' },
  { name: 'a completed phase never changes', metric: {}, phases: ['Failed'], result: { phase: 'Successful' }, phase: 'Successful' },
  {
    name: 'dry run: message in the dry-run form',
    metric: {},
    phases: ['Failed'],
    dryRun: true,
    phase: 'Failed',
    message: 'Metric assessed Failed due to failed (1) > failureLimit (0)',
  },
];

describe('assessMetric', () => {
  it.each(rows)('$name', (row) => {
    const m = metric(row.metric);
    const result = row.phases.length === 0 && row.result === undefined ? undefined : resultOf(m.name, row.phases, row.result);
    const out = assessMetric(m, result, { terminating: row.terminating ?? false, dryRun: row.dryRun });
    expect(out.phase).toBe(row.phase);
    if (row.message !== undefined) expect(out.message).toBe(row.message);
  });
});
