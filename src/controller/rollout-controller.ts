// The Rollout controller's registration: the informers that wake a Rollout (itself, its
// ReplicaSets and their pods, its Services, its AnalysisRuns, the templates it names, the
// Deployment its workloadRef names) and the reconciler (rollout-reconciler.ts).

import type { KubernetesObject, V1Deployment, V1Pod, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Experiment, Rollout } from '../api/types.js';
import { FreshnessTracker } from '../kube/freshness.js';
import type { Informer } from '../kube/informer.js';
import { kinds, objectKey } from '../kube/resources.js';
import type { ControllerRegistration } from './controller.js';
import { controllerOf, serviceNamesOf } from './observe-rollout.js';
import { rolloutReconciler } from './rollout-reconciler.js';

/** Whether an update came from a person: a spec change, or a promote, promote --full or abort. */
export function personChanged(before: Rollout & KubernetesObject, after: Rollout & KubernetesObject): boolean {
  const a = before.status ?? {};
  const b = after.status ?? {};
  return before.metadata?.generation !== after.metadata?.generation || a.abort !== b.abort || a.promoteFull !== b.promoteFull
    || (b.pauseConditions?.length ?? 0) < (a.pauseConditions?.length ?? 0);
}

type Owned = { metadata?: { ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] } };

export const rolloutController: ControllerRegistration = {
  name: 'rollout',
  queue: ({ workers }) => ({ workers: workers ?? 30, stuckAfterMs: 60_000 }),
  setup: (ctx, queue) => {
    const ns = ctx.namespace;
    const rollouts = ctx.informers.informer<Rollout & KubernetesObject>(kinds.Rollout, { namespace: ns });
    const replicaSets = ctx.informers.informer<V1ReplicaSet>(kinds.ReplicaSet, { namespace: ns, labelSelector: 'rollouts-pod-template-hash' });
    const services = ctx.informers.informer<V1Service>(kinds.Service, { namespace: ns });
    const pods = ctx.informers.informer<V1Pod>(kinds.Pod, { namespace: ns, labelSelector: 'rollouts-pod-template-hash' });

    const enqueue = (key: string) => queue.add(key);
    const byRollout = (obj: KubernetesObject) => enqueue(objectKey(obj));
    // A person's change (a new spec, promote, abort) goes ahead of status churn in the queue.
    const byPerson = (obj: KubernetesObject) => queue.addUrgent(objectKey(obj));
    // The last state of a deleted Rollout, so its reconcile can send its traffic back to the stable.
    const deleted = new Map<string, Rollout>();
    rollouts.on({
      add: (obj) => { deleted.delete(objectKey(obj)); byPerson(obj); },
      update: (o, n) => (personChanged(o, n) ? byPerson(n) : byRollout(n)),
      delete: (obj) => { deleted.set(objectKey(obj), obj); byRollout(obj); },
    });
    const byOwner = (obj: KubernetesObject) => {
      const owner = controllerOf(obj as Owned);
      if (owner?.kind === 'Rollout') enqueue(`${obj.metadata?.namespace}/${owner.name}`);
      else if (!owner) {
        // An orphan may be adopted by any Rollout in its namespace that selects it.
        for (const r of rollouts.list(obj.metadata?.namespace)) enqueue(objectKey(r));
      }
    };
    replicaSets.on({ add: byOwner, update: (_o, n) => byOwner(n), delete: byOwner });
    const byPod = (pod: V1Pod) => {
      const owner = controllerOf(pod);
      if (owner?.kind !== 'ReplicaSet') return;
      const rs = replicaSets.get(`${pod.metadata?.namespace}/${owner.name}`);
      if (rs) byOwner(rs);
    };
    pods.on({ add: byPod, update: (_o, n) => byPod(n), delete: byPod });
    const byService = (svc: V1Service) => {
      for (const r of rollouts.list(svc.metadata?.namespace)) {
        if (serviceNamesOf(r).includes(svc.metadata?.name ?? '')) enqueue(objectKey(r));
      }
    };
    services.on({ add: byService, update: (_o, n) => byService(n), delete: byService });

    // The Rollout side of analysis: the runs a Rollout owns wake it when their phase changes, and
    // the templates it names wake it when they appear (a missing template holds it as InvalidSpec).
    const ownedRuns = ctx.informers.informer<AnalysisRun & KubernetesObject>(kinds.AnalysisRun, { namespace: ns });
    ownedRuns.on({ add: byOwner, update: (_o, n) => byOwner(n), delete: byOwner });
    // Experiment steps: the Experiments a Rollout owns wake it when their phase changes.
    const ownedExperiments = ctx.informers.informer<Experiment & KubernetesObject>(kinds.Experiment, { namespace: ns });
    ownedExperiments.on({ add: byOwner, update: (_o, n) => byOwner(n), delete: byOwner });
    const analysisTemplates = ctx.informers.informer<AnalysisTemplate & KubernetesObject>(kinds.AnalysisTemplate, { namespace: ns });
    const clusterAnalysisTemplates = ctx.informers.informer<ClusterAnalysisTemplate & KubernetesObject>(kinds.ClusterAnalysisTemplate);
    const byTemplate = (t: KubernetesObject) => {
      for (const r of rollouts.list(t.metadata?.namespace)) enqueue(objectKey(r));
    };
    analysisTemplates.on({ add: byTemplate, update: (_o, n) => byTemplate(n), delete: byTemplate });
    clusterAnalysisTemplates.on({ add: byTemplate, update: (_o, n) => byTemplate(n), delete: byTemplate });

    // A Deployment named by a workloadRef: a new template is a new revision, its arrival ends a
    // missing-reference hold, and its size is watched for the scale-down.
    const deployments = ctx.informers.informer<V1Deployment>(kinds.Deployment, { namespace: ns });
    const byDeployment = (d: V1Deployment) => {
      for (const r of rollouts.list(d.metadata?.namespace)) {
        const ref = r.spec?.workloadRef;
        if (ref?.kind === 'Deployment' && ref.name === d.metadata?.name) enqueue(objectKey(r));
      }
    };
    deployments.on({ add: byDeployment, update: (_o, n) => byDeployment(n), delete: byDeployment });

    const reconcile = rolloutReconciler({
      clients: ctx.clients, rollouts, replicaSets, services, pods, recorder: ctx.recorder, metrics: ctx.metrics, log: ctx.log,
      instanceId: ctx.instanceId, analysisRuns: ownedRuns, experiments: ownedExperiments, analysisTemplates, clusterAnalysisTemplates, deployments,
      freshness: new FreshnessTracker(), now: ctx.now, deleted,
    });
    return {
      reconcile: async (key) => {
        const result = await reconcile(key);
        return result?.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : undefined;
      },
      informers: [rollouts, replicaSets, services, pods, deployments] as unknown as Informer<KubernetesObject>[],
    };
  },
};
