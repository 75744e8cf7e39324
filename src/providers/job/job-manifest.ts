// The Job a `job` metric runs, and what a Job's status means for the measurement. Pure; the
// names, labels and annotations are Argo's, so Jobs survive a switch between controllers.
import type { JobSpec, Metric } from '../../api/types.js';
import type { ProviderRun } from '../provider.js';

export const JOB_NAME_KEY = 'job-name';
export const RUN_NAME_KEY = 'analysisrun.argoproj.io/name';
export const METRIC_NAME_KEY = 'analysisrun.argoproj.io/metric-name';
export const RUN_UID_KEY = 'analysisrun.argoproj.io/uid';

export interface JobObject {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    ownerReferences: { apiVersion: string; kind: string; name: string; uid: string; controller: boolean; blockOwnerDeletion: boolean }[];
  };
  spec: JobSpec;
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[]; active?: number; failed?: number };
}

/** The measurement number Argo puts in Job names: measurements so far (count + error) + 1. */
export function measurementIndexOf(result?: { count?: number; error?: number }): number {
  return (result?.count ?? 0) + (result?.error ?? 0) + 1;
}

/** The Job controller copies a Job's name into a pod label, so the name must fit a label value. */
const MAX_JOB_NAME = 63;

/**
 * Argo's `<run uid>.<metric name>.<measurement index>`, with the metric-name part shortened (as
 * Argo Rollouts does) until the whole fits in 63 characters; a shortened part loses any trailing
 * `-` or `.` so the name stays a valid DNS subdomain. Jobs are found by their labels and
 * annotations, never by this name.
 *   (36-char uid, 'error-rate', 3)                       -> '<uid>.error-rate.3'
 *   (36-char uid, 'long-running-job-deadline-metric', 1) -> '<uid>.long-running-job-deadlin.1'
 */
export function jobName(runUid: string, metricName: string, index: number): string {
  const full = `${runUid}.${metricName}.${index}`;
  if (full.length <= MAX_JOB_NAME) return full;
  const room = Math.max(0, MAX_JOB_NAME - `${runUid}..${index}`.length);
  const part = metricName.slice(0, room).replace(/[-.]+$/, '');
  return `${runUid}.${part}.${index}`;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const labelSafe = (v: string): boolean => v.length <= 63 && LABEL_VALUE.test(v);

/** The Job for measurement `index` of `metric` in `run`, owned (controller) by the AnalysisRun. */
export function buildJob(run: ProviderRun, metric: Metric, index: number): JobObject {
  const job = metric.provider.job;
  if (!job) throw new Error('metric has no job provider');
  const labels: Record<string, string> = { ...job.metadata?.labels, [RUN_UID_KEY]: run.uid };
  // Labels for selection; names too long or odd for a label value stay in the annotations only.
  if (labelSafe(run.name)) labels[RUN_NAME_KEY] = run.name;
  if (labelSafe(metric.name)) labels[METRIC_NAME_KEY] = metric.name;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(run.uid, metric.name, index),
      namespace: run.namespace,
      labels,
      annotations: { ...job.metadata?.annotations, [RUN_NAME_KEY]: run.name, [METRIC_NAME_KEY]: metric.name },
      ownerReferences: [{
        apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', name: run.name, uid: run.uid, controller: true, blockOwnerDeletion: true,
      }],
    },
    spec: job.spec,
  };
}

export type JobOutcome =
  | { phase: 'Successful' }
  | { phase: 'Failed'; message: string }
  | { phase: 'Running' };

/**
 * A Job's outcome from its conditions: Complete succeeds, Failed fails (a Job the Job controller
 * stopped at its `activeDeadlineSeconds`, reason DeadlineExceeded, says so), anything else still runs.
 *
 *   Failed BackoffLimitExceeded -> Failed 'job "x" failed: BackoffLimitExceeded: ...'
 *   Failed DeadlineExceeded, activeDeadlineSeconds 10
 *     -> Failed 'job "x" reached its deadline: it ran for activeDeadlineSeconds (10s) without finishing and was stopped (DeadlineExceeded: ...)'
 */
export function jobOutcome(job: Pick<JobObject, 'metadata' | 'status'> & { spec?: Pick<JobSpec, 'activeDeadlineSeconds'> }): JobOutcome {
  for (const c of job.status?.conditions ?? []) {
    if (c.status !== 'True') continue;
    if (c.type === 'Complete') return { phase: 'Successful' };
    if (c.type === 'Failed') {
      const why = [c.reason, c.message].filter(Boolean).join(': ');
      const name = JSON.stringify(job.metadata.name);
      if (c.reason === 'DeadlineExceeded') {
        const deadline = job.spec?.activeDeadlineSeconds;
        const limit = deadline === undefined ? 'its activeDeadlineSeconds' : `activeDeadlineSeconds (${deadline}s)`;
        return { phase: 'Failed', message: `job ${name} reached its deadline: it ran for ${limit} without finishing and was stopped (${why})` };
      }
      return { phase: 'Failed', message: `job ${name} failed${why ? `: ${why}` : ''}` };
    }
  }
  return { phase: 'Running' };
}

export interface ListedJob {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string | Date };
}

/** The Jobs of one metric that garbage collection deletes: all but the newest `limit`. */
export function jobsToCollect<T extends ListedJob>(jobs: T[], metricName: string, limit: number): T[] {
  const index = (name: string) => Number(/\.(\d+)$/.exec(name)?.[1] ?? 0);
  const created = (j: ListedJob) => {
    const t = j.metadata.creationTimestamp;
    return t instanceof Date ? t.toISOString() : (t ?? '');
  };
  const mine = jobs
    .filter((j) => (j.metadata.annotations?.[METRIC_NAME_KEY] ?? j.metadata.labels?.[METRIC_NAME_KEY]) === metricName)
    .sort((a, b) => created(a).localeCompare(created(b)) || index(a.metadata.name) - index(b.metadata.name));
  return mine.slice(0, Math.max(0, mine.length - Math.max(0, limit)));
}
