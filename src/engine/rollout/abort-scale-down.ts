// An aborted traffic-routed canary keeps its pods for `abortScaleDownDelaySeconds` (default 30)
// after all the traffic is back on a fully available stable, counted from a scale-down-deadline
// annotation on the canary ReplicaSet; `0` keeps them until the next update or a retry (Argo's
// shouldDelayScaleDownOnAbort and reconcileNewReplicaSet). Pure.

import { formatTimestamp } from '../../api/timestamp.js';
import { DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS } from './bluegreen/new-replicas.js';

export interface AbortScaleDownInput {
  readonly aborted: boolean;
  readonly trafficRouted: boolean;
  readonly dynamicStableScale: boolean;
  /** `canary.abortScaleDownDelaySeconds` as written (undefined: not set). */
  readonly abortScaleDownDelaySeconds?: number;
  /** The canary ReplicaSet: its size and deadline (ms) now. */
  readonly canary?: { readonly replicas: number; readonly scaleDownDeadline?: number };
  /** The stable ReplicaSet's available pods, and `spec.replicas`. */
  readonly stableAvailable: number;
  readonly replicas: number;
  readonly now: number;
}

/**
 * What happens to the canary's size:
 * - `follow`: the replica arithmetic decides (no delay applies); `clearDeadline` when a deadline
 *   from an earlier abort is still on it (a retry, or a delay of 0);
 * - `hold`: it keeps `replicas`, with a deadline to write (`setDeadline`) once the stable is fully
 *   available, and a time to look again;
 * - `scaleDown`: its deadline has passed: 0.
 *
 * The delay applies only when aborted, routed, with a stable, a delay other than 0, and with
 * dynamicStableScale only when the delay is written explicitly (dynamic scaling already keeps
 * the canary until its traffic has left).
 *
 *   aborted, delay unset, stable 5/5, no deadline, now 0   -> hold, deadline 30 s
 *   aborted, delay unset, stable 3/5                       -> hold, no deadline yet
 *   aborted, deadline 30 s, now 31 s                       -> scaleDown
 *   aborted, delay 0                                       -> follow
 *   not aborted, deadline left from an earlier abort       -> follow, clearDeadline
 */
export type AbortScaleDown =
  | { readonly kind: 'follow'; readonly clearDeadline: boolean }
  | { readonly kind: 'hold'; readonly replicas: number; readonly setDeadline?: string; readonly nextCheckAt?: number }
  | { readonly kind: 'scaleDown' };

export function abortScaleDown(input: AbortScaleDownInput): AbortScaleDown {
  const canary = input.canary;
  const explicit = input.abortScaleDownDelaySeconds !== undefined;
  const delay = input.abortScaleDownDelaySeconds ?? DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS;
  const delays = input.aborted && input.trafficRouted && delay > 0 && (!input.dynamicStableScale || explicit);
  if (!delays || canary === undefined || canary.replicas === 0) {
    return { kind: 'follow', clearDeadline: !input.aborted && canary?.scaleDownDeadline !== undefined };
  }
  if (canary.scaleDownDeadline !== undefined) {
    return input.now >= canary.scaleDownDeadline ? { kind: 'scaleDown' } : { kind: 'hold', replicas: canary.replicas, nextCheckAt: canary.scaleDownDeadline };
  }
  if (input.stableAvailable < input.replicas) return { kind: 'hold', replicas: canary.replicas };
  const at = input.now + delay * 1000;
  return { kind: 'hold', replicas: canary.replicas, setDeadline: formatTimestamp(at), nextCheckAt: at };
}
