// `get experiment` and `list experiments`: an Experiment's status above a tree of its
// ReplicaSets (one per template) with their pods, and its AnalysisRuns with their Jobs.

import { parseTimestamp } from '../api/timestamp.js';
import type { AnalysisRun, Experiment } from '../api/types.js';
import { ageOf } from './age.js';
import { type JobLike, type PodLike, type ReplicaSetLike } from './objects.js';
import { analysisMark, markText } from './status-icons.js';
import { alignColumns, padEnd, type Line } from './text.js';
import { wellFormedExperiment } from './well-formed.js';
import { analysisRunNode, byCreation, byName, owned, replicaSetNode, treeLines, type TreeNode } from './tree.js';

export interface ExperimentViewInput {
  readonly experiment: Experiment;
  readonly replicaSets: readonly ReplicaSetLike[];
  readonly pods: readonly PodLike[];
  readonly analysisRuns: readonly AnalysisRun[];
  readonly jobs: readonly JobLike[];
  readonly now: number;
}

const TEMPLATE_ANNOTATION = 'experiment.argoproj.io/template-name';

/** The template a ReplicaSet runs: Argo's annotation, else its name after `<experiment>-`. */
export function templateOf(rs: ReplicaSetLike, experiment: string): string | undefined {
  const named = rs.metadata?.annotations?.[TEMPLATE_ANNOTATION];
  if (named) return named;
  const name = rs.metadata?.name ?? '';
  return name.startsWith(`${experiment}-`) ? name.slice(experiment.length + 1) : undefined;
}

export function experimentTree(input: ExperimentViewInput): TreeNode {
  const { experiment, now } = input;
  return {
    icon: 'Σ',
    name: experiment.metadata.name ?? '',
    kind: 'Experiment',
    mark: analysisMark(experiment.status?.phase),
    age: ageOf(parseTimestamp(experiment.metadata.creationTimestamp), now),
    info: '',
    children: [
      ...owned(input.replicaSets, experiment).sort(byName)
        .map((rs) => replicaSetNode(rs, input.pods, now, [templateOf(rs, experiment.metadata.name ?? '')])),
      ...owned(input.analysisRuns, experiment).sort(byCreation).map((run) => analysisRunNode(run, input.jobs, now)),
    ],
  };
}

export function experimentView(raw: ExperimentViewInput): Line[] {
  const input = { ...raw, experiment: wellFormedExperiment(raw.experiment) };
  const { experiment } = input;
  const mark = analysisMark(experiment.status?.phase);
  const field = (label: string, text: string, tone?: typeof mark.tone): Line => [{ text: padEnd(label, 17) }, tone ? { text, tone } : { text }];
  const lines: Line[] = [
    field('Name:', experiment.metadata.name ?? ''),
    field('Namespace:', experiment.metadata.namespace ?? ''),
    field('Status:', markText(mark), mark.tone),
  ];
  if (experiment.status?.message) lines.push(field('Message:', experiment.status.message));
  if (experiment.spec.duration) lines.push(field('Duration:', experiment.spec.duration));
  return [...lines, [], ...treeLines(experimentTree(input))];
}

/** NAME STATUS AGE (NAMESPACE first across namespaces), sorted. */
export function experimentsTable(experiments: readonly Experiment[], now: number, withNamespace = false): Line[] {
  const key = (e: Experiment) => `${e.metadata.namespace ?? ''}/${e.metadata.name ?? ''}`;
  const rows = experiments.map(wellFormedExperiment).sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((e) => {
    const mark = analysisMark(e.status?.phase);
    const row = [{ text: e.metadata.name ?? '' }, { text: mark.word, tone: mark.tone }, { text: ageOf(parseTimestamp(e.metadata.creationTimestamp), now) }];
    return withNamespace ? [{ text: e.metadata.namespace ?? '' }, ...row] : row;
  });
  const header = (withNamespace ? ['NAMESPACE', 'NAME', 'STATUS', 'AGE'] : ['NAME', 'STATUS', 'AGE']).map((text) => ({ text }));
  return alignColumns([header, ...rows]);
}
