import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canaryFenceposts, scaledValue, type IntOrPercent } from './int-or-percent.js';

describe('scaledValue', () => {
  const rows: [string, IntOrPercent, number, boolean, number][] = [
    ['an integer is taken as is', 3, 10, true, 3],
    ['an integer is not clamped to the total', 30, 10, false, 30],
    ['a percentage rounded up', '25%', 10, true, 3],
    ['a percentage rounded down', '25%', 10, false, 2],
    ['0% is 0 either way', '0%', 10, true, 0],
    ['100% is the total', '100%', 7, false, 7],
    ['a percentage of 0 replicas is 0', '25%', 0, true, 0],
    ['a signed percentage, as strconv.Atoi reads it', '+20%', 10, true, 2],
    ['1% of 1 rounds up to 1', '1%', 1, true, 1],
    ['1% of 1 rounds down to 0', '1%', 1, false, 0],
  ];
  it.each(rows)('%s', (_name, value, total, roundUp, expected) => {
    expect(scaledValue(value, total, roundUp)).toEqual({ ok: true, value: expected });
  });

  const invalid: [string, IntOrPercent, string][] = [
    ['a string without %', '5', 'string is not a percentage'],
    ['a fractional percentage', '2.5%', 'whole number'],
    ['words', 'half', 'string is not a percentage'],
    ['a space before %', '25 %', 'whole number'],
    ['a fractional integer', 1.5, 'must be an integer'],
    ['NaN', Number.NaN, 'must be an integer'],
  ];
  it.each(invalid)('refuses %s with a typed error', (_name, value, why) => {
    const result = scaledValue(value, 10, true);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('invalid-int-or-percent');
      expect(result.error.value).toBe(value);
      expect(result.error.message).toContain(why);
    }
  });

  it('a percentage rounded up is never below the one rounded down, and within one of it', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10_000 }), (percent, total) => {
      const up = scaledValue(`${percent}%`, total, true);
      const down = scaledValue(`${percent}%`, total, false);
      if (!up.ok || !down.ok) return false;
      return up.value >= down.value && up.value - down.value <= 1 && up.value * 100 >= percent * total && down.value * 100 <= percent * total;
    }));
  });
});

describe('canaryFenceposts', () => {
  const rows: [string, IntOrPercent | undefined, IntOrPercent | undefined, number, number, number][] = [
    ['both default to 25%: surge up, unavailable down', undefined, undefined, 10, 3, 2],
    ['0%/0% makes maxUnavailable 1 (Argo: "surge might not work due to quota")', '0%', '0%', 10, 0, 1],
    ['rounding down to 0 with no surge also makes it 1', 0, '5%', 10, 0, 1],
    ['explicit 0/0 also becomes 0/1', 0, 0, 10, 0, 1],
    ['maxUnavailable is capped at replicas', 0, 5, 3, 0, 3],
    ['maxUnavailable is 0 with 0 replicas', 1, 1, 0, 1, 0],
    ['maxSurge is not capped', 20, 0, 3, 20, 0],
    ['a surge keeps maxUnavailable at 0', 1, '10%', 4, 1, 0],
    ['percentages of 4', '25%', '25%', 4, 1, 1],
  ];
  it.each(rows)('%s', (_name, surge, unavailable, replicas, expectedSurge, expectedUnavailable) => {
    expect(canaryFenceposts(surge, unavailable, replicas)).toEqual({ ok: true, maxSurge: expectedSurge, maxUnavailable: expectedUnavailable });
  });

  it('reports the invalid value', () => {
    const result = canaryFenceposts('10', '25%', 10);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('invalid value "10": string is not a percentage, like "25%"');
  });

  it('always leaves room to move: surge + unavailable >= 1 when replicas > 0', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));
    fc.assert(fc.property(value, value, fc.integer({ min: 1, max: 200 }), (surge, unavailable, replicas) => {
      const result = canaryFenceposts(surge, unavailable, replicas);
      return result.ok && result.maxSurge + result.maxUnavailable >= 1 && result.maxUnavailable <= replicas;
    }));
  });
});
