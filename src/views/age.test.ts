import { describe, expect, it } from 'vitest';
import { humanDuration } from './age.js';

describe('humanDuration (kubectl ages)', () => {
  it.each([
    [0, '0s'], [-500, '0s'], [-5000, '<invalid>'], [45_000, '45s'], [119_000, '119s'], [120_000, '2m'], [330_000, '5m30s'],
    [600_000, '10m'], [179 * 60_000, '179m'], [3 * 3_600_000, '3h'], [(3 * 60 + 20) * 60_000, '3h20m'], [30 * 3_600_000, '30h'],
    [(3 * 24 + 4) * 3_600_000, '3d4h'], [200 * 86_400_000, '200d'], [(3 * 365 + 12) * 86_400_000, '3y12d'], [9 * 365 * 86_400_000, '9y'],
  ])('%d ms -> %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
