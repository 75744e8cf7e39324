// Observe: one immutable snapshot of a Rollout and what it owns or names, from informer caches.

import type { V1Pod, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { Rollout } from '../api/types.js';
import type { ObservedPod, ObservedReplicaSet, ObservedService, RolloutSnapshot } from '../engine/rollout/snapshot.js';
import type { Store } from '../kube/informer.js';

export const POD_HASH_LABEL = 'rollouts-pod-template-hash';
export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';

export interface RolloutCaches {
  readonly replicaSets: Store<V1ReplicaSet>;
  readonly services: Store<V1Service>;
  readonly pods?: Store<V1Pod>;
}

function time(value: Date | string | undefined): number {
  if (value === undefined) return 0;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

/** The ReplicaSet's controller, if any: `{kind, name, uid}`. */
export function controllerOf(obj: { metadata?: { ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] } }) {
  return obj.metadata?.ownerReferences?.find((o) => o.controller === true);
}

/** Whether every matchLabels pair of the Rollout's selector is on these labels. */
function selects(rollout: Rollout, labels: Record<string, string> | undefined): boolean {
  const want = rollout.spec?.selector?.matchLabels ?? {};
  const keys = Object.keys(want);
  return keys.length > 0 && keys.every((k) => labels?.[k] === want[k]);
}

export function observeReplicaSet(rs: V1ReplicaSet): ObservedReplicaSet {
  const m = rs.metadata ?? {};
  return {
    name: m.name ?? '',
    podHash: m.labels?.[POD_HASH_LABEL] ?? '',
    template: rs.spec?.template,
    replicas: rs.spec?.replicas ?? 1,
    statusReplicas: rs.status?.replicas ?? 0,
    ready: rs.status?.readyReplicas ?? 0,
    available: rs.status?.availableReplicas ?? 0,
    revision: Number.parseInt(m.annotations?.[REVISION_ANNOTATION] ?? '0', 10) || 0,
    createdAt: time(m.creationTimestamp),
    deleting: m.deletionTimestamp !== undefined,
  };
}

/**
 * The ReplicaSets of a Rollout: those it controls, plus orphans (no controller) whose labels
 * its selector matches — those are adopted before planning, so a Rollout taken over from
 * another controller keeps its pods.
 */
export function replicaSetsOf(rollout: Rollout, store: Store<V1ReplicaSet>): { owned: V1ReplicaSet[]; orphans: V1ReplicaSet[] } {
  const uid = rollout.metadata?.uid;
  const all = store.list(rollout.metadata?.namespace);
  const owned = all.filter((rs) => { const c = controllerOf(rs); return c?.kind === 'Rollout' && c.uid === uid; });
  const orphans = all.filter((rs) => controllerOf(rs) === undefined && rs.metadata?.deletionTimestamp === undefined
    && selects(rollout, rs.spec?.template?.metadata?.labels));
  return { owned, orphans };
}

/** Names of the Services the strategy points at. */
export function serviceNamesOf(rollout: Rollout): string[] {
  const c = rollout.spec?.strategy?.canary;
  const b = rollout.spec?.strategy?.blueGreen;
  return [c?.canaryService, c?.stableService, b?.activeService, b?.previewService].filter((n): n is string => !!n);
}

export function observeRollout(rollout: Rollout, caches: RolloutCaches, now: number): RolloutSnapshot {
  const ns = rollout.metadata?.namespace ?? 'default';
  const { owned, orphans } = replicaSetsOf(rollout, caches.replicaSets);
  const sets = [...owned, ...orphans];
  const services: Record<string, ObservedService | null> = {};
  for (const name of serviceNamesOf(rollout)) {
    const svc = caches.services.get(`${ns}/${name}`);
    services[name] = svc ? { name, selector: svc.spec?.selector ?? {} } : null;
  }
  const rsNames = new Set(sets.map((rs) => rs.metadata?.name));
  const pods: ObservedPod[] = (caches.pods?.list(ns) ?? [])
    .filter((p) => { const c = controllerOf(p); return c?.kind === 'ReplicaSet' && rsNames.has(c.name); })
    .map((p) => ({
      name: p.metadata?.name ?? '',
      podHash: p.metadata?.labels?.[POD_HASH_LABEL] ?? '',
      createdAt: time(p.metadata?.creationTimestamp),
      ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
      deleting: p.metadata?.deletionTimestamp !== undefined,
    }));
  return { rollout, replicaSets: sets.map(observeReplicaSet), services, pods, now };
}
