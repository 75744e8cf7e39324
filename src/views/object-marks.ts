// Status and info cells for the objects under a Rollout: ReplicaSets, pods, AnalysisRuns, Jobs.

import type { AnalysisRun } from '../api/types.js';
import type { JobLike, PodLike, ReplicaSetLike } from './objects.js';
import { ICONS, analysisMark, statusMark, type StatusMark } from './status-icons.js';

export function replicaSetMark(rs: ReplicaSetLike): StatusMark {
  const desired = rs.spec?.replicas ?? 0;
  if (desired === 0 && (rs.status?.replicas ?? 0) === 0) return statusMark('neutral', 'ScaledDown');
  if ((rs.status?.availableReplicas ?? 0) >= desired && (rs.status?.replicas ?? 0) === desired) return statusMark('ok', 'Healthy');
  return statusMark('progress', 'Progressing');
}

/** "ready:3/4" (ready pods of desired), or nothing for a scaled-down set. */
export function replicaSetReady(rs: ReplicaSetLike): string | undefined {
  const desired = rs.spec?.replicas ?? 0;
  const ready = rs.status?.readyReplicas ?? 0;
  return desired === 0 && ready === 0 ? undefined : `ready:${ready}/${desired}`;
}

const BAD_WAITING = new Set(['CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError']);

/** kubectl's pod status word (Running, Pending, ContainerCreating, CrashLoopBackOff, Terminating, ...). */
export function podMark(pod: PodLike): StatusMark {
  if (pod.metadata?.deletionTimestamp) return statusMark('progress', 'Terminating');
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return statusMark('ok', 'Completed');
  if (phase === 'Failed') return statusMark('bad', pod.status?.reason ?? 'Error');
  const statuses = pod.status?.containerStatuses ?? [];
  for (const c of statuses) {
    const waiting = c.state?.waiting?.reason;
    if (waiting) return statusMark(BAD_WAITING.has(waiting) ? 'bad' : 'progress', waiting);
    const terminated = c.state?.terminated;
    if (terminated) return statusMark(terminated.exitCode === 0 ? 'ok' : 'bad', terminated.reason ?? 'Terminated');
  }
  if (phase === 'Running') return statusMark(statuses.length > 0 && statuses.every((c) => c.ready) ? 'ok' : 'progress', 'Running');
  return statusMark('waiting', phase ?? 'Pending');
}

/** "ready:1/1", with ",restarts:2" when a container restarted. */
export function podInfo(pod: PodLike): string {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = Math.max(statuses.length, pod.spec?.containers?.length ?? 0);
  const ready = statuses.filter((c) => c.ready).length;
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  return `ready:${ready}/${total}${restarts > 0 ? `,restarts:${restarts}` : ''}`;
}

export function analysisRunMark(run: AnalysisRun): StatusMark {
  return analysisMark(run.status?.phase);
}

/** Measurement counts over all metrics: "✔ 3,✖ 1" (errors and inconclusive as "⚠ n"). */
export function analysisRunInfo(run: AnalysisRun): string {
  let ok = 0;
  let bad = 0;
  let warn = 0;
  for (const m of run.status?.metricResults ?? []) {
    ok += m.successful ?? 0;
    bad += m.failed ?? 0;
    warn += (m.error ?? 0) + (m.inconclusive ?? 0);
  }
  const parts: string[] = [];
  if (ok > 0) parts.push(`${ICONS.ok} ${ok}`);
  if (bad > 0) parts.push(`${ICONS.bad} ${bad}`);
  if (warn > 0) parts.push(`${ICONS.warn} ${warn}`);
  return parts.join(',');
}

export function jobMark(job: JobLike): StatusMark {
  const conditions = job.status?.conditions ?? [];
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');
  if (has('Complete') || (conditions.length === 0 && (job.status?.succeeded ?? 0) > 0 && (job.status?.active ?? 0) === 0)) return statusMark('ok', 'Successful');
  if (has('Failed')) return statusMark('bad', 'Failed');
  if ((job.status?.active ?? 0) > 0) return statusMark('progress', 'Running');
  return statusMark('waiting', 'Pending');
}
