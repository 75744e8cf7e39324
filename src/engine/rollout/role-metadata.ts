// Which ReplicaSet carries which role's pod metadata, and the actions that put it there: a new
// ReplicaSet is created with its role's labels and annotations; when a role moves, the template
// and the pods of each ReplicaSet concerned are patched in place (no pod restarts), as Argo
// Rollouts does. Services and meshes select pods by these labels.

import { EPHEMERAL_METADATA_ANNOTATION } from '../../api/labels.js';
import type { PodTemplateMetadata, Rollout, RolloutStatus } from '../../api/types.js';
import { orderActions, type Plan, type PlanAction } from './plan.js';
import { ephemeralMetadataRecord, metadataPatch, patchedMetadata, type ObjectMetadata } from './pod-metadata.js';
import type { RolloutSnapshot } from './snapshot.js';

/** The role metadata the spec names, by role: the new version's and the serving version's. */
function roleSpec(rollout: Rollout): { next?: PodTemplateMetadata; serving?: PodTemplateMetadata; servingName: string; nextName: string } | undefined {
  const { canary, blueGreen } = rollout.spec.strategy;
  if (blueGreen) return { next: blueGreen.previewMetadata, serving: blueGreen.activeMetadata, nextName: 'preview', servingName: 'active' };
  if (canary) return { next: canary.canaryMetadata, serving: canary.stableMetadata, nextName: 'canary', servingName: 'stable' };
  return undefined;
}

export interface Role {
  readonly name: string;
  readonly metadata?: PodTemplateMetadata;
}

/**
 * The role of the ReplicaSet with `hash`, given the status the plan writes; undefined for a
 * ReplicaSet with none (its role metadata is taken off). Argo's rules:
 *   canary, stableRS = new (or none)        new: stable
 *   canary, mid-update                      new: canary, stableRS: stable, others: none
 *   blue-green, stableRS = new (or none)    new: active
 *   blue-green, mid-update, active = new    new: active (post-promotion), stableRS: active
 *   blue-green, mid-update, active = old    new: preview, stableRS: active
 */
export function roleOf(rollout: Rollout, status: RolloutStatus, newHash: string, hash: string): Role | undefined {
  const spec = roleSpec(rollout);
  if (!spec) return undefined;
  const serving: Role = { name: spec.servingName, ...(spec.serving ? { metadata: spec.serving } : {}) };
  const next: Role = { name: spec.nextName, ...(spec.next ? { metadata: spec.next } : {}) };
  const settled = !status.stableRS || status.stableRS === newHash;
  if (hash === newHash) {
    if (settled) return serving;
    return rollout.spec.strategy.blueGreen && status.blueGreen?.activeSelector === newHash ? serving : next;
  }
  return hash === status.stableRS ? serving : undefined;
}

function keysOf(...all: (ObjectMetadata | undefined)[]): ObjectMetadata {
  const keys = (pick: (m: ObjectMetadata) => Readonly<Record<string, string>> | undefined) =>
    Object.fromEntries(all.flatMap((m) => Object.keys((m && pick(m)) ?? {})).map((k) => [k, '']));
  return { labels: keys((m) => m.labels), annotations: keys((m) => m.annotations) };
}

/** `target` restricted to the keys of `keys`. */
function only(target: ObjectMetadata, keys: ObjectMetadata): PodTemplateMetadata {
  const pick = (map: Readonly<Record<string, string>> | undefined, wanted: Readonly<Record<string, string>> | undefined) =>
    Object.fromEntries(Object.entries(map ?? {}).filter(([k]) => Object.hasOwn(wanted ?? {}, k)));
  return { labels: pick(target.labels, keys.labels), annotations: pick(target.annotations, keys.annotations) };
}

function templateMetadata(template: unknown): ObjectMetadata {
  const metadata = (template as { metadata?: ObjectMetadata } | undefined)?.metadata;
  return { labels: metadata?.labels ?? {}, annotations: metadata?.annotations ?? {} };
}

/** The template given to a new ReplicaSet, with its role's metadata and the record of it. */
function withRole(action: Extract<PlanAction, { kind: 'createReplicaSet' }>, role: Role | undefined): PlanAction {
  if (!role?.metadata) return action;
  const template = (action.template ?? {}) as { metadata?: Record<string, unknown> };
  const metadata = patchedMetadata(templateMetadata(template), metadataPatch(templateMetadata(template), undefined, role.metadata));
  return {
    ...action, template: { ...template, metadata: { ...(template.metadata ?? {}), ...metadata } },
    annotations: { ...(action.annotations ?? {}), [EPHEMERAL_METADATA_ANNOTATION]: ephemeralMetadataRecord(role.metadata) },
  };
}

/**
 * Adds to a strategy's plan what keeps role metadata where it belongs: on the ReplicaSets'
 * templates (and in their records) and on their pods. A pod agrees with its ReplicaSet's template
 * on every key a role may set; its other labels and annotations are left alone. Nothing at all
 * when the spec names no role metadata and no ReplicaSet carries any.
 */
export function withRoleMetadata(snap: RolloutSnapshot, plan: Plan): Plan {
  const spec = roleSpec(snap.rollout);
  const live = snap.replicaSets.filter((rs) => rs.deleting !== true);
  if (!spec || (!spec.next && !spec.serving && live.every((rs) => rs.ephemeralMetadata === undefined))) return plan;
  const newHash = plan.status.currentPodHash ?? '';
  const role = (hash: string) => roleOf(snap.rollout, plan.status, newHash, hash);
  const deleted = new Set(plan.actions.filter((a) => a.kind === 'deleteReplicaSet').map((a) => a.name));
  const actions: PlanAction[] = plan.actions.map((a) => (a.kind === 'createReplicaSet' ? withRole(a, role(a.podHash)) : a));
  const roleKeys = keysOf(spec.next, spec.serving);
  const podActions: PlanAction[] = [];
  for (const rs of live.filter((r) => !deleted.has(r.name))) {
    const r = role(rs.podHash);
    const current = templateMetadata(rs.template);
    const patch = metadataPatch(current, rs.ephemeralMetadata, r?.metadata);
    const record = r?.metadata ? ephemeralMetadataRecord(r.metadata) : null;
    const why = r ? `pods of the ${r.name} version carry its metadata` : 'no longer in a role: its role metadata is taken off';
    if (patch || record !== (rs.ephemeralMetadata ? ephemeralMetadataRecord(rs.ephemeralMetadata) : null)) {
      actions.push({ kind: 'setPodTemplateMetadata', name: rs.name, labels: patch?.labels ?? {}, annotations: patch?.annotations ?? {}, record, reason: why });
    }
    const keys = keysOf(roleKeys, rs.ephemeralMetadata, r?.metadata);
    const target = only(patchedMetadata(current, patch), keys);
    for (const pod of (snap.pods ?? []).filter((p) => p.podHash === rs.podHash && p.podHash !== '' && p.deleting !== true)) {
      const podPatch = metadataPatch(pod, keys, target);
      if (podPatch) podActions.push({ kind: 'setPodMetadata', name: pod.name, labels: podPatch.labels, annotations: podPatch.annotations, reason: why });
    }
  }
  // Pods gaining a role's labels before pods losing theirs: a Service selecting by role never runs empty.
  const gaining = podActions.filter((a) => a.kind === 'setPodMetadata' && Object.values(a.labels).some((v) => v !== null));
  const rest = podActions.filter((a) => !gaining.includes(a));
  return { ...plan, actions: orderActions([...actions, ...gaining, ...rest]) };
}
