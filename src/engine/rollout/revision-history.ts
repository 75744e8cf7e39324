// revisionHistoryLimit: which scaled-down ReplicaSets go.

import type { Draft } from './draft.js';
import type { ObservedReplicaSet } from './snapshot.js';

/** Scaled-down older ReplicaSets (planned size 0, no pods) beyond `revisionHistoryLimit`, oldest first. */
export function replicaSetsBeyondHistory(older: readonly ObservedReplicaSet[], planned: readonly number[], limit: number): ObservedReplicaSet[] {
  const idle = older.filter((rs, i) => planned[i] === 0 && rs.replicas === 0 && rs.statusReplicas === 0);
  const oldestFirst = [...idle].sort((a, b) => a.revision - b.revision || a.createdAt - b.createdAt);
  return oldestFirst.slice(0, Math.max(0, oldestFirst.length - limit));
}

/** Scaled-down older ReplicaSets beyond `revisionHistoryLimit` are deleted, oldest first. */
export function deleteOldReplicaSets(d: Draft, older: readonly ObservedReplicaSet[], planned: readonly number[], limit: number): void {
  for (const rs of replicaSetsBeyondHistory(older, planned, limit)) {
    d.actions.push({ kind: 'deleteReplicaSet', name: rs.name, reason: `beyond revisionHistoryLimit (${limit})` });
  }
}
