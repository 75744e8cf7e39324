// Kubernetes int-or-string values (`maxSurge: 3`, `maxUnavailable: '25%'`) resolved against a
// replica count, with the rounding rules of Kubernetes and Argo Rollouts.

/** A Kubernetes IntOrString as it appears in a manifest: an integer, or a percentage string. */
export type IntOrPercent = number | string;

/** Why an IntOrString could not be resolved. */
export interface IntOrPercentError {
  readonly kind: 'invalid-int-or-percent';
  readonly value: IntOrPercent;
  readonly message: string;
}

export type IntOrPercentResult =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly error: IntOrPercentError };

/** What a canary may add above and take below `spec.replicas` while it moves. */
export interface Fenceposts {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
}

export type FencepostsResult =
  | ({ readonly ok: true } & Fenceposts)
  | { readonly ok: false; readonly error: IntOrPercentError };

/** Argo's default for both `maxSurge` and `maxUnavailable` of a canary. */
export const DEFAULT_CANARY_FENCEPOST = '25%';

// strconv.Atoi's grammar: an optional sign and decimal digits, nothing else.
const PERCENT = /^([+-]?\d+)%$/;

function invalid(value: IntOrPercent, why: string): IntOrPercentResult {
  return { ok: false, error: { kind: 'invalid-int-or-percent', value, message: `invalid value ${JSON.stringify(value)}: ${why}` } };
}

/**
 * Resolves an int-or-percent against `total`, as Kubernetes' `intstr.GetScaledValueFromIntOrPercent`:
 * an integer is taken as is; `'N%'` is `N * total / 100`, rounded up or down. A string without
 * `%` is an error (the older `GetValueFromIntOrPercent` read `'5'` as 5%; the scaled one refuses it).
 *
 *   scaledValue(3, 10, true)      -> 3
 *   scaledValue('25%', 10, true)  -> 3     (2.5 up)
 *   scaledValue('25%', 10, false) -> 2     (2.5 down)
 *   scaledValue('5', 10, true)    -> error: string is not a percentage
 */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): IntOrPercentResult {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return invalid(value, 'must be an integer or a percentage like "25%"');
    return { ok: true, value };
  }
  const match = PERCENT.exec(value);
  if (match === null) {
    return invalid(value, value.endsWith('%') ? 'the percentage must be a whole number, like "25%"' : 'string is not a percentage, like "25%"');
  }
  const percent = Number(match[1]);
  if (!Number.isSafeInteger(percent)) return invalid(value, 'the percentage is out of range');
  // Same operation order as Go's float64(value) * float64(total) / 100, so results match bit for bit.
  const scaled = (percent * total) / 100;
  return { ok: true, value: roundUp ? Math.ceil(scaled) : Math.floor(scaled) };
}

/**
 * Resolves a canary's `maxSurge` (rounded up) and `maxUnavailable` (rounded down) against
 * `replicas`, as Argo's `resolveFenceposts`, `MaxSurge` and `MaxUnavailable` do together:
 * - both default to `'25%'` when unset;
 * - if both resolve to 0, maxUnavailable becomes 1, so a rollout can always make progress
 *   (validation refuses an explicit 0/0, but `'0%'`/`'0%'` or rounding down can reach it);
 * - maxUnavailable is never more than `replicas`, and is 0 when `replicas` is 0.
 *
 *   canaryFenceposts(undefined, undefined, 10) -> surge 3, unavailable 2
 *   canaryFenceposts('0%', '0%', 10)           -> surge 0, unavailable 1
 *   canaryFenceposts(1, '10%', 4)              -> surge 1, unavailable 0
 *   canaryFenceposts(0, 5, 3)                  -> surge 0, unavailable 3
 */
export function canaryFenceposts(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  replicas: number,
): FencepostsResult {
  const surge = scaledValue(maxSurge ?? DEFAULT_CANARY_FENCEPOST, replicas, true);
  if (!surge.ok) return surge;
  const unavailable = scaledValue(maxUnavailable ?? DEFAULT_CANARY_FENCEPOST, replicas, false);
  if (!unavailable.ok) return unavailable;
  let resolvedUnavailable = surge.value === 0 && unavailable.value === 0 ? 1 : unavailable.value;
  if (replicas === 0) resolvedUnavailable = 0;
  else if (resolvedUnavailable > replicas) resolvedUnavailable = replicas;
  return { ok: true, maxSurge: surge.value, maxUnavailable: resolvedUnavailable };
}
