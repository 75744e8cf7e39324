// Apply: a plan's actions, in the plan's (safe) order, then one status patch. Idempotent: an
// AlreadyExists on create and a NotFound on delete are success, so a reconcile cut short by a
// crash reaches the same end on the next try.

import type { V1Deployment, V1ReplicaSet, V1Service, V1Pod, KubernetesObject } from '@kubernetes/client-node';
import type { Rollout } from '../api/types.js';
import type { Plan, PlanAction } from '../engine/rollout/plan.js';
import { classify, isAlreadyExists, isNotFound } from '../kube/errors.js';
import type { KubeClients } from '../kube/client.js';
import { kinds, objectKey } from '../kube/resources.js';
import { mergePatchFor } from './merge-patch.js';
import { EPHEMERAL_METADATA_ANNOTATION, SCALE_DOWN_DEADLINE_ANNOTATION } from '../api/labels.js';
import { writeTraffic } from '../traffic/write.js';
import { POD_HASH_LABEL, REVISION_ANNOTATION } from './observe-rollout.js';
import { WORKLOAD_GENERATION_ANNOTATION } from '../engine/rollout/workload-ref.js';

export const DESIRED_REPLICAS_ANNOTATION = 'rollout.argoproj.io/desired-replicas';
export const MANAGED_BY_ANNOTATION = 'argo-rollouts.argoproj.io/managed-by-rollouts';

/** The API server refused the new ReplicaSet (422): retrying cannot help until the spec changes. */
export class ReplicaSetRefused extends Error {
  override readonly name = 'ReplicaSetRefused';
  constructor(readonly replicaSetName: string, readonly serverMessage: string) {
    super(`the API server refused ReplicaSet "${replicaSetName}": ${serverMessage}`);
  }
}

/** What was written, so the next reconcile waits until its caches have seen it. */
export interface Written {
  readonly kind: 'Rollout' | 'ReplicaSet';
  readonly key: string;
  readonly resourceVersion: string;
}

export function ownerReference(rollout: Rollout) {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: rollout.metadata?.name ?? '', uid: rollout.metadata?.uid ?? '',
    controller: true, blockOwnerDeletion: true,
  };
}

/** The ReplicaSet for a create action: the template with the hash label, owned by the Rollout. */
export function replicaSetFor(rollout: Rollout, action: Extract<PlanAction, { kind: 'createReplicaSet' }>): V1ReplicaSet {
  const template = structuredClone(action.template) as { metadata?: { labels?: Record<string, string> }; spec?: unknown };
  const labels = { ...(template.metadata?.labels ?? {}), [POD_HASH_LABEL]: action.podHash };
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: action.name, namespace: rollout.metadata?.namespace, labels,
      annotations: { ...(action.annotations ?? {}), [REVISION_ANNOTATION]: String(action.revision), [DESIRED_REPLICAS_ANNOTATION]: String(rollout.spec.replicas ?? 1) },
      ownerReferences: [ownerReference(rollout)],
    },
    spec: {
      replicas: action.replicas,
      ...(action.minReadySeconds !== undefined ? { minReadySeconds: action.minReadySeconds } : {}),
      selector: {
        ...rollout.spec.selector,
        matchLabels: { ...(rollout.spec.selector?.matchLabels ?? {}), [POD_HASH_LABEL]: action.podHash },
      },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } } as V1ReplicaSet['spec'] extends infer S ? S extends { template?: infer T } ? T : never : never,
    },
  };
}

