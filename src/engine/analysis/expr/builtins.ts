// The functions a condition can call with plain arguments: expr-lang's builtins that make sense
// for metric results, plus Argo Rollouts' own `asInt`, `asFloat`, `isNaN`, `isInf`, `isNil`, `default`.
import { fault } from './errors.js';
import { DurationValue, parseDate, parseGoDuration, TimeValue } from './time-values.js';
import {
  describeValue, expectArray, expectInteger, expectNumber, expectString, formatNumber, formatValue,
  isMap, isNil, makeMap, ownKeys, typeOf,
} from './values.js';

export interface Builtin {
  readonly min: number;
  readonly max: number;
  readonly fn: (args: readonly unknown[]) => unknown;
}

const one = (fn: (v: unknown) => unknown): Builtin => ({ min: 1, max: 1, fn: (a) => fn(a[0]) });
const num = (name: string, f: (n: number) => number): Builtin => one((v) => f(expectNumber(v, `${name}()`)));
const str = (name: string, f: (s: string) => unknown): Builtin => one((v) => f(expectString(v, `${name}()`)));

/** Go's math.Round: halves away from zero (JavaScript's Math.round sends -1.5 to -1). */
function roundHalfAway(n: number): number {
  return Number.isFinite(n) ? Math.sign(n) * Math.round(Math.abs(n)) + 0 : n;
}

/** Numbers from `min(1, 2)`, `min([1, 2])`; an empty list is a fault, NaN wins as in Go. */
function numberList(args: readonly unknown[], name: string): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (list.length === 0) fault(`${name}() of an empty array`);
  return list.map((v) => expectNumber(v, `${name}()`));
}

function extreme(name: string, pick: (a: number, b: number) => boolean): Builtin {
  return {
    min: 1, max: Infinity, fn: (args) => numberList(args, name).reduce((best, n) =>
      Number.isNaN(best) || Number.isNaN(n) ? NaN : pick(n, best) ? n : best),
  };
}

