// Reads what the view model shows for one Rollout (its ReplicaSets and pods, by its selector, its
// AnalysisRuns and their Jobs, the Experiments of its experiment steps with their ReplicaSets and
// pods) or one Experiment, and what to watch to keep that view current.
// Shared by the CLI and the dashboard. Lists a user may not read show as empty.

import type { KubernetesObject, V1Deployment, V1Job, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { RolloutRef } from '../actions/rollout-actions.js';
import { POD_TEMPLATE_HASH_LABEL } from '../api/labels.js';
import { selectorString } from '../api/label-selector.js';
import type { AnalysisRun, Experiment, Rollout } from '../api/types.js';
import type { KubeClients } from '../kube/client.js';
import { classify } from '../kube/errors.js';
import { kinds } from '../kube/resources.js';
import { readTraffic } from '../traffic/write.js';
import type { DeploymentLike, ExperimentViewInput, JobLike, PodLike, ReplicaSetLike, RolloutViewInput } from '../views/index.js';
import type { RoutedWeightsView } from '../views/traffic-weights.js';
import type { WatchTarget } from './follow.js';

export type RolloutObject = Rollout & KubernetesObject;
type AnalysisRunObject = AnalysisRun & KubernetesObject;
export type ExperimentObject = Experiment & KubernetesObject;

/**
 * `app=web,tier in (a,b)`: the Rollout's whole selector as a query; undefined when it has none.
 * A Rollout whose selector comes from its workloadRef's Deployment has it in `status.selector`.
 */
export function labelSelectorOf(rollout: Rollout): string | undefined {
  return selectorString(rollout.spec?.selector) || rollout.status?.selector || undefined;
}

/** The Deployment a workloadRef names, or undefined (none named, not found, not readable). */
function workloadName(rollout: Rollout): string | undefined {
  const ref = rollout.spec?.workloadRef;
  return ref?.kind === 'Deployment' && ref.name ? ref.name : undefined;
}

async function fetchWorkload(clients: KubeClients, namespace: string, rollout: Rollout): Promise<DeploymentLike | undefined> {
  const name = workloadName(rollout);
  if (name === undefined) return undefined;
  try {
    return await clients.resource<V1Deployment>(kinds.Deployment).get({ namespace, name }) as unknown as DeploymentLike;
  } catch (err) {
    const kind = classify(err).kind;
    if (kind === 'NotFound' || kind === 'Forbidden') return undefined;
    throw err;
  }
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
    { type: kinds.Experiment, ...(namespace ? { namespace } : {}) },
    ...(workloadName(rollout) !== undefined
      ? [{ type: kinds.Deployment, ...(namespace ? { namespace } : {}), fieldSelector: `metadata.name=${workloadName(rollout) ?? ''}` }] : []),
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

/** What a traffic-routed Rollout's router documents route now; undefined without routing or when they cannot be read. */
async function fetchRouted(clients: KubeClients, rollout: Rollout): Promise<RoutedWeightsView | undefined> {
  if (!rollout.spec?.strategy?.canary?.trafficRouting) return undefined;
  try {
    return await readTraffic(clients, rollout);
  } catch (err) {
    const kind = classify(err).kind;
    if (kind === 'NotFound' || kind === 'Forbidden') return undefined;
    throw err;
  }
}

const ownedBy = (obj: KubernetesObject, uids: ReadonlySet<string>) => (obj.metadata?.ownerReferences ?? []).some((o) => uids.has(o.uid));

/**
 * The Experiments the Rollout owns, their ReplicaSets (which the Rollout's selector does not
 * select: they carry only the pod-template hash label) and their pods.
 */
async function rolloutExperiments(clients: KubeClients, namespace: string, rollout: RolloutObject, pods: readonly PodLike[]) {
  const uid = rollout.metadata?.uid ?? '';
  const experiments = (await listOrEmpty(() => clients.resource<ExperimentObject>(kinds.Experiment).list({ namespace })))
    .filter((e) => ownedBy(e, new Set([uid])));
  if (experiments.length === 0) return { experiments };
  const experimentUids = new Set(experiments.map((e) => e.metadata?.uid ?? ''));
  const sets = (await listOrEmpty(() => clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace, labelSelector: POD_TEMPLATE_HASH_LABEL })))
    .filter((rs) => ownedBy(rs, experimentUids));
  const hashes = [...new Set(sets.map((rs) => rs.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL]).filter((h): h is string => !!h))];
  const known = new Set(pods.map((p) => p.metadata?.uid));
  const more = hashes.length === 0 ? []
    : (await listOrEmpty(() => clients.resource<V1Pod>(kinds.Pod).list({ namespace, labelSelector: `${POD_TEMPLATE_HASH_LABEL} in (${hashes.join(',')})` })))
      .filter((p) => !known.has(p.metadata?.uid));
  return { experiments, experimentReplicaSets: sets as unknown as ReplicaSetLike[], experimentPods: more as unknown as PodLike[] };
}

export async function fetchRolloutView(clients: KubeClients, ref: RolloutRef): Promise<Omit<RolloutViewInput, 'now'>> {
  const rollout = await clients.resource<RolloutObject>(kinds.Rollout).get(ref);
  const [related, workload, routed] = await Promise.all([
    relatedObjects(clients, ref.namespace, labelSelectorOf(rollout)), fetchWorkload(clients, ref.namespace, rollout), fetchRouted(clients, rollout),
  ]);
  const { experimentPods = [], ...experiments } = await rolloutExperiments(clients, ref.namespace, rollout, related.pods);
  return { rollout, ...related, pods: [...related.pods, ...experimentPods], ...experiments, ...(workload ? { workload } : {}), ...(routed ? { routed } : {}) };
}

export async function fetchExperimentView(clients: KubeClients, ref: RolloutRef): Promise<Omit<ExperimentViewInput, 'now'>> {
  const experiment = await clients.resource<ExperimentObject>(kinds.Experiment).get(ref);
  return { experiment, ...(await relatedObjects(clients, ref.namespace)) };
}