async function applyAction(clients: KubeClients, rollout: Rollout, action: PlanAction, written: Written[]): Promise<void> {
  const namespace = rollout.metadata?.namespace ?? 'default';
  const replicaSets = clients.resource<V1ReplicaSet>(kinds.ReplicaSet);
  const note = (rs: KubernetesObject) => {
    if (rs.metadata?.resourceVersion) written.push({ kind: 'ReplicaSet', key: objectKey(rs), resourceVersion: rs.metadata.resourceVersion });
  };
  switch (action.kind) {
    case 'createReplicaSet':
      try {
        note(await replicaSets.create(replicaSetFor(rollout, action)));
      } catch (err) {
        if (isAlreadyExists(err)) return;
        const e = classify(err);
        if (e.kind === 'Invalid') throw new ReplicaSetRefused(action.name, e.message);
        throw err;
      }
      return;
    case 'scaleReplicaSet':
      note(await replicaSets.mergePatch({ namespace, name: action.name }, {
        // A ReplicaSet scaled up serves again: a scale-down deadline it had no longer applies.
        metadata: { annotations: { [DESIRED_REPLICAS_ANNOTATION]: String(rollout.spec.replicas ?? 1), ...(action.to > action.from ? { [SCALE_DOWN_DEADLINE_ANNOTATION]: null } : {}) } },
        spec: { replicas: action.to },
      }));
      return;
    case 'setScaleDownDeadline':
      note(await replicaSets.mergePatch({ namespace, name: action.name }, { metadata: { annotations: { [SCALE_DOWN_DEADLINE_ANNOTATION]: action.deadline } } }));
      return;
    case 'setPodTemplateMetadata':
      // The template first, so pods the ReplicaSet creates from now on carry the new role.
      note(await replicaSets.mergePatch({ namespace, name: action.name }, {
        metadata: { annotations: { [EPHEMERAL_METADATA_ANNOTATION]: action.record } },
        spec: { template: { metadata: { labels: action.labels, annotations: action.annotations } } },
      }));
      return;
    case 'setPodTemplateAffinity':
      // One write: a merge patch replaces the lists whole, and the new affinity has every list the old one had.
      note(await replicaSets.mergePatch({ namespace, name: action.name }, { spec: { template: { spec: { affinity: action.affinity } } } }));
      return;
    case 'setPodMetadata':
      // In place: labels and annotations of a running pod change without a restart. A pod already gone is fine.
      await clients.resource<V1Pod>(kinds.Pod).mergePatch({ namespace, name: action.name }, {
        metadata: { labels: action.labels, annotations: action.annotations },
      }).catch((err: unknown) => { if (!isNotFound(err)) throw err; });
      return;
    case 'setTrafficWeights':
      await writeTraffic(clients, rollout, {
        canary: action.weights.canary, stable: action.weights.stable, additional: action.weights.additional ?? [], maxWeight: action.maxWeight,
      }, action.routes);
      return;
    case 'setRevision':
      note(await replicaSets.mergePatch({ namespace, name: action.name }, { metadata: { annotations: { [REVISION_ANNOTATION]: String(action.revision) } } }));
      return;
    case 'setServiceSelector':
      await clients.resource<V1Service>(kinds.Service).mergePatch({ namespace, name: action.service }, {
        metadata: { annotations: { [MANAGED_BY_ANNOTATION]: rollout.metadata?.name ?? '' } },
        spec: { selector: { [POD_HASH_LABEL]: action.podHash } },
      });
      return;
    case 'deleteReplicaSet':
      await replicaSets.delete({ namespace, name: action.name }, { propagationPolicy: 'Background' }).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
      return;
    case 'createAnalysisRun':
      try {
        await clients.resource<KubernetesObject>(kinds.AnalysisRun).create({
          ...action.run, metadata: { ...action.run.metadata, namespace, ownerReferences: [ownerReference(rollout)] },
        } as KubernetesObject);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
      return;
    case 'terminateAnalysisRun':
      await clients.resource<KubernetesObject>(kinds.AnalysisRun).mergePatch({ namespace, name: action.name }, { spec: { terminate: true } })
        .catch((err: unknown) => { if (!isNotFound(err)) throw err; });
      return;
    case 'deleteAnalysisRun':
      await clients.resource<KubernetesObject>(kinds.AnalysisRun).delete({ namespace, name: action.name }, { propagationPolicy: 'Background' })
        .catch((err: unknown) => { if (!isNotFound(err)) throw err; });
      return;
    case 'scaleDeployment':
      // Only the size: the Deployment's template is the user's and is never written.
      await clients.resource<V1Deployment>(kinds.Deployment).mergePatch({ namespace, name: action.name }, { spec: { replicas: action.to } });
      return;
    case 'setWorkloadGeneration':
      return; // applyPlan writes it: the status patch that follows needs the Rollout's new resourceVersion
    case 'createExperiment':
      try {
        await clients.resource<KubernetesObject>(kinds.Experiment).create({
          ...action.experiment, metadata: { ...action.experiment.metadata, namespace, ownerReferences: [ownerReference(rollout)] },
        } as KubernetesObject);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
      return;
    case 'terminateExperiment':
      await clients.resource<KubernetesObject>(kinds.Experiment).mergePatch({ namespace, name: action.name }, { spec: { terminate: true } })
        .catch((err: unknown) => { if (!isNotFound(err)) throw err; });
      return;
    case 'evictPod':
      // The Eviction API, so PodDisruptionBudgets are honoured; a 429 (a budget says not now)
      // leaves the pod for a later reconcile rather than failing this one.
      await clients.resource<V1Pod>(kinds.Pod).createSubresource({ namespace, name: action.name }, 'eviction', {
        apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: action.name, namespace },
      }).catch((err: unknown) => {
        const e = classify(err);
        if (e.kind === 'NotFound' || e.code === 429) return;
        throw e;
      });
      return;
  }
}

/** Adopts orphaned ReplicaSets the Rollout selects: adds the Rollout as their controller. */
export async function adoptReplicaSets(clients: KubeClients, rollout: Rollout, orphans: readonly V1ReplicaSet[]): Promise<void> {
  const replicaSets = clients.resource<V1ReplicaSet>(kinds.ReplicaSet);
  for (const rs of orphans) {
    await replicaSets.mergePatch({ namespace: rs.metadata?.namespace, name: rs.metadata?.name ?? '' }, {
      metadata: { ownerReferences: [...(rs.metadata?.ownerReferences ?? []), ownerReference(rollout)] },
    });
  }
}

/**
 * Sets (or removes) the workload-generation annotation on the Rollout, conditional on the
 * resourceVersion observed, and returns the new one, so the status patch after it stays
 * conditional on nothing but our own write.
 */
async function annotateWorkloadGeneration(
  clients: KubeClients, rollout: Rollout, resourceVersion: string | undefined, generation: string | undefined, written: Written[],
): Promise<string | undefined> {
  const updated = await clients.resource<Rollout & KubernetesObject>(kinds.Rollout).mergePatch(
    { namespace: rollout.metadata?.namespace, name: rollout.metadata?.name ?? '' },
    { metadata: { resourceVersion, annotations: { [WORKLOAD_GENERATION_ANNOTATION]: generation ?? null } } },
  );
  const next = updated.metadata?.resourceVersion;
  if (next) written.push({ kind: 'Rollout', key: objectKey(updated), resourceVersion: next });
  return next ?? resourceVersion;
}

/** Applies the actions in order, then patches the status if it changed. Returns what it wrote. */
export async function applyPlan(clients: KubeClients, rollout: Rollout, plan: Plan): Promise<Written[]> {
  const written: Written[] = [];
  let resourceVersion = rollout.metadata?.resourceVersion;
  for (const action of plan.actions) {
    if (action.kind === 'setWorkloadGeneration') resourceVersion = await annotateWorkloadGeneration(clients, rollout, resourceVersion, action.generation, written);
    else await applyAction(clients, rollout, action, written);
  }
  const patch = mergePatchFor(rollout.status ?? {}, plan.status);
  if (patch !== undefined) {
    const rollouts = clients.resource<Rollout & KubernetesObject>(kinds.Rollout);
    // The resourceVersion makes the patch conditional: a promote or abort a user wrote since we
    // observed the Rollout turns this into a 409 and a fresh plan, never an overwrite.
    const updated = await rollouts.patchStatus({ namespace: rollout.metadata?.namespace, name: rollout.metadata?.name ?? '' },
      { metadata: { resourceVersion }, status: patch });
    if (updated.metadata?.resourceVersion) written.push({ kind: 'Rollout', key: objectKey(updated), resourceVersion: updated.metadata.resourceVersion });
  }
  return written;
}
