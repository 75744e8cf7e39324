// The `rangeQuery` fields: `start`/`end` expressions over `now()` and durations, `step` a
// duration. Argo writes them in its expression language (`now() - duration("5m")`); the short
// form `now() - 5m` is accepted too. Pure: the caller passes the time.
import { parseDuration } from '../../engine/duration.js';

export type TimeReading = { ok: true; ms: number } | { ok: false; message: string };

const TOKEN = /\s*(now\(\)|duration\(\s*(?:"[^"]*"|'[^']*')\s*\)|"[^"]*"|'[^']*'|[+-]|[^\s+-]+(?:-\d\d[-:T0-9.]*(?:Z|[+-]\d\d:\d\d)?)?)/y;

function durationMs(text: string): number | undefined {
  const inner = /^duration\(\s*["'](.*)["']\s*\)$/.exec(text)?.[1] ?? text;
  const d = parseDuration(inner);
  return d.ok ? d.ms : undefined;
}

function instantMs(text: string, nowMs: number): number | undefined {
  if (text === 'now()') return nowMs;
  const bare = text.replace(/^["'](.*)["']$/, '$1');
  if (/^\d+(\.\d+)?$/.test(bare)) return Number(bare) * 1000; // unix seconds, as Prometheus takes them
  if (/^\d{4}-\d\d-\d\dT/.test(bare)) {
    const t = Date.parse(bare);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/**
 * Evaluates `<instant> [(+|-) <duration>]...` where an instant is `now()`, an RFC 3339 time or
 * unix seconds, and a duration is `5m`, `1h30m` or `duration("5m")`.
 *
 * rangeTime('now() - 5m', t)                   -> t - 300000
 * rangeTime('now() - duration("1h") + 30s', t) -> t - 3570000
 * rangeTime('2026-01-01T00:00:00Z', t)         -> 1767225600000
 */
export function rangeTime(expr: string, nowMs: number): TimeReading {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  const text = expr.trim();
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m?.[1]) return { ok: false, message: `cannot read time ${JSON.stringify(expr)}` };
    tokens.push(m[1]);
  }
  const bad = (why: string): TimeReading =>
    ({ ok: false, message: `invalid time ${JSON.stringify(expr)}: ${why} (write e.g. now() - 5m, or now() - duration("5m"))` });
  const first = tokens[0];
  if (first === undefined) return bad('empty');
  let ms = instantMs(first, nowMs);
  if (ms === undefined) return bad(`${JSON.stringify(first)} is not now(), an RFC 3339 time or unix seconds`);
  for (let i = 1; i < tokens.length; i += 2) {
    const op = tokens[i];
    const arg = tokens[i + 1];
    if ((op !== '+' && op !== '-') || arg === undefined) return bad('expected + or - followed by a duration');
    const d = durationMs(arg);
    if (d === undefined) return bad(`${JSON.stringify(arg)} is not a duration`);
    ms += op === '+' ? d : -d;
  }
  return { ok: true, ms };
}

export interface RangeWindow {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** The window of a `rangeQuery`: `start` required, `end` defaults to now(), `step` to 1m. */
export function rangeWindow(range: { start?: string; end?: string; step?: string }, nowMs: number): { ok: true; window: RangeWindow } | { ok: false; message: string } {
  if (!range.start) return { ok: false, message: 'rangeQuery.start is required (e.g. now() - 5m)' };
  const start = rangeTime(range.start, nowMs);
  if (!start.ok) return { ok: false, message: `rangeQuery.start: ${start.message}` };
  const end = rangeTime(range.end || 'now()', nowMs);
  if (!end.ok) return { ok: false, message: `rangeQuery.end: ${end.message}` };
  const stepText = range.step || '1m';
  const step = durationMs(stepText);
  if (step === undefined || step <= 0) return { ok: false, message: `rangeQuery.step: ${JSON.stringify(stepText)} is not a positive duration` };
  if (end.ms < start.ms) return { ok: false, message: 'rangeQuery: end is before start' };
  return { ok: true, window: { startMs: start.ms, endMs: end.ms, stepMs: step } };
}
