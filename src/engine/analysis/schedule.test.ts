import { describe, expect, it } from 'vitest';
import type { Metric, MetricResult } from '../../api/types.js';
import { nextMeasurementAt } from './schedule.js';
import { at, done, metric, resultOf, sec, T0 } from './runs.test-support.js';

type Row = { name: string; metric: Partial<Metric>; result?: MetricResult; expected: { at: number; kind: 'start' | 'resume' } | undefined };

const rows: Row[] = [
  { name: 'first measurement, no delay: at run start', metric: {}, expected: { at: T0, kind: 'start' } },
  { name: 'initialDelay 5m: run start + 5m', metric: { initialDelay: '5m' }, expected: { at: T0 + sec(300), kind: 'start' } },
  { name: 'initialDelay as integer seconds text', metric: { initialDelay: '30' }, expected: { at: T0 + sec(30), kind: 'start' } },
  { name: 'count 1 (default) reached: done', metric: {}, result: resultOf('m', ['Successful']), expected: undefined },
  {
    name: 'interval 1m: last finishedAt + 1m',
    metric: { interval: '1m' },
    result: { name: 'm', phase: 'Running', count: 1, successful: 1, measurements: [done('Successful', sec(10))] },
    expected: { at: T0 + sec(70), kind: 'start' },
  },
  {
    name: 'count 3 with 2 counted: next at interval',
    metric: { interval: '30s', count: 3 },
    result: { ...resultOf('m', ['Successful', 'Successful']) },
    expected: { at: T0 + sec(1) + sec(30), kind: 'start' },
  },
  { name: 'count 3 reached: done', metric: { interval: '30s', count: 3 }, result: resultOf('m', ['Successful', 'Failed', 'Successful']), expected: undefined },
  {
    name: 'after an Error: retry in 10s, not at the interval',
    metric: { interval: '5m' },
    result: { name: 'm', phase: 'Running', error: 1, consecutiveError: 1, measurements: [done('Error', 0)] },
    expected: { at: T0 + sec(10), kind: 'start' },
  },
  {
    name: 'errors do not reach count 1: retry in 10s',
    metric: {},
    result: { name: 'm', phase: 'Running', error: 1, consecutiveError: 1, measurements: [done('Error', 0)] },
    expected: { at: T0 + sec(10), kind: 'start' },
  },
  {
    name: 'in flight with resumeAt: resume then',
    metric: { interval: '1m' },
    result: { name: 'm', phase: 'Running', measurements: [{ phase: 'Running', startedAt: at(0), resumeAt: at(sec(45)) }] },
    expected: { at: T0 + sec(45), kind: 'resume' },
  },
  {
    name: 'in flight without resumeAt: resume now',
    metric: {},
    result: { name: 'm', phase: 'Running', measurements: [{ phase: 'Running', startedAt: at(0) }] },
    expected: { at: T0 + sec(99), kind: 'resume' },
  },
  { name: 'completed metric: done', metric: { interval: '1m' }, result: { name: 'm', phase: 'Failed' }, expected: undefined },
  { name: 'unreadable interval: not scheduled', metric: { interval: '5 min' }, result: resultOf('m', ['Successful']), expected: undefined },
];

describe('nextMeasurementAt', () => {
  it.each(rows)('$name', (row) => {
    expect(nextMeasurementAt(metric(row.metric), row.result, T0, T0 + sec(99))).toEqual(row.expected);
  });
});
