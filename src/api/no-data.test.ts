import { describe, expect, it } from 'vitest';
import { noDataAnnotationForRun, noDataPolicyFor, parseNoDataAnnotation } from './no-data.js';

const a = (v: string) => ({ 'kanary.io/no-data': v });

describe('noDataPolicyFor', () => {
  it.each([
    [undefined, 'm', 'Condition', 'default'],
    [a(''), 'm', 'Condition', 'default'],
    [a('m=Inconclusive'), 'm', 'Inconclusive', 'annotation'],
    [a('other=Failed'), 'm', 'Condition', 'default'],
    [a('error-rate=Failed, *=Inconclusive'), 'error-rate', 'Failed', 'annotation'],
    [a('error-rate=Failed, *=Inconclusive'), 'latency', 'Inconclusive', 'annotation'],
    [a('*=retry'), 'x', 'Retry', 'annotation'],
    [a('m=successful'), 'm', 'Successful', 'annotation'],
    [a('m=Error'), 'm', 'Error', 'annotation'],
  ])('%j for %s -> %s', (annotations, metric, policy, source) => {
    expect(noDataPolicyFor(annotations, metric)).toEqual({ ok: true, noData: { policy, source } });
  });

  it('names every bad entry', () => {
    const r = parseNoDataAnnotation('m=Maybe, Failed, m2=Error, m2=Failed');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('"m=Maybe"');
      expect(r.message).toContain('"Failed"');
      expect(r.message).toContain('"m2" is named twice');
    }
  });
});

describe('noDataAnnotationForRun', () => {
  it('expands each template\'s * to its own metrics', () => {
    expect(noDataAnnotationForRun([
      { annotations: a('*=Inconclusive, b=Failed'), metrics: ['a', 'b'] },
      { metrics: ['c'] },
      { annotations: a('d=Retry'), metrics: ['d', 'e'] },
    ])).toBe('a=Inconclusive,b=Failed,d=Retry');
    expect(noDataAnnotationForRun([{ metrics: ['a'] }])).toBeUndefined();
    expect(noDataAnnotationForRun([{ annotations: a('a=Nope'), metrics: ['a'] }])).toBe('a=Nope');
  });
});
