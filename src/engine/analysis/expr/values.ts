// The value model: nil (null or undefined), bool, number, string, array, map (any other object,
// read through its own properties only, so prototypes are never reachable).
import { fault } from './errors.js';
import { DurationValue, formatGoDuration, formatTime, TimeValue } from './time-values.js';

export type ValueType = 'nil' | 'bool' | 'number' | 'string' | 'array' | 'map' | 'time' | 'duration' | 'unknown';

export function isNil(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof TimeValue) && !(v instanceof DurationValue);
}

/** The type name used in error messages: `invalid operation: string < number`. */
export function typeOf(v: unknown): ValueType {
  if (isNil(v)) return 'nil';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  if (isMap(v)) return 'map';
  if (v instanceof TimeValue) return 'time';
  if (v instanceof DurationValue) return 'duration';
  return 'unknown';
}

/** A map's own property, or nil: `constructor` and `__proto__` are just absent keys. */
export function ownValue(map: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(map, key) ? (map as Record<string, unknown>)[key] ?? null : null;
}

/** Own enumerable keys of a map. */
export function ownKeys(map: object): string[] {
  return Object.keys(map);
}

/** Builds a map without going through setters: a key `__proto__` stays an ordinary key. */
export function makeMap(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Deep equality as expr's `==`: numbers by value (NaN never equal), arrays and maps by content. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  if (a instanceof TimeValue || b instanceof TimeValue) return a instanceof TimeValue && b instanceof TimeValue && a.ms === b.ms;
  if (a instanceof DurationValue || b instanceof DurationValue) return a instanceof DurationValue && b instanceof DurationValue && a.ms === b.ms;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, b[i]));
  }
  if (isMap(a) && isMap(b)) {
    const ka = ownKeys(a);
    if (ka.length !== ownKeys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && valuesEqual(a[k], b[k]));
  }
  return a === b;
}

/** Formats a number as Go's `%v` does: `+Inf`, `NaN`, `1e-05`, `0.5`, `3`. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (n !== 0 && Math.abs(n) < 1e-4) return goExponent(n.toExponential());
  return goExponent(String(n));
}

function goExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Formats any value as Go's `%v` does: `[1 2 3]`, `map[a:1 b:x]`, `<nil>`. */
export function formatValue(v: unknown): string {
  if (isNil(v)) return '<nil>';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  if (isMap(v)) return `map[${ownKeys(v).sort().map((k) => `${k}:${formatValue(v[k])}`).join(' ')}]`;
  if (v instanceof TimeValue) return formatTime(v);
  if (v instanceof DurationValue) return formatGoDuration(v);
  return `<${typeof v}>`;
}

/** A value named for an error message: `number 3`, `string "ok"`, `nil`, `array [1 2]`. */
export function describeValue(v: unknown): string {
  const t = typeOf(v);
  if (t === 'nil') return 'nil';
  const shown = typeof v === 'string' ? JSON.stringify(v) : formatValue(v);
  return `${t} ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`;
}

/** The number in `v`, or a fault naming what `what` expected. */
export function expectNumber(v: unknown, what: string): number {
  if (typeof v !== 'number') fault(`${what} expects a number, got ${typeOf(v)}`);
  return v;
}

export function expectString(v: unknown, what: string): string {
  if (typeof v !== 'string') fault(`${what} expects a string, got ${typeOf(v)}`);
  return v;
}

export function expectArray(v: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(v)) fault(`${what} expects an array, got ${typeOf(v)}`);
  return v;
}

/** An integer in `v` (a number with no fractional part), or a fault. */
export function expectInteger(v: unknown, what: string): number {
  const n = expectNumber(v, what);
  if (!Number.isInteger(n)) fault(`${what} expects an integer, got ${formatNumber(n)}`);
  return n;
}
