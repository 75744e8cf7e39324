import { describe, expect, it } from 'vitest';
import { durationSeconds } from './duration-check.js';

describe('durationSeconds', () => {
  it.each([
    [30, 30], ['30', 30], ['30s', 30], ['5m', 300], ['1h', 3600], ['1h30m', 5400], ['500ms', 0.5], ['1.5h', 5400], [0, 0],
    ['-5', -5], [1.5, undefined], ['5 min', undefined], ['', undefined], ['m', undefined], ['5d', undefined], [null, undefined], [{}, undefined],
  ] as const)('%j -> %j', (v, expected) => {
    expect(durationSeconds(v)).toBe(expected);
  });
});
