// The Experiment controller's registration: the Experiments, and what wakes one (its ReplicaSets
// and their changes, its Services, its AnalysisRuns, the templates its analyses name).

import type { KubernetesObject, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate } from '../api/types.js';
import { FreshnessTracker } from '../kube/freshness.js';
import type { Informer } from '../kube/informer.js';
import { kinds, objectKey } from '../kube/resources.js';
import type { ControllerRegistration } from './controller.js';
import { experimentReconciler, type ExperimentObject } from './experiment-reconciler.js';
import { controllerOf } from './observe-rollout.js';

type Owned = { metadata?: { namespace?: string; ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] } };

export const experimentController: ControllerRegistration = {
  name: 'experiment',
  queue: ({ workers }) => ({ workers: workers ?? 10, stuckAfterMs: 60_000 }),
  setup: (ctx, queue) => {
    const ns = ctx.namespace;
    const experiments = ctx.informers.informer<ExperimentObject>(kinds.Experiment, { namespace: ns });
    const replicaSets = ctx.informers.informer<V1ReplicaSet>(kinds.ReplicaSet, { namespace: ns, labelSelector: 'rollouts-pod-template-hash' });
    const services = ctx.informers.informer<V1Service>(kinds.Service, { namespace: ns });
    const analysisRuns = ctx.informers.informer<AnalysisRun & KubernetesObject>(kinds.AnalysisRun, { namespace: ns });
    const analysisTemplates = ctx.informers.informer<AnalysisTemplate & KubernetesObject>(kinds.AnalysisTemplate, { namespace: ns });
    const clusterAnalysisTemplates = ctx.informers.informer<ClusterAnalysisTemplate & KubernetesObject>(kinds.ClusterAnalysisTemplate);

    const byExperiment = (obj: KubernetesObject) => queue.addUrgent(objectKey(obj));
    experiments.on({ add: byExperiment, update: (_o, n) => byExperiment(n), delete: byExperiment });
    const byOwner = (obj: KubernetesObject) => {
      const owner = controllerOf(obj as Owned);
      if (owner?.kind === 'Experiment') queue.add(`${obj.metadata?.namespace}/${owner.name}`);
    };
    for (const inf of [replicaSets, services, analysisRuns] as Informer<KubernetesObject>[]) {
      inf.on({ add: byOwner, update: (_o, n) => byOwner(n), delete: byOwner });
    }
    // A template created after its Experiment: wake the unfinished Experiments that may wait for it.
    const byTemplate = (t: KubernetesObject) => {
      for (const e of experiments.list(t.metadata?.namespace)) if (e.status?.availableAt !== undefined && e.status.phase === 'Running') queue.add(objectKey(e));
    };
    analysisTemplates.on({ add: byTemplate });
    clusterAnalysisTemplates.on({ add: byTemplate });

    const reconcile = experimentReconciler({
      clients: ctx.clients, experiments, replicaSets, services, analysisRuns, analysisTemplates, clusterAnalysisTemplates,
      recorder: ctx.recorder, freshness: new FreshnessTracker(), log: ctx.log.child({ controller: 'experiment' }), now: ctx.now,
      ...(ctx.instanceId !== undefined ? { instanceId: ctx.instanceId } : {}),
    });
    return {
      reconcile: async (key) => {
        const result = await reconcile(key);
        return result?.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : undefined;
      },
      informers: [experiments, replicaSets, services, analysisRuns] as unknown as Informer<KubernetesObject>[],
    };
  },
};