/** Go's strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, nothing else. */
function parseGoInt(s: string, name: string): number {
  if (!/^[+-]?\d+$/.test(s)) fault(`${name}: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) fault(`${name}: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** Go's strconv.ParseFloat(s, 64) for decimal text, `Inf`, `Infinity` and `NaN` in any case. */
function parseGoFloat(s: string, name: string): number {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special !== null) {
    if ((special[2] as string).toLowerCase() === 'nan') return special[1] === '' ? NaN : fault(`${name}: parsing ${JSON.stringify(s)}: invalid syntax`);
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!/^[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?$/.test(s) || /_/.test(s)) {
    fault(`${name}: parsing ${JSON.stringify(s)}: invalid syntax`);
  }
  const n = Number(s);
  if (!Number.isFinite(n)) fault(`${name}: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** Argo's nil: a missing value, or an empty array (a provider's empty result is a nil slice in Go). */
export function isNilResult(v: unknown): boolean {
  return isNil(v) || (Array.isArray(v) && v.length === 0);
}

function toJSON(v: unknown): string {
  const check = (x: unknown): unknown => {
    if (typeof x === 'number' && !Number.isFinite(x)) fault(`toJSON(): unsupported value: ${formatNumber(x)}`);
    if (Array.isArray(x)) return x.map(check);
    if (isMap(x)) return makeMap(ownKeys(x).sort().map((k) => [k, check(x[k])]));
    if (x === undefined || (typeof x !== 'object' && typeof x !== 'string' && typeof x !== 'boolean' && typeof x !== 'number')) return null;
    return x;
  };
  // Go's encoding/json escapes these even inside strings.
  return JSON.stringify(check(v), null, 2)
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function fromJSON(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch (e) {
    return fault(`fromJSON(): ${(e as Error).message}`);
  }
}

function toInt(v: unknown, name: string): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fault(`${name}() cannot convert ${formatNumber(v)} to an integer`);
    return Math.trunc(v) + 0;
  }
  if (typeof v === 'string') return parseGoInt(v.trim() === v ? v : fault(`${name}: parsing ${JSON.stringify(v)}: invalid syntax`), name);
  return fault(`${name}() not supported on ${describeValue(v)}`);
}

function toFloat(v: unknown, name: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseGoFloat(v, name);
  return fault(`${name}() not supported on ${describeValue(v)}`);
}

function trim(s: string, chars: string | undefined): string {
  if (chars === undefined) return s.trim();
  const set = new Set(chars);
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && set.has(cps[a] as string)) a++;
  while (b > a && set.has(cps[b - 1] as string)) b--;
  return cps.slice(a, b).join('');
}

function split(s: string, sep: string, n: number | undefined): string[] {
  const parts = sep === '' ? [...s] : s.split(sep);
  if (n === undefined || n < 0 || parts.length <= n) return n === 0 ? [] : parts;
  if (n === 0) return [];
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function mean(list: readonly number[]): number {
  return list.reduce((sum, n) => sum + n, 0) / list.length;
}

function median(list: readonly number[]): number {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] as number : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function exprType(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof TimeValue) return 'time.Time';
  if (v instanceof DurationValue) return 'time.Duration';
  return typeOf(v);
}

/** Every plain builtin, by name. A Map, so `constructor` or `__proto__` is never a function. */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ['len', one((v) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return ownKeys(v).length;
    return fault(`invalid argument for len (type ${typeOf(v)})`);
  })],
  ['abs', num('abs', (n) => Math.abs(n))],
  ['ceil', num('ceil', (n) => Math.ceil(n) + 0)],
  ['floor', num('floor', (n) => Math.floor(n))],
  ['round', num('round', roundHalfAway)],
  ['min', extreme('min', (a, b) => a < b)],
  ['max', extreme('max', (a, b) => a > b)],
  ['mean', { min: 1, max: Infinity, fn: (a) => mean(numberList(a, 'mean')) }],
  ['median', { min: 1, max: Infinity, fn: (a) => median(numberList(a, 'median')) }],
  ['first', one((v) => expectArray(v, 'first()')[0] ?? null)],
  ['last', one((v) => expectArray(v, 'last()').at(-1) ?? null)],
  ['int', one((v) => toInt(v, 'int'))],
  ['float', one((v) => toFloat(v, 'float'))],
  ['string', one(formatValue)],
  ['upper', str('upper', (s) => s.toUpperCase())],
  ['lower', str('lower', (s) => s.toLowerCase())],
  ['trim', { min: 1, max: 2, fn: (a) => trim(expectString(a[0], 'trim()'), a.length > 1 ? expectString(a[1], 'trim()') : undefined) }],
  ['split', {
    min: 2, max: 3,
    fn: (a) => split(expectString(a[0], 'split()'), expectString(a[1], 'split()'), a.length > 2 ? expectInteger(a[2], 'split()') : undefined),
  }],
  ['join', {
    min: 1, max: 2,
    fn: (a) => expectArray(a[0], 'join()').map((s) => expectString(s, 'join()')).join(a.length > 1 ? expectString(a[1], 'join()') : ''),
  }],
  ['keys', one((v) => (isMap(v) ? ownKeys(v) : fault(`keys() expects a map, got ${typeOf(v)}`)))],
  ['values', one((v) => (isMap(v) ? ownKeys(v).map((k) => v[k] ?? null) : fault(`values() expects a map, got ${typeOf(v)}`)))],
  ['type', one(exprType)],
  ['toJSON', one(toJSON)],
  ['fromJSON', str('fromJSON', fromJSON)],
  ['asInt', one((v) => toInt(v, 'asInt'))],
  ['asFloat', one((v) => toFloat(v, 'asFloat'))],
  ['isNaN', one((v) => Number.isNaN(expectNumber(v, 'isNaN()')))],
  ['isInf', one((v) => Math.abs(expectNumber(v, 'isInf()')) === Infinity)],
  ['isNil', one(isNilResult)],
  ['default', { min: 2, max: 2, fn: (a) => (isNilResult(a[0]) ? a[1] ?? null : a[0]) }],
  // expr-lang's date() also takes a Go layout and a time zone; Kanary reads the layouts it tries by default.
  ['date', { min: 1, max: 1, fn: (a) => (a[0] instanceof TimeValue ? a[0] : parseDate(expectString(a[0], 'date()'))) }],
  ['duration', str('duration', parseGoDuration)],
  // The evaluator answers now() with the time it was given (the engine has no clock).
  ['now', { min: 0, max: 0, fn: () => fault('now() needs the time of the measurement, which is not known here') }],
]);
