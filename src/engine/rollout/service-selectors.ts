// Where the canary and stable Services point: the stable and canary ReplicaSets' pods, and
// only ever pods that are available.

import { POD_TEMPLATE_HASH_LABEL } from '../../api/labels.js';
import type { Draft } from './draft.js';
import type { ClassifiedReplicaSets } from './replica-sets.js';
import type { ObservedReplicaSet, RolloutSnapshot } from './snapshot.js';

/**
 * stableService selects the stable ReplicaSet's pods, canaryService the canary's; a selector
 * only ever moves to a ReplicaSet with available pods that this plan leaves with pods (else it
 * stays where it is). After an abort, or while the canary has no pod to serve, canaryService
 * selects the stable pods.
 *
 * The stable ReplicaSet can lose its last pod before the canary is promoted: the steps are done
 * (or a step sends the canary all the traffic) and the canary is not yet fully available. Then
 * stableService selects the canary's pods in that same plan, and since the plan orders
 * selectors before scale-downs, it never selects a ReplicaSet with no pods left; promotion
 * later only confirms the selector. `replicasAfter` gives each ReplicaSet's size once the plan
 * is applied (by pod hash).
 */
export function setServiceSelectors(d: Draft, snap: RolloutSnapshot, sets: ClassifiedReplicaSets, podHash: string, aborted: boolean,
  replicasAfter: (hash: string) => number): void {
  const canary = snap.rollout.spec.strategy.canary;
  const all = [sets.desired, sets.stable, ...sets.older].filter((rs): rs is ObservedReplicaSet => rs !== undefined);
  const available = (hash: string | undefined) => hash !== undefined && replicasAfter(hash) > 0 && all.some((rs) => rs.podHash === hash && rs.available > 0);
  const stableHash = d.status.stableRS;
  const stableEmptied = stableHash !== undefined && stableHash !== podHash && sets.stable !== undefined && replicasAfter(stableHash) === 0;
  const point = (service: string | undefined, hash: string | undefined, why: string) => {
    if (!service || !hash) return;
    const observed = snap.services[service];
    if (!observed || observed['selector']?.[POD_TEMPLATE_HASH_LABEL] === hash) return;
    if (!available(hash)) {
      d.notes.push(`Service ${service} keeps its selector: ReplicaSet with hash ${hash} has no available pods yet`);
      return;
    }
    d.actions.push({ kind: 'setServiceSelector', service, podHash: hash, reason: why });
  };
  if (stableEmptied && !aborted && available(podHash)) {
    point(canary?.stableService, podHash, 'the stable ReplicaSet has no pods left before the canary is promoted: the stable Service selects the canary pods');
  } else {
    point(canary?.stableService, stableHash, 'the stable Service follows the stable ReplicaSet');
  }
  const canaryHash = aborted || !available(podHash) ? stableHash : podHash;
  point(canary?.canaryService, canaryHash, canaryHash === podHash ? 'the canary Service follows the canary ReplicaSet' : 'the canary Service falls back to the stable pods');
}
