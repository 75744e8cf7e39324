// The tree under a Rollout: the Deployment its workloadRef names (with its replicas), then its
// revisions, newest first, each with its ReplicaSets and their pods, the Experiments of its
// experiment steps, and its AnalysisRuns and their Jobs (Argo's CLI draws them in that order).

import { parseTimestamp } from '../api/timestamp.js';
import type { AnalysisRun } from '../api/types.js';
import { ageOf } from './age.js';
import { replicaSetMark, replicaSetReady } from './object-marks.js';
import { POD_HASH_LABEL, revisionOf, type DeploymentLike, type ReplicaSetLike, type RolloutViewInput } from './objects.js';
import { experimentNode, experimentRevision, ownedExperiments } from './rollout-experiments.js';
import { displayPhase, replicaSetRole } from './rollout-summary.js';
import { ICONS, rolloutMark } from './status-icons.js';
import { analysisRunNode, byCreation, byName, owned, replicaSetNode, type TreeNode } from './tree.js';

/** Which revision an AnalysisRun belongs to: its revision annotation, else its ReplicaSet's. */
function runRevision(run: AnalysisRun, rsRevisionByHash: ReadonlyMap<string, number>, newest: number): number {
  const own = revisionOf(run);
  if (own > 0) return own;
  const hash = run.metadata.labels?.[POD_HASH_LABEL];
  return (hash !== undefined ? rsRevisionByHash.get(hash) : undefined) ?? newest;
}

/** The Deployment a Rollout took its template from: `workloadRef,scaleDown:onsuccess,ready:0/3`, or `replicas:0` once drained. */
function workloadNode(input: RolloutViewInput, deployment: DeploymentLike): TreeNode {
  const scaleDown = input.rollout.spec?.workloadRef?.scaleDown ?? 'never';
  const size = replicaSetReady(deployment) ?? `replicas:${deployment.spec?.replicas ?? 0}`;
  return {
    icon: ICONS.deployment, name: deployment.metadata?.name ?? '', kind: 'Deployment', mark: replicaSetMark(deployment),
    age: ageOf(parseTimestamp(deployment.metadata?.creationTimestamp), input.now), info: `workloadRef,scaleDown:${scaleDown},${size}`, children: [],
  };
}

/** The Rollout's own ReplicaSets, the revision of each pod-template hash, and the newest revision. */
export function revisionIndex(input: RolloutViewInput): { sets: ReplicaSetLike[]; rsRevisionByHash: Map<string, number>; newest: number } {
  const sets = owned(input.replicaSets, input.rollout);
  const rsRevisionByHash = new Map(sets.map((rs) => [rs.metadata?.labels?.[POD_HASH_LABEL] ?? '', revisionOf(rs)]));
  return { sets, rsRevisionByHash, newest: Math.max(0, ...sets.map(revisionOf)) };
}

export function rolloutTree(input: RolloutViewInput): TreeNode {
  const { rollout, now } = input;
  const { sets, rsRevisionByHash, newest } = revisionIndex(input);
  const runs = owned(input.analysisRuns, rollout);
  const experiments = ownedExperiments(input);
  const revisions = [...new Set([
    ...sets.map(revisionOf),
    ...experiments.map((e) => experimentRevision(e, rsRevisionByHash, newest)),
    ...runs.map((r) => runRevision(r, rsRevisionByHash, newest)),
  ])].sort((a, b) => b - a);

  const revisionNode = (revision: number): TreeNode => {
    const rsNodes = sets.filter((rs) => revisionOf(rs) === revision).sort(byName)
      .map((rs) => replicaSetNode(rs, input.pods, now, [replicaSetRole(rollout, rs)]));
    const runNodes = runs
      .filter((r) => runRevision(r, rsRevisionByHash, newest) === revision)
      .sort(byCreation)
      .map((run) => analysisRunNode(run, input.jobs, now));
    const experimentNodes = experiments
      .filter((e) => experimentRevision(e, rsRevisionByHash, newest) === revision)
      .map((e) => experimentNode(input, e));
    return { icon: ICONS.revision, name: `revision:${revision}`, kind: '', age: '', info: '', children: [...rsNodes, ...experimentNodes, ...runNodes] };
  };

  return {
    icon: ICONS.rollout,
    name: rollout.metadata.name ?? '',
    kind: 'Rollout',
    mark: rolloutMark(displayPhase(rollout).phase),
    age: ageOf(parseTimestamp(rollout.metadata.creationTimestamp), now),
    info: '',
    children: [...(input.workload ? [workloadNode(input, input.workload)] : []), ...revisions.map(revisionNode)],
  };
}
