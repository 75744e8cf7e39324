// A new ReplicaSet the API server refuses (a pod template it rejects) is reported as Argo
// Rollouts reports it, in the status and as an event, and not retried until the spec changes.

import type { KubernetesObject } from '@kubernetes/client-node';
import type { Rollout } from '../api/types.js';
import { replicaSetCreateErrorStatus } from '../engine/rollout/replica-set-create-error.js';
import { kinds } from '../kube/resources.js';
import type { ReplicaSetRefused } from './apply-plan.js';
import { mergePatchFor } from './merge-patch.js';
import type { ReconcileResult, ReconcilerDeps } from './rollout-reconciler.js';

/** A spec change enqueues the Rollout at once; until then, look again only this rarely. */
export const REFUSED_RECHECK_MS = 5 * 60_000;

export async function reportRefusedReplicaSet(
  deps: Pick<ReconcilerDeps, 'clients' | 'recorder' | 'log' | 'now'>, rollout: Rollout, refused: ReplicaSetRefused,
): Promise<ReconcileResult> {
  const key = `${rollout.metadata?.namespace ?? ''}/${rollout.metadata?.name ?? ''}`;
  const { status, event } = replicaSetCreateErrorStatus(rollout, refused.replicaSetName, refused.serverMessage, deps.now());
  const patch = mergePatchFor(rollout.status ?? {}, status);
  if (patch !== undefined) {
    await deps.clients.resource<Rollout & KubernetesObject>(kinds.Rollout).patchStatus(
      { namespace: rollout.metadata?.namespace, name: rollout.metadata?.name ?? '' },
      { metadata: { resourceVersion: rollout.metadata?.resourceVersion }, status: patch },
    );
  }
  const involved = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: rollout.metadata } as unknown as KubernetesObject;
  void deps.recorder.record(involved, event.type, event.reason, event.message);
  deps.log.warn({ rollout: key, replicaSet: refused.replicaSetName, err: refused.serverMessage }, 'the API server refused the new ReplicaSet; waiting for the spec to change');
  return { requeueAfterMs: REFUSED_RECHECK_MS };
}
