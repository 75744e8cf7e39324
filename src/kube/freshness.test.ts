import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock.js';
import { FreshnessTracker, isAtLeastAsNew } from './freshness.js';

describe('isAtLeastAsNew', () => {
  const rows: [name: string, have: string | undefined, want: string, expected: boolean][] = [
    ['equal integers', '42', '42', true],
    ['newer integer', '43', '42', true],
    ['older integer', '41', '42', false],
    ['integers compared as numbers, not text', '100', '99', true],
    ['integers past 2^53', '9007199254740993', '9007199254740992', true],
    ['opaque strings: equal', 'abc', 'abc', true],
    ['opaque strings: different', 'abd', 'abc', false],
    ['one opaque, one integer', 'x1', '1', false],
    ['missing copy', undefined, '1', false],
    ['empty version', '', '1', false],
  ];
  it.each(rows)('%s', (_name, have, want, expected) => {
    expect(isAtLeastAsNew(have, want)).toBe(expected);
  });
});

describe('FreshnessTracker', () => {
  const storeWith = (rv?: string) => ({ get: () => (rv ? { metadata: { resourceVersion: rv } } : undefined) });

  it('is fresh for keys never written', () => {
    expect(new FreshnessTracker().isFresh('ns/a', storeWith())).toBe(true);
  });

  it('is stale until the store holds our write or newer', () => {
    const t = new FreshnessTracker({ clock: new FakeClock() });
    t.record('ns/a', '10');
    expect(t.isFresh('ns/a', storeWith('9'))).toBe(false);
    expect(t.isFresh('ns/a', storeWith())).toBe(false);
    expect(t.isFresh('ns/a', storeWith('11'))).toBe(true);
    expect(t.pending).toBe(0);
    expect(t.isFresh('ns/a', storeWith('9'))).toBe(true);
  });

  it('keeps the newest of two records', () => {
    const t = new FreshnessTracker({ clock: new FakeClock() });
    t.record('ns/a', '12');
    t.record('ns/a', '10');
    expect(t.isFresh('ns/a', storeWith('11'))).toBe(false);
    expect(t.isFresh('ns/a', storeWith('12'))).toBe(true);
  });

  it('trusts the cache again after maxWaitMs', async () => {
    const clock = new FakeClock();
    const t = new FreshnessTracker({ clock, maxWaitMs: 1_000 });
    t.record('ns/a', '10');
    await clock.advance(999);
    expect(t.isFresh('ns/a', storeWith())).toBe(false);
    await clock.advance(1);
    expect(t.isFresh('ns/a', storeWith())).toBe(true);
  });
});
