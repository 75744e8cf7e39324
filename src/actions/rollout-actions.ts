// The user's actions on a Rollout, shared by the CLI and the dashboard so the two never disagree:
// promote, promote --full, abort, retry, pause, resume, restart, set image, undo. Each is one
// conditional patch (resourceVersion), so it never overwrites a change it did not see.

import { formatTimestamp } from '../api/timestamp.js';
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import { POD_TEMPLATE_HASH_LABEL as POD_HASH_LABEL, REVISION_ANNOTATION } from '../api/labels.js';
import type { Rollout } from '../api/types.js';
import type { KubeClients } from '../kube/client.js';
import { KubeError } from '../kube/errors.js';
import { kinds } from '../kube/resources.js';

export interface RolloutRef {
  readonly namespace: string;
  readonly name: string;
}

type RolloutObject = Rollout & KubernetesObject;

/** A user error with a message that says what to do; the CLI prints it and exits 2. */
export class ActionError extends Error {}


function rollouts(clients: KubeClients) {
  return clients.resource<RolloutObject>(kinds.Rollout);
}

async function read(clients: KubeClients, ref: RolloutRef): Promise<RolloutObject> {
  return rollouts(clients).get(ref);
}

const precondition = (r: RolloutObject) => ({ resourceVersion: r.metadata?.resourceVersion });

/** What a promote does now, in words; also what the CLI prints. */
export type PromoteOutcome = 'unpaused' | 'skipped-pause' | 'skipped-step' | 'promoted-full' | 'nothing-to-promote';

/**
 * Writes one part of a Rollout from its latest state: `build` sees the object as read and returns
 * the patch (with its resourceVersion precondition) or undefined when nothing is left to do. On a
 * conflict (the controller wrote status meanwhile) it reads again and rebuilds, so a command made
 * of two writes never stops between them because the first one changed the resourceVersion.
 */
async function writeFresh(
  clients: KubeClients, ref: RolloutRef, part: 'spec' | 'status', build: (r: RolloutObject) => object | undefined,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const r = await read(clients, ref);
    const patch = build(r);
    if (patch === undefined) return;
    const body = { metadata: precondition(r), ...patch };
    try {
      if (part === 'spec') await rollouts(clients).mergePatch(ref, body);
      else await rollouts(clients).patchStatus(ref, body);
      return;
    } catch (err) {
      if (!(err instanceof KubeError && err.kind === 'Conflict') || attempt >= CONFLICT_ATTEMPTS) throw err;
    }
  }
}

const CONFLICT_ATTEMPTS = 5;

const unpause = (r: RolloutObject) => (r.spec.paused === true ? { spec: { paused: false } } : undefined);

/**
 * promote: leaves a manual pause, ends the current pause step (timed or not), or, when not at a
 * pause, moves past the current step. `full`: skips every remaining step (status.promoteFull).
 * As in Argo Rollouts the status is written first and the unpause second, each from a fresh read
 * and retried on conflict, so a promote of a paused Rollout happens whole.
 */
export async function promote(clients: KubeClients, ref: RolloutRef, opts: { full?: boolean } = {}): Promise<PromoteOutcome> {
  const r = await read(clients, ref);
  const status = r.status ?? {};
  if (status.abort === true) throw new ActionError(`rollout "${ref.name}" is aborted: run retry to start its update again`);
  if (opts.full) {
    if (status.stableRS && status.stableRS === status.currentPodHash) {
      await writeFresh(clients, ref, 'spec', unpause);
      return 'nothing-to-promote';
    }
    await writeFresh(clients, ref, 'status', () => ({ status: { promoteFull: true, pauseConditions: null } }));
    await writeFresh(clients, ref, 'spec', unpause);
    return 'promoted-full';
  }
  if ((status.pauseConditions?.length ?? 0) > 0) {
    // Answering an Inconclusive analysis: forget its run, so the controller measures again.
    const inconclusive = status.pauseConditions?.some((c) => c.reason === 'InconclusiveAnalysisRun') === true;
    const canary = inconclusive ? { canary: { currentStepAnalysisRunStatus: null, currentBackgroundAnalysisRunStatus: null } } : {};
    await writeFresh(clients, ref, 'status', () => ({ status: { pauseConditions: null, ...canary } }));
    await writeFresh(clients, ref, 'spec', unpause);
    return 'skipped-pause';
  }
  if (r.spec.paused === true) {
    await writeFresh(clients, ref, 'spec', unpause);
    return 'unpaused';
  }
  const steps = r.spec.strategy?.canary?.steps ?? [];
  const index = status.currentStepIndex ?? 0;
  if (status.stableRS === status.currentPodHash || index >= steps.length) return 'nothing-to-promote';
  await rollouts(clients).patchStatus(ref, { metadata: precondition(r), status: { currentStepIndex: index + 1 } });
  return 'skipped-step';
}

