// What each operator does to values, with Go's number semantics: `/` is always float division,
// `%` wants integers, NaN compares false to everything, `**` follows Go's math.Pow.
import type { BinaryOperator, UnaryOperator } from './ast.js';
import { fault } from './errors.js';
import { DurationValue, TimeValue } from './time-values.js';
import { formatNumber, isMap, isNil, ownValue, typeOf, valuesEqual } from './values.js';

/** The largest array `..` may build: a condition has no business allocating more. */
export const MAX_RANGE = 1_000_000;

function invalid(op: string, a: unknown, b: unknown): never {
  return fault(`invalid operation: ${typeOf(a)} ${op} ${typeOf(b)}`);
}

/** Applies a binary operator other than the short-circuit ones (`&&`, `||`, `??`). */
export function applyBinary(op: BinaryOperator, a: unknown, b: unknown): unknown {
  switch (op) {
    case '==': return valuesEqual(a, b);
    case '!=': return !valuesEqual(a, b);
    case '<': case '>': case '<=': case '>=': return compare(op, a, b);
    case '+':
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      return timeArithmetic(op, a, b) ?? invalid(op, a, b);
    case '-':
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      return timeArithmetic(op, a, b) ?? invalid(op, a, b);
    case '*': return numeric(op, a, b, (x, y) => x * y);
    case '/': return numeric(op, a, b, (x, y) => x / y);
    case '%': return numeric(op, a, b, modulo);
    case '**': case '^': return numeric(op, a, b, goPow);
    case '..': return range(a, b);
    case 'in': return contains(b, a);
    case 'contains': return strings(op, a, b, (x, y) => x.includes(y));
    case 'startsWith': return strings(op, a, b, (x, y) => x.startsWith(y));
    case 'endsWith': return strings(op, a, b, (x, y) => x.endsWith(y));
    case 'matches': return strings(op, a, b, (x, y) => compileRegex(y).test(x));
    default: return fault(`operator ${op} cannot be applied here`);
  }
}

export function applyUnary(op: UnaryOperator, v: unknown): unknown {
  if (op === 'not' || op === '!') {
    if (typeof v !== 'boolean') fault(`invalid operation: ${op} ${typeOf(v)}`);
    return !v;
  }
  if (typeof v !== 'number') fault(`invalid operation: ${op} ${typeOf(v)}`);
  return op === '-' ? -v : v;
}

/**
 * Times and durations (expr-lang's time.Time and time.Duration): time - time is a duration,
 * time ± duration a time, duration ± duration a duration; undefined for any other pair.
 */
function timeArithmetic(op: '+' | '-', a: unknown, b: unknown): TimeValue | DurationValue | undefined {
  const sign = op === '+' ? 1 : -1;
  if (a instanceof TimeValue && b instanceof TimeValue && op === '-') return new DurationValue(a.ms - b.ms);
  if (a instanceof TimeValue && b instanceof DurationValue) return new TimeValue(a.ms + sign * b.ms);
  if (a instanceof DurationValue && b instanceof TimeValue && op === '+') return new TimeValue(a.ms + b.ms);
  if (a instanceof DurationValue && b instanceof DurationValue) return new DurationValue(a.ms + sign * b.ms);
  return undefined;
}

/** A time or duration as a number to order by, when both sides are the same kind. */
function instantOrLength(a: unknown, b: unknown): [number, number] | undefined {
  if (a instanceof TimeValue && b instanceof TimeValue) return [a.ms, b.ms];
  if (a instanceof DurationValue && b instanceof DurationValue) return [a.ms, b.ms];
  return undefined;
}

function compare(op: '<' | '>' | '<=' | '>=', a: unknown, b: unknown): boolean {
  const timed = instantOrLength(a, b);
  const ok = timed !== undefined || (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!ok) invalid(op, a, b);
  const x = timed?.[0] ?? (a as number | string);
  const y = timed?.[1] ?? (b as number | string);
  switch (op) {
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    default: return x >= y;
  }
}

function numeric(op: string, a: unknown, b: unknown, f: (x: number, y: number) => number): number {
  if (typeof a !== 'number' || typeof b !== 'number') return invalid(op, a, b);
  return f(a, b);
}

