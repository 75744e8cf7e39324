import { describe, expect, it } from 'vitest';
import { rangeTime, rangeWindow } from './range-time.js';

const now = Date.parse('2026-03-01T12:00:00Z');

describe('rangeTime', () => {
  it.each([
    ['now()', now],
    ['now() - 5m', now - 300_000],
    ['now()-5m', now - 300_000],
    ['now() - duration("5m")', now - 300_000],
    ["now() - duration('1h') + 30s", now - 3_570_000],
    ['now() - 1h30m', now - 5_400_000],
    ['2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:00:00Z')],
    ['2026-01-01T00:00:00+02:00 - 1m', Date.parse('2025-12-31T21:59:00Z')],
    ['1767225600', 1_767_225_600_000],
  ])('%s', (expr, ms) => expect(rangeTime(expr, now)).toEqual({ ok: true, ms }));

  it.each(['', 'yesterday', 'now() - ', 'now() * 2', 'now() - 5 minutes'])('rejects %j', (expr) => {
    const r = rangeTime(expr, now);
    expect(r.ok).toBe(false);
  });
});

describe('rangeWindow', () => {
  it('defaults end to now and step to 1m', () => {
    expect(rangeWindow({ start: 'now() - 10m' }, now)).toEqual({ ok: true, window: { startMs: now - 600_000, endMs: now, stepMs: 60_000 } });
  });
  it('requires start and a positive step, end after start', () => {
    expect(rangeWindow({}, now)).toMatchObject({ ok: false, message: expect.stringContaining('start is required') });
    expect(rangeWindow({ start: 'now() - 1m', step: '0s' }, now)).toMatchObject({ ok: false, message: expect.stringContaining('step') });
    expect(rangeWindow({ start: 'now()', end: 'now() - 1m' }, now)).toMatchObject({ ok: false, message: expect.stringContaining('before start') });
  });
});
