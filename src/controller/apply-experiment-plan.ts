// Apply: an Experiment plan's actions in the plan's order, each owned by the Experiment.
// Idempotent: AlreadyExists on create and NotFound on delete are success.

import type { KubernetesObject, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { Experiment } from '../api/types.js';
import { SCALE_DOWN_DEADLINE_ANNOTATION, type ExperimentAction, type Manifest } from '../engine/experiment/index.js';
import type { KubeClients } from '../kube/client.js';
import { isAlreadyExists, isNotFound } from '../kube/errors.js';
import { kinds, objectKey, type ResourceType } from '../kube/resources.js';

export function experimentOwnerReference(experiment: Experiment) {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', name: experiment.metadata?.name ?? '', uid: experiment.metadata?.uid ?? '',
    controller: true, blockOwnerDeletion: true,
  };
}

/** A write whose result the next reconcile waits to see in its cache. */
export interface ExperimentWrite {
  readonly kind: 'ReplicaSet' | 'AnalysisRun' | 'Experiment';
  readonly key: string;
  readonly resourceVersion: string;
}

function owned(experiment: Experiment, manifest: Manifest): KubernetesObject {
  const meta = (manifest['metadata'] ?? {}) as Record<string, unknown>;
  return { ...manifest, metadata: { ...meta, namespace: experiment.metadata?.namespace, ownerReferences: [experimentOwnerReference(experiment)] } } as KubernetesObject;
}

async function create(clients: KubeClients, type: ResourceType, obj: KubernetesObject): Promise<KubernetesObject | undefined> {
  try {
    return await clients.resource<KubernetesObject>(type).create(obj);
  } catch (err) {
    if (isAlreadyExists(err)) return undefined;
    throw err;
  }
}

export async function applyExperimentAction(clients: KubeClients, experiment: Experiment, action: ExperimentAction): Promise<ExperimentWrite | undefined> {
  const namespace = experiment.metadata?.namespace ?? 'default';
  const note = (kind: ExperimentWrite['kind'], obj: KubernetesObject | undefined): ExperimentWrite | undefined =>
    (obj?.metadata?.resourceVersion ? { kind, key: objectKey(obj), resourceVersion: obj.metadata.resourceVersion } : undefined);
  switch (action.kind) {
    case 'createReplicaSet':
      return note('ReplicaSet', await create(clients, kinds.ReplicaSet, owned(experiment, action.replicaSet)));
    case 'createService':
      await create(clients, kinds.Service, owned(experiment, action.service));
      return undefined;
    case 'createAnalysisRun':
      return note('AnalysisRun', await create(clients, kinds.AnalysisRun, owned(experiment, action.run as unknown as Manifest)));
    case 'scaleReplicaSet':
      return note('ReplicaSet', await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).mergePatch({ namespace, name: action.name }, { spec: { replicas: action.to } }));
    case 'setScaleDownDeadline':
      return note('ReplicaSet', await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).mergePatch({ namespace, name: action.name },
        { metadata: { annotations: { [SCALE_DOWN_DEADLINE_ANNOTATION]: action.at } } }));
    case 'terminateAnalysisRun':
      await clients.resource<KubernetesObject>(kinds.AnalysisRun).mergePatch({ namespace, name: action.name }, { spec: { terminate: true } })
        .catch((err: unknown) => { if (!isNotFound(err)) throw err; });
      return undefined;
    case 'deleteService':
      await clients.resource<V1Service>(kinds.Service).delete({ namespace, name: action.name })
        .catch((err: unknown) => { if (!isNotFound(err)) throw err; });
      return undefined;
  }
}
