// Times and durations in the expression language, as expr-lang's `now()`, `date()` and
// `duration()` give them (Go's time.Time and time.Duration): typed values that compare and
// subtract among themselves, never with numbers or strings.
import { fault } from './errors.js';

/** An instant, in milliseconds since the epoch (expr-lang's time.Time). */
export class TimeValue {
  constructor(readonly ms: number) {}
}

/** A length of time, in milliseconds (expr-lang's time.Duration). */
export class DurationValue {
  constructor(readonly ms: number) {}
}

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Go's time.ParseDuration: a sign, then numbers with units (ns, us, ms, s, m, h), `0` alone.
 *
 *   parseGoDuration('5m')     -> 300000 ms
 *   parseGoDuration('1h30m')  -> 5400000 ms
 *   parseGoDuration('1.5s')   -> 1500 ms
 *   parseGoDuration('5')      -> fault: time: missing unit in duration "5"
 */
export function parseGoDuration(text: string): DurationValue {
  const bad = (why: string): never => fault(`time: ${why} duration ${JSON.stringify(text)}`);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return new DurationValue(0);
  if (rest === '') bad('invalid');
  let ms = 0;
  while (rest !== '') {
    const m = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)?/.exec(rest);
    if (m === null) return bad('invalid');
    if (m[2] === undefined) return bad('missing unit in');
    ms += Number(m[1]) * (UNIT_MS[m[2]] as number);
    rest = rest.slice(m[0].length);
  }
  return new DurationValue(sign * ms);
}

/**
 * Go's time.Duration.String: `1h30m0s`, `5m0s`, `1.5s`, `300ms`, `0s`.
 */
export function formatGoDuration(d: DurationValue): string {
  let ms = Math.abs(d.ms);
  const sign = d.ms < 0 ? '-' : '';
  if (ms === 0) return '0s';
  if (ms < 1000) {
    if (ms >= 1) return `${sign}${trimZeros(ms)}ms`;
    if (ms >= 1e-3) return `${sign}${trimZeros(ms * 1e3)}µs`;
    return `${sign}${trimZeros(ms * 1e6)}ns`;
  }
  const h = Math.floor(ms / 3_600_000);
  ms -= h * 3_600_000;
  const m = Math.floor(ms / 60_000);
  ms -= m * 60_000;
  const s = `${trimZeros(ms / 1000)}s`;
  return `${sign}${h > 0 ? `${h}h${m}m` : m > 0 ? `${m}m` : ''}${s}`;
}

function trimZeros(n: number): string {
  return String(Number(n.toFixed(9)));
}

/** Layouts `date()` reads without a format, as expr-lang tries them: RFC 3339 first. */
const DATE_FORMS: readonly RegExp[] = [
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?$/,
  /^\d{4}-\d{2}-\d{2}$/,
];

/**
 * `date(text)`: an RFC 3339 time (`2026-11-21T10:00:00Z`), or a date and time without a zone
 * (`2026-11-21 10:00:00`, UTC as in expr-lang), or a date (`2026-11-21`).
 *
 *   parseDate('2026-11-21T10:00:00+01:00') -> TimeValue(Date.UTC(2026, 10, 21, 9))
 *   parseDate('yesterday')                 -> fault: date(): cannot parse "yesterday" as a time
 */
export function parseDate(text: string): TimeValue {
  const form = DATE_FORMS.findIndex((re) => re.test(text));
  if (form < 0) return fault(`date(): cannot parse ${JSON.stringify(text)} as a time (write RFC 3339, e.g. "2026-11-21T10:00:00Z")`);
  const iso = form === 0 ? text : form === 1 ? `${text.replace(' ', 'T')}Z` : `${text}T00:00:00Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return fault(`date(): ${JSON.stringify(text)} is not a valid time`);
  return new TimeValue(ms);
}

/** Go's time.Time.String for a time in UTC: `2026-11-21 10:00:00 +0000 UTC`. */
export function formatTime(t: TimeValue): string {
  const iso = new Date(t.ms).toISOString();
  const frac = iso.slice(19, 23) === '.000' ? '' : iso.slice(19, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac} +0000 UTC`;
}
