// Tables for the small building blocks: texts, selectors, limits, events, equality.
import { describe, expect, it } from 'vitest';
import { analysisEvents } from './events.js';
import { intOf, limitProblems, metricLimits } from './limits.js';
import { metricAssessedMessage, truncateText } from './messages.js';
import { isDryRunMetric, retentionLimitOf, selectsMetric, unmatchedSelectorProblems } from './metric-selectors.js';
import { worstPhase } from './phases.js';
import { statusEqual } from './status-equal.js';
import { metric } from './runs.test-support.js';

describe('messages', () => {
  it('truncates with an ellipsis', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abc', 4)).toBe('abc');
  });
  it('writes Argo\'s metric message and bounds it', () => {
    expect(metricAssessedMessage('http_error_count', 'Failed', 'failed (1) > failureLimit (0)')).toBe(
      'Metric "http_error_count" assessed Failed due to failed (1) > failureLimit (0)',
    );
    expect(metricAssessedMessage('m', 'Failed', 'r', 'x'.repeat(3000))).toHaveLength(1024);
  });
});

describe('metric selectors', () => {
  it.each([
    { pattern: '.*', name: 'latency', selects: true },
    { pattern: 'error', name: 'http_errors', selects: true },
    { pattern: '^err', name: 'http_error', selects: false },
    { pattern: '*', name: 'anything', selects: true },
    { pattern: '(', name: '(', selects: false },
  ])('$pattern selects $name: $selects', ({ pattern, name, selects }) => expect(selectsMetric(pattern, name)).toBe(selects));

  it('dryRun and retention read their rules', () => {
    expect(isDryRunMetric({ dryRun: [{ metricName: 'lat.*' }] }, 'latency')).toBe(true);
    expect(retentionLimitOf({ measurementRetention: [{ metricName: '.*', limit: 5 }, { metricName: '^latency$', limit: 20 }] }, 'latency')).toBe(20);
    expect(retentionLimitOf({}, 'x')).toBe(10);
  });

  it('reports rules that select nothing', () => {
    expect(unmatchedSelectorProblems({ dryRun: [{ metricName: 'latncy' }], measurementRetention: [{ metricName: 'x', limit: 1 }] }, ['latency'])).toEqual([
      "dryRun[0]: Rule didn't match any metric name(s)",
      "measurementRetention[0]: Rule didn't match any metric name(s)",
    ]);
  });
});

describe('limits', () => {
  it('defaults as Argo', () => {
    expect(metricLimits(metric())).toEqual({ failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4, consecutiveSuccessLimit: 0, count: 1 });
    expect(metricLimits(metric({ interval: '1m' })).count).toBeUndefined();
  });
  it.each([
    { value: 3, out: 3 },
    { value: '3', out: 3 },
    { value: '-1', out: -1 },
    { value: '{{args.x}}', out: 7 },
    { value: undefined, out: 7 },
  ])('intOf($value)', ({ value, out }) => expect(intOf(value, 7)).toBe(out));
  it('needs failureLimit or consecutiveSuccessLimit to apply', () => {
    expect(limitProblems(metric({ failureLimit: -1 }))).toEqual(['failureLimit is disabled (-1), so consecutiveSuccessLimit must be above 0']);
    expect(limitProblems(metric({ failureLimit: -1, consecutiveSuccessLimit: 1 }))).toEqual([]);
  });
});

describe('phases', () => {
  it.each([
    { a: 'Successful', b: 'Running', worst: 'Running' },
    { a: 'Running', b: 'Pending', worst: 'Pending' },
    { a: 'Inconclusive', b: 'Pending', worst: 'Inconclusive' },
    { a: 'Error', b: 'Inconclusive', worst: 'Error' },
    { a: 'Failed', b: 'Error', worst: 'Failed' },
  ] as const)('worst of $a and $b is $worst', ({ a, b, worst }) => {
    expect(worstPhase(a, b)).toBe(worst);
    expect(worstPhase(b, a)).toBe(worst);
  });
});

describe('analysisEvents', () => {
  it('one per completed metric, then the run, with Argo reasons', () => {
    const events = analysisEvents(
      { phase: 'Running', metricResults: [{ name: 'a', phase: 'Running' }, { name: 'b', phase: 'Successful' }] },
      { phase: 'Failed', metricResults: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Successful' }] },
    );
    expect(events).toEqual([
      { type: 'Warning', reason: 'MetricFailed', message: "Metric 'a' Completed. Result: Failed" },
      { type: 'Warning', reason: 'AnalysisRunFailed', message: 'Analysis Completed. Result: Failed' },
    ]);
  });
  it('none when nothing completed', () => {
    expect(analysisEvents(undefined, { phase: 'Running' })).toEqual([]);
  });
});

describe('statusEqual', () => {
  it.each([
    { a: { phase: 'Running', message: undefined }, b: { phase: 'Running' }, equal: true },
    { a: { x: 1, y: 2 }, b: { y: 2, x: 1 }, equal: true },
    { a: { l: [1, 2] }, b: { l: [2, 1] }, equal: false },
    { a: undefined, b: {}, equal: true },
  ])('$a vs $b', ({ a, b, equal }) => expect(statusEqual(a, b)).toBe(equal));
});