/** abort: the stable version back to full size, the canary scaled down; phase Degraded until retry or a new version. */
export async function abort(clients: KubeClients, ref: RolloutRef): Promise<void> {
  const r = await read(clients, ref);
  if (r.status?.stableRS && r.status.stableRS === r.status.currentPodHash) {
    throw new ActionError(`rollout "${ref.name}" has no update in progress to abort`);
  }
  await rollouts(clients).patchStatus(ref, { metadata: precondition(r), status: { abort: true } });
}

/** retry: clears an abort and starts the update again from step 1. */
export async function retry(clients: KubeClients, ref: RolloutRef): Promise<void> {
  const r = await read(clients, ref);
  if (r.status?.abort !== true) throw new ActionError(`rollout "${ref.name}" is not aborted: nothing to retry`);
  await rollouts(clients).patchStatus(ref, {
    metadata: precondition(r),
    status: { abort: false, currentStepIndex: 0, pauseConditions: null, canary: { currentStepAnalysisRunStatus: null, currentBackgroundAnalysisRunStatus: null } },
  });
}

/** pause / resume: `spec.paused`. */
export async function setPaused(clients: KubeClients, ref: RolloutRef, paused: boolean): Promise<void> {
  const r = await read(clients, ref);
  await rollouts(clients).mergePatch(ref, { metadata: precondition(r), spec: { paused } });
}

/** restart: pods created before `at` (default now) are replaced, a few at a time. */
export async function restart(clients: KubeClients, ref: RolloutRef, at: Date = new Date()): Promise<string> {
  const r = await read(clients, ref);
  const restartAt = formatTimestamp(at.getTime());
  await rollouts(clients).mergePatch(ref, { metadata: precondition(r), spec: { restartAt } });
  return restartAt;
}

interface Container { name: string; image?: string }

/**
 * set image: `container=image` for one container (init containers included), `*=image` for all;
 * several pairs go into one patch, so the controller never sees a half-changed template.
 * Returns `container=image` for each container changed; fails naming the containers there are
 * when a pair matches none.
 */
export async function setImages(clients: KubeClients, ref: RolloutRef, pairs: readonly { container: string; image: string }[]): Promise<string[]> {
  const r = await read(clients, ref);
  const template = structuredClone(r.spec.template ?? {}) as { spec?: { containers?: Container[]; initContainers?: Container[] } };
  const all = [...(template.spec?.containers ?? []), ...(template.spec?.initContainers ?? [])];
  const changed: string[] = [];
  for (const { container, image } of pairs) {
    const targets = all.filter((c) => container === '*' || c.name === container);
    if (targets.length === 0) {
      throw new ActionError(`rollout "${ref.name}" has no container "${container}"; its containers are: ${all.map((c) => c.name).join(', ')}`);
    }
    for (const c of targets) {
      c.image = image;
      changed.push(`${c.name}=${image}`);
    }
  }
  await rollouts(clients).mergePatch(ref, {
    metadata: precondition(r),
    spec: { template: { spec: { containers: template.spec?.containers, ...(template.spec?.initContainers ? { initContainers: template.spec.initContainers } : {}) } } },
  });
  return changed;
}

/** set image for one pair; returns the names of the containers changed. */
export async function setImage(clients: KubeClients, ref: RolloutRef, container: string, image: string): Promise<string[]> {
  return (await setImages(clients, ref, [{ container, image }])).map((pair) => pair.slice(0, pair.indexOf('=')));
}

/**
 * undo: puts an earlier revision's pod template back into the spec (default: the revision before
 * the current one). Going back to the stable revision skips the steps.
 */
export async function undo(clients: KubeClients, ref: RolloutRef, toRevision?: number): Promise<number> {
  const r = await read(clients, ref);
  const list = await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: ref.namespace });
  const owned = list.items
    .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === r.metadata?.uid))
    .map((rs) => ({ rs, revision: Number.parseInt(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? '0', 10) || 0 }))
    .sort((a, b) => b.revision - a.revision);
  const current = owned.find((o) => o.rs.metadata?.labels?.[POD_HASH_LABEL] === r.status?.currentPodHash);
  const target = toRevision !== undefined
    ? owned.find((o) => o.revision === toRevision)
    : owned.find((o) => o.revision < (current?.revision ?? Number.MAX_SAFE_INTEGER));
  if (!target) {
    const known = owned.map((o) => o.revision).join(', ') || 'none';
    throw new ActionError(toRevision !== undefined
      ? `rollout "${ref.name}" has no revision ${toRevision}; revisions kept: ${known}`
      : `rollout "${ref.name}" has no earlier revision to go back to; revisions kept: ${known}`);
  }
  const template = structuredClone(target.rs.spec?.template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (template.metadata?.labels) delete template.metadata.labels[POD_HASH_LABEL];
  // A replace, not a merge: the old template must come back whole, not merged into the new one.
  await rollouts(clients).replace({ ...r, spec: { ...r.spec, template: template as Rollout['spec']['template'] } });
  return target.revision;
}
