// Older ReplicaSets of a traffic-routed canary: the router sends them nothing, but proxies may
// still hold connections to them for a moment after a switch, so each keeps its pods for
// `scaleDownDelaySeconds` (default 30), counted from a `scale-down-deadline` annotation written
// on it the first time it is seen idle (Argo's scaleDownDelayHelper).

import { formatTimestamp } from '../../api/timestamp.js';
import type { ObservedReplicaSet } from './snapshot.js';
import { DEFAULT_SCALE_DOWN_DELAY_SECONDS } from '../../api/defaults.js';
export { DEFAULT_SCALE_DOWN_DELAY_SECONDS };

export { SCALE_DOWN_DEADLINE_ANNOTATION } from '../../api/labels.js';

export interface DelayedScaleDown {
  /** The next `spec.replicas` of each older ReplicaSet, in the order given. */
  readonly counts: number[];
  /** Deadlines to write: the ReplicaSet's name and the RFC 3339 time. */
  readonly deadlines: { name: string; deadline: string }[];
  readonly nextCheckAt?: number;
}

/**
 * Each older ReplicaSet with pods: kept while a routed weight still names its hash; given a
 * deadline `delaySeconds` from now when it has none (kept until then); scaled to 0 once its
 * deadline has passed.
 *
 *   [old 3 pods, no deadline], now 0, delay 30     -> counts [3], deadline 30 s, look again at 30 s
 *   [old 3 pods, deadline 30 s], now 31 s          -> counts [0]
 *   [old 3 pods, hash still routed]                -> counts [3]
 */
export function olderAfterScaleDownDelay(older: readonly ObservedReplicaSet[], routedHashes: ReadonlySet<string>, delaySeconds: number, now: number): DelayedScaleDown {
  const deadlines: { name: string; deadline: string }[] = [];
  let nextCheckAt: number | undefined;
  const later = (at: number) => { nextCheckAt = nextCheckAt === undefined ? at : Math.min(nextCheckAt, at); };
  const counts = older.map((rs) => {
    if (rs.replicas === 0) return 0;
    if (rs.podHash !== '' && routedHashes.has(rs.podHash)) return rs.replicas;
    if (rs.scaleDownDeadline === undefined) {
      if (delaySeconds <= 0) return 0;
      const at = now + delaySeconds * 1000;
      deadlines.push({ name: rs.name, deadline: formatTimestamp(at) });
      later(at);
      return rs.replicas;
    }
    if (now >= rs.scaleDownDeadline) return 0;
    later(rs.scaleDownDeadline);
    return rs.replicas;
  });
  return { counts, deadlines, ...(nextCheckAt !== undefined ? { nextCheckAt } : {}) };
}
