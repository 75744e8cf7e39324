// RFC 3339 timestamps as Kubernetes writes them (`metav1.Time`: UTC, whole seconds;
// `metav1.MicroTime`: microseconds), to and from the milliseconds the rest of Kanary computes with.

/** A time as it comes from the API: a string on the wire, a Date where client-node parsed it. */
export type TimestampInput = string | Date | undefined | null;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Milliseconds since the epoch as `metav1.Time`: UTC, whole seconds (rounded down).
 *
 *   formatTimestamp(Date.UTC(2026, 10, 21, 10, 0, 0, 750)) -> '2026-11-21T10:00:00Z'
 */
export function formatTimestamp(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/**
 * Milliseconds as `metav1.MicroTime` (a Lease's acquire and renew times).
 *
 *   formatMicroTime(Date.UTC(2026, 10, 21, 10, 0, 0, 750)) -> '2026-11-21T10:00:00.750000Z'
 */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * An RFC 3339 time (or a Date) in milliseconds; undefined when absent or unreadable, so a
 * hand-edited status never throws.
 *
 *   parseTimestamp('2026-11-21T10:00:00Z') -> 1795255200000
 *   parseTimestamp('yesterday')            -> undefined
 */
export function parseTimestamp(value: TimestampInput): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (!RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