function strings(op: string, a: unknown, b: unknown, f: (x: string, y: string) => boolean): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return invalid(op, a, b);
  return f(a, b);
}

function modulo(x: number, y: number): number {
  if (!Number.isInteger(x) || !Number.isInteger(y)) {
    fault(`invalid operation: % needs integers, got ${formatNumber(x)} % ${formatNumber(y)}`);
  }
  if (y === 0) fault('integer divide by zero');
  return (x % y) + 0;
}

/** Go's math.Pow where it differs from JavaScript: 1**NaN and (-1)**±Inf are 1. */
export function goPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return Math.pow(x, y);
}

function range(a: unknown, b: unknown): number[] {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isInteger(a) || !Number.isInteger(b)) {
    return invalid('..', a, b);
  }
  if (b - a + 1 > MAX_RANGE) fault(`range ${a}..${b} is longer than ${MAX_RANGE} elements`);
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

/** `needle in haystack`: an equal element of an array, or an own key of a map; nothing is in nil. */
function contains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((x) => valuesEqual(x, needle));
  if (isMap(haystack)) {
    const key = typeof needle === 'number' ? formatNumber(needle) : needle;
    return typeof key === 'string' && Object.prototype.hasOwnProperty.call(haystack, key);
  }
  if (isNil(haystack)) return false;
  return invalid('in', needle, haystack);
}

/** `object[key]` and `object.key`: a map's own key, an array or string element (negative from the end). */
export function fetch(object: unknown, key: unknown): unknown {
  if (isMap(object)) {
    if (typeof key === 'string') return ownValue(object, key);
    if (typeof key === 'number') return ownValue(object, formatNumber(key));
    return fault(`cannot fetch ${typeOf(key)} key from map`);
  }
  if (Array.isArray(object) || typeof object === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) {
      return fault(`cannot fetch ${typeof key === 'string' ? JSON.stringify(key) : typeOf(key)} from ${typeOf(object)}`);
    }
    const items = typeof object === 'string' ? [...object] : object;
    const index = key < 0 ? key + items.length : key;
    if (index < 0 || index >= items.length) {
      return fault(`index out of range: ${key} (${typeOf(object)} length is ${items.length})`);
    }
    return items[index] ?? null;
  }
  const shown = typeof key === 'string' ? JSON.stringify(key) : formatNumber(Number(key));
  return fault(`cannot fetch ${shown} from ${typeOf(object)}`);
}

/** `object[from:to]` with Go-like clamping; negative bounds count from the end. */
export function slice(object: unknown, from: unknown, to: unknown): unknown {
  if (!Array.isArray(object) && typeof object !== 'string') return fault(`cannot slice ${typeOf(object)}`);
  const items = typeof object === 'string' ? [...object] : object;
  const bound = (v: unknown, fallback: number): number => {
    if (isNil(v)) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) return fault(`invalid slice index: ${typeOf(v)}`);
    const i = v < 0 ? v + items.length : v;
    return Math.min(Math.max(i, 0), items.length);
  };
  const start = bound(from, 0);
  const end = Math.max(start, bound(to, items.length));
  const part = items.slice(start, end);
  return typeof object === 'string' ? part.join('') : part;
}

const regexCache = new Map<string, RegExp>();

/**
 * Compiles a Go (RE2) pattern as a JavaScript RegExp: a leading `(?i)`/`(?s)`/`(?m)` becomes flags,
 * `(?P<name>` a named group. What RE2 rejects (backreferences, lookaround) is rejected here too.
 */
export function compileRegex(pattern: string): RegExp {
  const cached = regexCache.get(pattern);
  if (cached !== undefined) return cached;
  if (/\\[1-9]|\(\?<?[=!]/.test(pattern)) {
    fault(`invalid regular expression ${JSON.stringify(pattern)}: backreferences and lookaround are not RE2 syntax`);
  }
  const m = /^\(\?([ims]+)\)/.exec(pattern);
  const body = (m === null ? pattern : pattern.slice(m[0].length)).replace(/\(\?P</g, '(?<');
  let re: RegExp;
  try {
    re = new RegExp(body, m === null ? '' : [...new Set(m[1])].join(''));
  } catch (e) {
    return fault(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  if (regexCache.size >= 100) regexCache.clear();
  regexCache.set(pattern, re);
  return re;
}
