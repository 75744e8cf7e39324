// Reads what the view model shows for one Rollout (its ReplicaSets and pods, by its selector, its
// AnalysisRuns and their Jobs) or one Experiment, and what to watch to keep that view current.
// Shared by the CLI and the dashboard. Lists a user may not read show as empty.

import type { KubernetesObject, V1Job, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { RolloutRef } from '../actions/rollout-actions.js';
import { selectorString } from '../api/label-selector.js';
import type { AnalysisRun, Experiment, Rollout } from '../api/types.js';
import type { KubeClients } from '../kube/client.js';
import { classify } from '../kube/errors.js';
import { kinds } from '../kube/resources.js';
import type { ExperimentViewInput, JobLike, PodLike, ReplicaSetLike, RolloutViewInput } from '../views/index.js';
import type { WatchTarget } from './follow.js';

export type RolloutObject = Rollout & KubernetesObject;
type AnalysisRunObject = AnalysisRun & KubernetesObject;
export type ExperimentObject = Experiment & KubernetesObject;

/** `app=web,tier in (a,b)`: the Rollout's whole selector as a query; undefined when it has none. */
export function labelSelectorOf(rollout: Rollout): string | undefined {
  return selectorString(rollout.spec?.selector) || undefined;
}

/** What changes a Rollout's view: itself, its ReplicaSets and pods, and the runs in its namespace. */
export function rolloutWatchTargets(rollout: Rollout): WatchTarget[] {
  const namespace = rollout.metadata?.namespace;
  const selector = labelSelectorOf(rollout);
  const byLabels = { ...(namespace ? { namespace } : {}), ...(selector ? { labelSelector: selector } : {}) };
  return [
    { type: kinds.Rollout, ...(namespace ? { namespace } : {}), fieldSelector: `metadata.name=${rollout.metadata?.name ?? ''}` },
    { type: kinds.ReplicaSet, ...byLabels },
    { type: kinds.Pod, ...byLabels },
    { type: kinds.AnalysisRun, ...(namespace ? { namespace } : {}) },
  ];
}

async function listOrEmpty<T>(list: () => Promise<{ items: T[] }>): Promise<T[]> {
  try {
    return (await list()).items;
  } catch (err) {
    if (classify(err).kind === 'Forbidden') return [];
    throw err;
  }
}

/** The ReplicaSets, pods, AnalysisRuns and Jobs a tree shows (Jobs only when there are runs). */
async function relatedObjects(clients: KubeClients, namespace: string, labelSelector?: string) {
  const byLabels = { namespace, ...(labelSelector ? { labelSelector } : {}) };
  const [replicaSets, pods, analysisRuns] = await Promise.all([
    listOrEmpty(() => clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list(byLabels)),
    listOrEmpty(() => clients.resource<V1Pod>(kinds.Pod).list(byLabels)),
    listOrEmpty(() => clients.resource<AnalysisRunObject>(kinds.AnalysisRun).list({ namespace })),
  ]);
  const jobs = analysisRuns.length === 0 ? [] : await listOrEmpty(() => clients.resource<V1Job>(kinds.Job).list({ namespace }));
  return {
    // client-node types timestamps as Date; on the wire (and here) they are strings.
    replicaSets: replicaSets as unknown as ReplicaSetLike[],
    pods: pods as unknown as PodLike[],
    analysisRuns,
    jobs: jobs as unknown as JobLike[],
  };
}

export async function fetchRolloutView(clients: KubeClients, ref: RolloutRef): Promise<Omit<RolloutViewInput, 'now'>> {
  const rollout = await clients.resource<RolloutObject>(kinds.Rollout).get(ref);
  return { rollout, ...(await relatedObjects(clients, ref.namespace, labelSelectorOf(rollout))) };
}

export async function fetchExperimentView(clients: KubeClients, ref: RolloutRef): Promise<Omit<ExperimentViewInput, 'now'>> {
  const experiment = await clients.resource<ExperimentObject>(kinds.Experiment).get(ref);
  return { experiment, ...(await relatedObjects(clients, ref.namespace)) };
}
