// The Experiments a Rollout's experiment steps made: which revision each belongs to (where the
// tree draws it, as Argo's CLI does), and each as the Rollout page shows it: its templates with
// their ReplicaSets, its analyses and their measurements.

import { parseTimestamp } from '../api/timestamp.js';
import type { Experiment } from '../api/types.js';
import { ageOf } from './age.js';
import { experimentTree, templateOf } from './experiment-view.js';
import { metricCharts, type MetricChart } from './metric-charts.js';
import { replicaSetReady } from './object-marks.js';
import { POD_HASH_LABEL, revisionOf, type ReplicaSetLike, type RolloutViewInput } from './objects.js';
import { analysisMark, type StatusMark } from './status-icons.js';
import { byCreation, owned, type TreeNode } from './tree.js';
import { wellFormedExperiment } from './well-formed.js';

export interface ExperimentTemplateItem {
  readonly name: string;
  /** The template's ReplicaSet, once made. */
  readonly replicaSet?: string;
  /** The template's status word from the Experiment (Progressing, Running, Successful, ...). */
  readonly status: string;
  /** "ready:1/1", or "" for a scaled-down set. */
  readonly ready: string;
  readonly serviceName?: string;
}

export interface ExperimentRunItem {
  readonly name: string;
  readonly analysisRun: string;
  readonly phase: string;
  readonly message?: string;
}

export interface ExperimentPanel {
  readonly name: string;
  readonly revision: number;
  readonly mark: StatusMark;
  readonly message?: string;
  readonly age: string;
  readonly duration?: string;
  /** The experiment the Rollout's current step waits for (status.canary.currentExperiment). */
  readonly current: boolean;
  readonly templates: readonly ExperimentTemplateItem[];
  readonly runs: readonly ExperimentRunItem[];
  readonly analysis: readonly MetricChart[];
}

/** The Experiments the Rollout owns, well-formed, oldest first. */
export function ownedExperiments(input: RolloutViewInput): Experiment[] {
  return owned(input.experiments ?? [], input.rollout).map(wellFormedExperiment).sort(byCreation);
}

/**
 * The revision an Experiment belongs to: its revision annotation (the Rollout writes it), else
 * the revision of the ReplicaSet with its pod-template hash, else the newest.
 */
export function experimentRevision(experiment: Experiment, rsRevisionByHash: ReadonlyMap<string, number>, newest: number): number {
  const own = revisionOf(experiment);
  if (own > 0) return own;
  const hash = experiment.metadata.labels?.[POD_HASH_LABEL];
  return (hash !== undefined ? rsRevisionByHash.get(hash) : undefined) ?? newest;
}

/** The Experiment as a tree node: its template ReplicaSets with their pods, its runs with their Jobs. */
export function experimentNode(input: RolloutViewInput, experiment: Experiment): TreeNode {
  return experimentTree({
    experiment, replicaSets: input.experimentReplicaSets ?? [], pods: input.pods,
    analysisRuns: input.analysisRuns, jobs: input.jobs, now: input.now,
  });
}

function templateItems(experiment: Experiment, sets: readonly ReplicaSetLike[]): ExperimentTemplateItem[] {
  const name = experiment.metadata.name ?? '';
  const statuses = new Map((experiment.status?.templateStatuses ?? []).map((t) => [t.name, t]));
  // A spec the schema refuses is drawn from what the status says.
  const names = (experiment.spec.templates ?? experiment.status?.templateStatuses ?? []).map((t) => t.name);
  return names.map((template) => {
    const rs = sets.find((s) => templateOf(s, name) === template);
    const st = statuses.get(template);
    return {
      name: template,
      ...(rs?.metadata?.name ? { replicaSet: rs.metadata.name } : {}),
      status: st?.status ?? 'Pending',
      ready: rs ? replicaSetReady(rs) ?? '' : '',
      ...(st?.serviceName ? { serviceName: st.serviceName } : {}),
    };
  });
}

/** Each Experiment the Rollout owns, newest revision first, as the Rollout page shows it. */
export function experimentPanels(input: RolloutViewInput, rsRevisionByHash: ReadonlyMap<string, number>, newest: number): ExperimentPanel[] {
  const current = input.rollout.status?.canary?.currentExperiment;
  return ownedExperiments(input).map((e): ExperimentPanel => ({
    name: e.metadata.name ?? '',
    revision: experimentRevision(e, rsRevisionByHash, newest),
    mark: analysisMark(e.status?.phase),
    ...(e.status?.message ? { message: e.status.message } : {}),
    age: ageOf(parseTimestamp(e.metadata.creationTimestamp), input.now),
    ...(e.spec.duration ? { duration: e.spec.duration } : {}),
    current: current !== undefined && current === e.metadata.name,
    templates: templateItems(e, owned(input.experimentReplicaSets ?? [], e)),
    runs: (e.status?.analysisRuns ?? []).map((r) => ({ name: r.name, analysisRun: r.analysisRun, phase: r.phase, ...(r.message ? { message: r.message } : {}) })),
    analysis: metricCharts(owned(input.analysisRuns, e).sort(byCreation)),
  })).sort((a, b) => b.revision - a.revision);
}
