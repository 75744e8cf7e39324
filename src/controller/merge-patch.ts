// The JSON merge patch (RFC 7386) that turns one JSON value into another: what changed, with
// null for what was removed. Arrays are replaced whole, as merge patch does.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The merge patch from `from` to `to`; undefined when they are equal.
 *   {a: 1, b: 2} -> {a: 1, c: 3}      = {b: null, c: 3}
 *   {x: {y: 1, z: 2}} -> {x: {y: 1}}  = {x: {z: null}}
 */
export function mergePatchFor(from: unknown, to: unknown): Json | undefined {
  if (jsonEqual(from, to)) return undefined;
  if (!isObject(from) || !isObject(to)) return (to === undefined ? null : (to as Json));
  const patch: Record<string, Json> = {};
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (to[key] === undefined) {
      if (from[key] !== undefined) patch[key] = null;
      continue;
    }
    const sub = mergePatchFor(from[key], to[key]);
    if (sub !== undefined) patch[key] = sub;
  }
  return patch;
}
