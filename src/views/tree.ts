// Trees of objects as aligned NAME KIND STATUS AGE INFO rows, with box-drawing prefixes; and the
// nodes every tree shares: a ReplicaSet with its pods, an AnalysisRun with its Jobs.

import { parseTimestamp } from '../api/timestamp.js';
import type { AnalysisRun } from '../api/types.js';
import { ageOf } from './age.js';
import { analysisRunInfo, analysisRunMark, jobMark, podInfo, podMark, replicaSetMark, replicaSetReady } from './object-marks.js';
import { ownedBy, type JobLike, type MetaLike, type PodLike, type ReplicaSetLike } from './objects.js';
import { ICONS, markText, type StatusMark } from './status-icons.js';
import { alignColumns, type Line, type Segment } from './text.js';

export interface TreeNode {
  readonly icon: string;
  readonly name: string;
  readonly kind: string;
  readonly mark?: StatusMark;
  readonly age: string;
  readonly info: string;
  readonly children: readonly TreeNode[];
}

type Named = { readonly metadata?: MetaLike };

export const byName = (a: Named, b: Named) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1);
export const byCreation = (a: Named, b: Named) =>
  (parseTimestamp(a.metadata?.creationTimestamp) ?? 0) - (parseTimestamp(b.metadata?.creationTimestamp) ?? 0) || byName(a, b);

export function owned<T extends Named>(items: readonly T[], owner: Named): T[] {
  return items.filter((i) => ownedBy(i, owner));
}

/** A ReplicaSet, its info (`tags` first, then ready/desired), and the pods it owns by name. */
export function replicaSetNode(rs: ReplicaSetLike, pods: readonly PodLike[], now: number, tags: readonly (string | undefined)[] = []): TreeNode {
  return {
    icon: ICONS.replicaSet,
    name: rs.metadata?.name ?? '',
    kind: 'ReplicaSet',
    mark: replicaSetMark(rs),
    age: ageOf(parseTimestamp(rs.metadata?.creationTimestamp), now),
    info: [...tags, replicaSetReady(rs)].filter(Boolean).join(','),
    children: owned(pods, rs).sort(byName).map((pod) => ({
      icon: ICONS.pod, name: pod.metadata?.name ?? '', kind: 'Pod', mark: podMark(pod),
      age: ageOf(parseTimestamp(pod.metadata?.creationTimestamp), now), info: podInfo(pod), children: [],
    })),
  };
}

/** An AnalysisRun with its measurement counts, and the Jobs it owns. */
export function analysisRunNode(run: AnalysisRun, jobs: readonly JobLike[], now: number): TreeNode {
  return {
    icon: ICONS.analysisRun,
    name: run.metadata.name ?? '',
    kind: 'AnalysisRun',
    mark: analysisRunMark(run),
    age: ageOf(parseTimestamp(run.metadata.creationTimestamp), now),
    info: analysisRunInfo(run),
    children: owned(jobs, run).sort(byName).map((job) => ({
      icon: ICONS.job, name: job.metadata?.name ?? '', kind: 'Job', mark: jobMark(job),
      age: ageOf(parseTimestamp(job.metadata?.creationTimestamp), now), info: '', children: [],
    })),
  };
}

/** Rows with box-drawing prefixes: "├──", "└──", "│  ", "   ". */
function flatten(node: TreeNode, prefix: string, childPrefix: string, out: Segment[][]): void {
  out.push([
    { text: `${prefix}${node.icon} ${node.name}` },
    { text: node.kind },
    node.mark ? { text: markText(node.mark), tone: node.mark.tone } : { text: '' },
    { text: node.age },
    { text: node.info },
  ]);
  node.children.forEach((child, i) => {
    const last = i === node.children.length - 1;
    flatten(child, `${childPrefix}${last ? '└──' : '├──'}`, `${childPrefix}${last ? '   ' : '│  '}`, out);
  });
}

/** The tree as aligned lines under a NAME KIND STATUS AGE INFO header. */
export function treeLines(root: TreeNode): Line[] {
  const rows: Segment[][] = [['NAME', 'KIND', 'STATUS', 'AGE', 'INFO'].map((text) => ({ text }))];
  flatten(root, '', '', rows);
  return alignColumns(rows);
}
