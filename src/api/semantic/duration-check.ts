// The duration forms a manifest may hold (`pause.duration`, `interval`, `initialDelay`,
// experiment `duration`): an integer count of seconds, or a Go duration string (`30s`, `5m`,
// `1h30m`, `500ms`). Kept here, not in engine/, because api imports nothing of ours.

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600,
};
const GO_DURATION = /^([0-9]*\.?[0-9]+(?:ns|us|µs|ms|s|m|h))+$/;
const PART = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/g;

/**
 * Seconds in a duration, or undefined when the value is no duration.
 * `30` -> 30, `"30"` -> 30, `"5m"` -> 300, `"1h30m"` -> 5400, `"500ms"` -> 0.5, `"5 min"` -> undefined.
 */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^-?\d+$/.test(v)) return Number(v);
  if (!GO_DURATION.test(v)) return undefined;
  let total = 0;
  for (const m of v.matchAll(PART)) total += Number(m[1]) * (UNIT_SECONDS[m[2] ?? ''] ?? 0);
  return total;
}

/** The message for a value that is not a duration, naming the accepted forms. */
export function durationMessage(v: unknown): string {
  return `must be a duration: an integer number of seconds or a string like 30s, 5m, 1h; got ${JSON.stringify(v)}`;
}
