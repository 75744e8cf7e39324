// Argo Rollouts durations (pause durations, analysis intervals, scale-down delays): integers are
// seconds, strings are seconds or Go `time.ParseDuration` text. Everything here is milliseconds.

/** Why a duration could not be read; `message` is ready for an InvalidSpec condition. */
export interface DurationError {
  readonly kind: 'invalid-duration';
  readonly input: number | string;
  readonly message: string;
}

export type DurationResult =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly error: DurationError };

// Go's time units, in nanoseconds. Both micro signs are accepted, as Go does.
const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

// time.Duration is an int64 of nanoseconds: about 292 years.
const MAX_NS = 9_223_372_036_854_775_807n;
const MAX_MS = Number(MAX_NS / 1_000_000n);

// strconv.Atoi's grammar: Argo reads a bare integer string as seconds before trying Go's parser.
const INTEGER = /^[+-]?\d+$/;
// One `<number><unit>` term of Go's grammar: digits, an optional fraction, then a unit.
const TERM = /^(\d*)(?:\.(\d*))?([^\d.]*)/;

function invalid(input: number | string): DurationResult {
  const shown = typeof input === 'string' ? JSON.stringify(input) : String(input);
  return {
    ok: false,
    error: {
      kind: 'invalid-duration',
      input,
      message: `invalid duration ${shown}: use an integer number of seconds or a Go duration like 30s, 5m, 1h`,
    },
  };
}

function bounded(input: number | string, ms: number): DurationResult {
  return Math.abs(ms) > MAX_MS ? invalid(input) : { ok: true, ms: ms === 0 ? 0 : ms };
}

/** Go's `time.ParseDuration`, in milliseconds; `undefined` when the text is not a Go duration. */
function goDurationMs(text: string): number | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  // Counted exactly in integer nanoseconds, as Go does, so '1.1s' is 1100 and not 1100.0000000000002.
  let totalNs = 0n;
  while (rest !== '') {
    const term = TERM.exec(rest);
    if (term === null) return undefined;
    const [whole, digits = '', fraction = '', unit = ''] = term;
    if (digits === '' && fraction === '') return undefined; // no number, e.g. "h" or ".s"
    const unitNs = UNIT_NS[unit];
    if (unitNs === undefined) return undefined; // missing or unknown unit, e.g. "5" or "5 min"
    totalNs += BigInt(digits === '' ? '0' : digits) * unitNs;
    if (fraction !== '') totalNs += (BigInt(fraction) * unitNs) / 10n ** BigInt(fraction.length);
    if (totalNs > MAX_NS) return undefined;
    rest = rest.slice(whole.length);
  }
  const ms = Number(totalNs / 1_000_000n) + Number(totalNs % 1_000_000n) / 1e6;
  return negative ? -ms : ms;
}

/**
 * Reads an Argo duration into milliseconds. A number is whole seconds; a string is whole
 * seconds (`'30'`) or a Go duration (`'30s'`, `'5m'`, `'1h30m'`, `'1.5h'`, `'500ms'`), as
 * Argo's `DurationString.Duration()`. A sign is allowed, as in Go; callers that need a
 * positive duration check that themselves.
 *
 *   parseDuration(30)       -> 30000
 *   parseDuration('1h30m')  -> 5400000
 *   parseDuration('500ms')  -> 500
 *   parseDuration('5 min')  -> error `invalid duration "5 min": use an integer number of seconds ...`
 */
export function parseDuration(input: number | string): DurationResult {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) ? bounded(input, input * 1000) : invalid(input);
  }
  if (typeof input !== 'string') return invalid(String(input)); // only a malformed object gets here
  if (INTEGER.test(input)) return bounded(input, Number(input) * 1000);
  const ms = goDurationMs(input);
  return ms === undefined ? invalid(input) : bounded(input, ms);
}

/**
 * Formats milliseconds as a short Go duration that `parseDuration` reads back to the same value:
 * whole hours, minutes and seconds with zero parts left out, sub-second values in `ms`.
 *
 *   formatDuration(0)       -> '0s'
 *   formatDuration(500)     -> '500ms'
 *   formatDuration(90_000)  -> '1m30s'
 *   formatDuration(3_600_000) -> '1h'
 *   formatDuration(1_500)   -> '1.5s'
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  return [hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : '', seconds > 0 ? `${seconds}s` : ''].join('');
}
