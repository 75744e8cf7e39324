import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS, MAX_VALUE_CHARS, boundedMessage, toMeasurement, truncate } from './result.js';

describe('provider results', () => {
  it('truncates saying how much was left out, within the bound', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('x'.repeat(5000), 100);
    expect(cut).toHaveLength(100);
    expect(cut).toMatch(/\.\.\. \(\d+ more characters\)$/);
    expect(boundedMessage('a\n  b'.repeat(1000)).length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });

  it('stores the assessed measurement without the raw result, value bounded', () => {
    const m = toMeasurement({ startedAt: 's', finishedAt: 'f', value: '1'.repeat(10_000), result: [1], noData: { policy: 'Condition', source: 'default' } }, 'Successful');
    expect(Object.keys(m).sort()).toEqual(['finishedAt', 'phase', 'startedAt', 'value']);
    expect(m.value?.length).toBe(MAX_VALUE_CHARS);
  });
});
