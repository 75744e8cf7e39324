import { describe, expect, it } from 'vitest';
import { formatMicroTime, formatTimestamp, parseTimestamp } from './timestamp.js';

const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);

describe('formatTimestamp: metav1.Time, UTC, whole seconds rounded down', () => {
  it.each([
    { name: 'a whole second', ms: T0, text: '2026-11-21T10:00:00Z' },
    { name: 'milliseconds dropped, not rounded up', ms: T0 + 999, text: '2026-11-21T10:00:00Z' },
    { name: 'a minute and a second later', ms: T0 + 61_000, text: '2026-11-21T10:01:01Z' },
    { name: 'the epoch', ms: 0, text: '1970-01-01T00:00:00Z' },
    { name: 'before the epoch rounds toward the past', ms: -1, text: '1969-12-31T23:59:59Z' },
  ])('$name', ({ ms, text }) => expect(formatTimestamp(ms)).toBe(text));
});

describe('formatMicroTime: metav1.MicroTime, six fractional digits', () => {
  it.each([
    { ms: Date.UTC(2024, 0, 2, 3, 4, 5, 678), text: '2024-01-02T03:04:05.678000Z' },
    { ms: T0, text: '2026-11-21T10:00:00.000000Z' },
  ])('$text', ({ ms, text }) => expect(formatMicroTime(ms)).toBe(text));
});

describe('parseTimestamp: RFC 3339 or a Date, undefined when unreadable', () => {
  it.each([
    { name: 'Z', value: '2026-11-21T10:00:00Z', ms: T0 },
    { name: 'an offset', value: '2026-11-21T11:00:00+01:00', ms: T0 },
    { name: 'a fraction', value: '2026-11-21T10:00:00.5Z', ms: T0 + 500 },
    { name: 'microseconds', value: '2026-11-21T10:00:00.250000Z', ms: T0 + 250 },
    { name: 'lower-case z', value: '2026-11-21t10:00:00z', ms: T0 },
    { name: 'a Date (client-node parses some fields)', value: new Date(T0), ms: T0 },
    { name: 'an invalid Date', value: new Date(Number.NaN), ms: undefined },
    { name: 'words', value: 'yesterday', ms: undefined },
    { name: 'a date without a time', value: '2026-11-21', ms: undefined },
    { name: 'no zone', value: '2026-11-21T10:00:00', ms: undefined },
    { name: 'an impossible month', value: '2026-13-01T00:00:00Z', ms: undefined },
    { name: 'empty', value: '', ms: undefined },
    { name: 'undefined', value: undefined, ms: undefined },
    { name: 'null', value: null, ms: undefined },
  ])('$name', ({ value, ms }) => expect(parseTimestamp(value)).toBe(ms));

  it('reads back what formatTimestamp writes', () => {
    for (const ms of [0, T0, T0 + 123_456_789]) expect(parseTimestamp(formatTimestamp(ms))).toBe(Math.floor(ms / 1000) * 1000);
  });
});
