import { describe, expect, it } from 'vitest';
import type { Metric } from '../../api/types.js';
import { buildJob, jobName, jobOutcome, jobsToCollect, measurementIndexOf, type ListedJob } from './job-manifest.js';

const run = { name: 'guestbook-6f9d-2', namespace: 'web', uid: '1c7f3b0e-8f6a-4a53-9d0c-2d3e4f5a6b7c', labels: {} };
const metric: Metric = {
  name: 'smoke',
  provider: {
    job: {
      metadata: { labels: { team: 'qa' }, annotations: { note: 'x' } },
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    },
  },
};

describe('job names and manifests', () => {
  it('numbers measurements as Argo does: count + error + 1', () => {
    expect(measurementIndexOf(undefined)).toBe(1);
    expect(measurementIndexOf({ count: 3, error: 1 })).toBe(5);
    expect(jobName(run.uid, 'smoke', 2)).toBe('1c7f3b0e-8f6a-4a53-9d0c-2d3e4f5a6b7c.smoke.2');
  });

  it.each([
    // uid (36) + two dots + index leave 63 - 38 - digits for the metric name.
    ['a name that fits is kept', 'smoke', 1, `${run.uid}.smoke.1`],
    ['exactly 63 is kept', 'a'.repeat(24), 7, `${run.uid}.${'a'.repeat(24)}.7`],
    ['the metric part is shortened, the index kept', 'long-running-job-deadline-metric', 1, `${run.uid}.long-running-job-deadlin.1`],
    ['a longer index shortens it further', 'long-running-job-deadline-metric', 12, `${run.uid}.long-running-job-deadli.12`],
    ['a shortened part never ends in a dash or a dot', `long-running-job${'-'.repeat(10)}metric`, 1, `${run.uid}.long-running-job.1`],
  ])('job names fit in a 63-character label: %s', (_name, metricName, index, want) => {
    const name = jobName(run.uid, metricName, index);
    expect(name).toBe(want);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
  });

  it('finds a shortened Job by its annotations when collecting, never by its name', () => {
    const long = 'long-running-job-deadline-metric';
    const job = buildJob(run, { ...metric, name: long }, 1);
    expect(job.metadata.annotations['analysisrun.argoproj.io/metric-name']).toBe(long);
    const listed = [{ metadata: { ...job.metadata, creationTimestamp: '2026-01-01T00:00:00Z' } }, { metadata: { ...buildJob(run, { ...metric, name: long }, 2).metadata, creationTimestamp: '2026-01-01T00:01:00Z' } }];
    expect(jobsToCollect(listed, long, 1).map((j) => j.metadata.name)).toEqual([job.metadata.name]);
  });

  it('labels, annotates and owns the Job', () => {
    const job = buildJob(run, metric, 3);
    expect(job.metadata).toEqual({
      name: `${run.uid}.smoke.3`,
      namespace: 'web',
      labels: {
        team: 'qa', 'analysisrun.argoproj.io/uid': run.uid,
        'analysisrun.argoproj.io/name': run.name, 'analysisrun.argoproj.io/metric-name': 'smoke',
      },
      annotations: { note: 'x', 'analysisrun.argoproj.io/name': run.name, 'analysisrun.argoproj.io/metric-name': 'smoke' },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', name: run.name, uid: run.uid, controller: true, blockOwnerDeletion: true }],
    });
    expect(job.spec).toBe(metric.provider.job?.spec);
  });

  it('keeps a run name too long for a label in the annotations only', () => {
    const job = buildJob({ ...run, name: 'r'.repeat(70) }, metric, 1);
    expect(job.metadata.labels['analysisrun.argoproj.io/name']).toBeUndefined();
    expect(job.metadata.annotations['analysisrun.argoproj.io/name']).toBe('r'.repeat(70));
  });
});

describe('jobOutcome', () => {
  const meta = { ...buildJob(run, metric, 1).metadata };
  it.each([
    [undefined, { phase: 'Running' }],
    [[{ type: 'Complete', status: 'True' }], { phase: 'Successful' }],
    [[{ type: 'FailureTarget', status: 'True' }], { phase: 'Running' }],
    [[{ type: 'Complete', status: 'False' }], { phase: 'Running' }],
    [[{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }],
      { phase: 'Failed', message: `job "${meta.name}" failed: BackoffLimitExceeded: Job has reached the specified backoff limit` }],
  ])('%j', (conditions, outcome) => expect(jobOutcome({ metadata: meta, status: conditions ? { conditions } : {} })).toEqual(outcome));

  it('a Job stopped by its activeDeadlineSeconds fails, saying the deadline was reached', () => {
    const status = { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] };
    expect(jobOutcome({ metadata: meta, spec: { activeDeadlineSeconds: 10 }, status })).toEqual({
      phase: 'Failed',
      message: `job "${meta.name}" reached its deadline: it ran for activeDeadlineSeconds (10s) without finishing and was stopped (DeadlineExceeded: Job was active longer than specified deadline)`,
    });
  });
});

describe('jobsToCollect', () => {
  const j = (name: string, metricName: string, created: string): ListedJob =>
    ({ metadata: { name, annotations: { 'analysisrun.argoproj.io/metric-name': metricName }, creationTimestamp: created } });
  const jobs = [
    j('u.a.3', 'a', '2026-01-01T00:00:03Z'), j('u.a.1', 'a', '2026-01-01T00:00:01Z'), j('u.b.1', 'b', '2026-01-01T00:00:00Z'),
    j('u.a.10', 'a', '2026-01-01T00:00:03Z'), j('u.a.2', 'a', '2026-01-01T00:00:02Z'),
  ];
  it('keeps the newest `limit` of the metric, oldest deleted first', () => {
    expect(jobsToCollect(jobs, 'a', 2).map((x) => x.metadata.name)).toEqual(['u.a.1', 'u.a.2']);
    expect(jobsToCollect(jobs, 'a', 0).map((x) => x.metadata.name)).toEqual(['u.a.1', 'u.a.2', 'u.a.3', 'u.a.10']);
    expect(jobsToCollect(jobs, 'a', 10)).toEqual([]);
    expect(jobsToCollect(jobs, 'b', 0).map((x) => x.metadata.name)).toEqual(['u.b.1']);
  });
});
