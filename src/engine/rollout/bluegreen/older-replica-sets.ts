// What happens to a blue-green Rollout's ReplicaSets other than the new one: the one serving
// production (or the stable one) stays at full size; one that served until now is kept for an
// instant switch back until its scale-down deadline (`scaleDownDelaySeconds`, written on the
// ReplicaSet so a restarted controller keeps it); any other scales down at once.

import { formatTimestamp } from '../../../api/timestamp.js';
import type { ObservedReplicaSet } from '../snapshot.js';
import { DEFAULT_SCALE_DOWN_DELAY_SECONDS } from '../../../api/defaults.js';
export { DEFAULT_SCALE_DOWN_DELAY_SECONDS };


export interface OlderInput {
  /** Every live ReplicaSet but the new one, newest revision first. */
  readonly older: readonly ObservedReplicaSet[];
  readonly replicas: number;
  /** Hashes that serve or will serve production after this plan: the active target and the stable one. */
  readonly keepFull: ReadonlySet<string>;
  /** The hash the active Service selects now, when the plan switches it away. Its delay starts now. */
  readonly switchedAway?: string;
  /** Hashes that served production until now (recorded activeSelector, stableRS): their delay starts now if not yet. */
  readonly servedBefore: ReadonlySet<string>;
  readonly scaleDownDelaySeconds?: number;
  readonly scaleDownDelayRevisionLimit?: number;
  readonly now: number;
}

export interface OlderDecision {
  readonly rs: ObservedReplicaSet;
  /** The size to set (equal to `rs.replicas` when it stays). */
  readonly replicas: number;
  /** A deadline to write (RFC 3339), or null to remove the one it has; absent: leave it. */
  readonly deadline?: string | null;
  readonly why: string;
}

/**
 * Worked examples (replicas 3, delay 30s, now T):
 *   the active target at 3                               -> stays at 3
 *   the active Service switches away from it in this plan  -> stays at 3, deadline T+30s
 *   deadline T+10s (not yet)                               -> stays at 3, look again at T+10s
 *   deadline T-1s (passed)                                 -> 0
 *   never served, 2 pods (an earlier preview)              -> 0
 *   revision limit 1, two with future deadlines            -> the newer stays, the older goes to 0
 */
export function olderReplicaSets(input: OlderInput): { decisions: OlderDecision[]; nextCheckAt?: number } {
  const delay = input.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS;
  const limit = input.scaleDownDelayRevisionLimit;
  const decisions: OlderDecision[] = [];
  let delayed = 0;
  let nextCheckAt: number | undefined;
  const keep = (rs: ObservedReplicaSet, why: string, deadline?: string | null): OlderDecision =>
    ({ rs, replicas: rs.replicas, why, ...(deadline !== undefined ? { deadline } : {}) });
  const overLimit = () => limit !== undefined && ++delayed > limit;

  for (const rs of input.older) {
    if (input.keepFull.has(rs.podHash)) {
      decisions.push({ rs, replicas: input.replicas, why: 'it serves production (or is the stable version)',
        ...(rs.scaleDownDeadline !== undefined ? { deadline: null } : {}) });
    } else if (rs.replicas === 0) {
      continue;
    } else if (rs.podHash === input.switchedAway || (input.servedBefore.has(rs.podHash) && rs.scaleDownDeadline === undefined)) {
      if (delay === 0 || overLimit()) decisions.push({ rs, replicas: 0, why: delay === 0 ? 'scaleDownDelaySeconds is 0' : `beyond scaleDownDelayRevisionLimit (${limit})` });
      else {
        const at = input.now + delay * 1000;
        nextCheckAt = Math.min(nextCheckAt ?? at, at);
        decisions.push(keep(rs, `kept for a switch back until ${formatTimestamp(at)} (scaleDownDelaySeconds)`, formatTimestamp(at)));
      }
    } else if (rs.scaleDownDeadline !== undefined) {
      const at = rs.scaleDownDeadline;
      if (overLimit()) decisions.push({ rs, replicas: 0, why: `beyond scaleDownDelayRevisionLimit (${limit})` });
      else if (at > input.now) {
        nextCheckAt = Math.min(nextCheckAt ?? at, at);
        decisions.push(keep(rs, `kept for a switch back until ${formatTimestamp(at)}`));
      } else decisions.push({ rs, replicas: 0, why: 'its scale-down delay has passed' });
    } else {
      decisions.push({ rs, replicas: 0, why: 'an older revision that serves nothing' });
    }
  }
  return { decisions, ...(nextCheckAt !== undefined ? { nextCheckAt } : {}) };
}
