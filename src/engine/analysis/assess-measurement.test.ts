import { describe, expect, it } from 'vitest';
import { assessMeasurement, formatResultValue } from './assess-measurement.js';

describe('assessMeasurement', () => {
  const cases = [
    { name: 'neither condition: Successful', success: undefined, failure: undefined, result: [1], phase: 'Successful' },
    { name: 'only success, true: Successful', success: 'result[0] <= 5', failure: undefined, result: [3], phase: 'Successful' },
    {
      name: 'only success, false: Failed naming value and condition',
      success: 'result[0] <= 5',
      failure: undefined,
      result: [16.31],
      phase: 'Failed',
      message: 'value [16.31] failed successCondition "result[0] <= 5"',
    },
    { name: 'only failure, false: Successful', success: undefined, failure: 'result[0] > 5', result: [3], phase: 'Successful' },
    {
      name: 'only failure, true: Failed',
      success: undefined,
      failure: 'result[0] > 5',
      result: [9],
      phase: 'Failed',
      message: 'value [9] met failureCondition "result[0] > 5"',
    },
    { name: 'both, success true: Successful', success: 'result[0] < 3', failure: 'result[0] > 5', result: [1], phase: 'Successful' },
    { name: 'both, failure true: Failed', success: 'result[0] < 3', failure: 'result[0] > 5', result: [7], phase: 'Failed' },
    { name: 'both true: failure wins (Argo)', success: 'result[0] > 0', failure: 'result[0] > 5', result: [7], phase: 'Failed' },
    {
      name: 'both, neither true: Inconclusive',
      success: 'result[0] < 3',
      failure: 'result[0] > 5',
      result: [4],
      phase: 'Inconclusive',
      message: 'value [4] met neither successCondition "result[0] < 3" nor failureCondition "result[0] > 5"',
    },
    { name: 'empty strings count as absent', success: '', failure: '', result: [4], phase: 'Successful' },
  ] as const;
  it.each(cases)('$name', (c) => {
    const out = assessMeasurement({ successCondition: c.success, failureCondition: c.failure }, c.result);
    expect(out.phase).toBe(c.phase);
    if ('message' in c) expect(out.message).toBe(c.message);
    if (c.phase === 'Successful') expect(out.message).toBeUndefined();
  });

  it('an empty result is an Error that says no data came back, never a thrown index error', () => {
    const out = assessMeasurement({ successCondition: 'result[0] <= 5' }, []);
    expect(out.phase).toBe('Error');
    expect(out.message).toMatch(/^successCondition "result\[0\] <= 5" could not be evaluated on value \[\]: index out of range/);
    expect(out.message).toMatch(/the provider returned no data$/);
  });

  it('a type error in the failure condition is an Error with the expression message', () => {
    const out = assessMeasurement({ failureCondition: 'result > 1' }, 'abc');
    expect(out).toEqual({ phase: 'Error', message: expect.stringContaining('invalid operation: string > number') });
  });

  it('now() in a condition is the time of the measurement', () => {
    const metric = { successCondition: 'now() - date(result.lastSeen) < duration("5m")' };
    const now = Date.UTC(2026, 10, 21, 10, 0, 0);
    expect(assessMeasurement(metric, { lastSeen: '2026-11-21T09:58:00Z' }, undefined, now).phase).toBe('Successful');
    expect(assessMeasurement(metric, { lastSeen: '2026-11-21T09:50:00Z' }, undefined, now).phase).toBe('Failed');
  });

  it('a typed helper compared with a string is an Error naming the mismatch', () => {
    expect(assessMeasurement({ successCondition: 'asFloat(result) == "1.1"' }, '1.1')).toMatchObject({
      phase: 'Error',
      message: expect.stringContaining('invalid operation: == (mismatched types float64 and string) at line 1, column 17'),
    });
  });

  it('a non-boolean condition is an Error', () => {
    expect(assessMeasurement({ successCondition: 'result[0]' }, [3]).phase).toBe('Error');
  });

  it('uses the provider value text when given, shortened in the message', () => {
    const out = assessMeasurement({ successCondition: 'false' }, 1, 'x'.repeat(500));
    expect(out.message?.length).toBeLessThan(300);
  });
});

describe('formatResultValue', () => {
  it.each([
    { result: [0.97, 0.5], text: '[0.97,0.5]' },
    { result: NaN, text: 'NaN' },
    { result: Infinity, text: '+Inf' },
    { result: 'ok', text: 'ok' },
    { result: null, text: 'null' },
    { result: { a: 1 }, text: '{"a":1}' },
  ])('$text', ({ result, text }) => expect(formatResultValue(result)).toBe(text));
});
