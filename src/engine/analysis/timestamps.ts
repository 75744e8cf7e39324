// RFC 3339 timestamps as Kubernetes writes them in status (`metav1.Time`: whole seconds, UTC),
// converted to and from the milliseconds the engine computes with.

/**
 * Formats milliseconds since the epoch as `metav1.Time` does: UTC, whole seconds (rounded down).
 *
 *   formatTimestamp(Date.UTC(2026, 10, 21, 10, 0, 0, 750)) -> '2026-11-21T10:00:00Z'
 */
export function formatTimestamp(ms: number): string {
  const whole = Math.floor(ms / 1000) * 1000;
  return `${new Date(whole).toISOString().slice(0, 19)}Z`;
}

/**
 * Reads an RFC 3339 timestamp into milliseconds; `undefined` when absent or unreadable, so a
 * hand-edited status never throws inside the engine.
 *
 *   parseTimestamp('2026-11-21T10:00:00Z') -> 1795255200000
 *   parseTimestamp('yesterday')            -> undefined
 */
export function parseTimestamp(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
