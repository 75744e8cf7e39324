import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  const rows: [string, number | string, number][] = [
    ['an integer is seconds', 30, 30_000],
    ['zero', 0, 0],
    ['a string of digits is seconds too', '45', 45_000],
    ['seconds', '30s', 30_000],
    ['minutes', '5m', 300_000],
    ['hours', '1h', 3_600_000],
    ['hours and minutes', '1h30m', 5_400_000],
    ['milliseconds', '500ms', 500],
    ['a fraction', '1.5h', 5_400_000],
    ['a fraction counted exactly', '1.1s', 1100],
    ['a fraction without leading digits', '.5s', 500],
    ['a fraction without trailing digits', '5.s', 5000],
    ['microseconds', '1500us', 1.5],
    ['microseconds with the micro sign', '2µs', 0.002],
    ['microseconds with the Greek mu', '2μs', 0.002],
    ['nanoseconds', '1000000ns', 1],
    ['Go allows 0 without a unit', '0', 0],
    ['Go allows a sign', '-1m', -60_000],
    ['units in any order, as Go', '30s1h', 3_630_000],
    ['repeated units add up, as Go', '1m1m', 120_000],
  ];
  it.each(rows)('%s: %s', (_name, input, ms) => {
    expect(parseDuration(input)).toEqual({ ok: true, ms });
  });

  const invalid: (number | string)[] = ['5 min', '', '1.5', 'h', '.s', '1h 30m', '1d', '1H', '--1s', '1.5.5s', 1.5, Number.NaN, '3000000h'];
  it.each(invalid)('refuses %j with a clear message', (input) => {
    const result = parseDuration(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('invalid-duration');
      expect(result.error.input).toBe(input);
      expect(result.error.message).toMatch(/^invalid duration .*: use an integer number of seconds or a Go duration like 30s, 5m, 1h$/);
    }
  });

  it('names the value in the message', () => {
    const result = parseDuration('5 min');
    expect(!result.ok && result.error.message).toBe('invalid duration "5 min": use an integer number of seconds or a Go duration like 30s, 5m, 1h');
  });

  it('an integer number of seconds reads the same as a number or a string', () => {
    fc.assert(fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (seconds) => {
      const a = parseDuration(seconds);
      const b = parseDuration(String(seconds));
      const c = parseDuration(`${seconds}s`);
      return a.ok && b.ok && c.ok && a.ms === seconds * 1000 && b.ms === a.ms && c.ms === a.ms;
    }));
  });
});

describe('formatDuration', () => {
  const rows: [number, string][] = [
    [0, '0s'],
    [500, '500ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [3_601_000, '1h1s'],
    [-60_000, '-1m'],
  ];
  it.each(rows)('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('reads back to the same number of milliseconds', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ms) => {
      const parsed = parseDuration(formatDuration(ms));
      return parsed.ok && parsed.ms === ms;
    }));
  });
});
