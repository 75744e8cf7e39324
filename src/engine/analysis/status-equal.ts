// Deep equality of statuses as the API server stores them: key order and undefined-valued keys
// do not count, so re-planning an unchanged run produces no write.

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Whether two JSON-like values are the same document.
 *
 *   statusEqual({ phase: 'Running', message: undefined }, { phase: 'Running' }) -> true
 *   statusEqual({ a: 1, b: 2 }, { b: 2, a: 1 })                               -> true
 */
export function statusEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a ?? {})) === JSON.stringify(canonical(b ?? {}));
}
