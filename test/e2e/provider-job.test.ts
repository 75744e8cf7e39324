// The job metric provider on the local control plane: Jobs created with Argo's names, labels and
// owner, their outcome read back (kwok ends Job pods Succeeded, or Failed when asked), a Job the
// real Job controller stops at its activeDeadlineSeconds, a pod that cannot pull its image, a Job
// deleted by hand, termination, garbage collection, and the shared provider contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec, Metric } from '../../src/api/types.js';
import { jobProvider } from '../../src/providers/job/index.js';
import { describeProviderContract, testContext } from '../../src/providers/contract.js';
import type { ProviderContext, ProviderResult } from '../../src/providers/provider.js';
import { toMeasurement } from '../../src/providers/result.js';
import { connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

let c: Cluster;
let ns = '';
let run: ProviderContext['run'];

function jobSpec(opts: { fail?: boolean; runFor?: string } = {}): JobSpec {
  return {
    backoffLimit: 0,
    template: {
      metadata: {
        ...(opts.fail ? { labels: { 'sim.kanary.io/outcome': 'fail' } } : {}),
        ...(opts.runFor ? { annotations: { 'sim.kanary.io/run-for': opts.runFor } } : {}),
      },
      spec: { restartPolicy: 'Never', containers: [{ name: 'check', image: 'busybox' }] },
    },
  };
}

const metric = (name: string, spec: JobSpec = jobSpec()): Metric => ({ name, provider: { job: { spec, metadata: { labels: { team: 'qa' } } } } });
const ctx = (extra: Partial<ProviderContext> = {}) => testContext({ run, kube: c.kc, ...extra });

async function resumeUntilDone(m: Metric, first: ProviderResult): Promise<ProviderResult> {
  return waitFor(`job ${first.metadata?.['job-name']} to finish`, async () => {
    const r = await jobProvider.resume(ctx(), m, toMeasurement(first, first.phase ?? 'Running'));
    return r.phase !== 'Running' ? r : undefined;
  }, { timeoutMs: 60_000, intervalMs: 500 });
}

async function jobNames(metricName: string): Promise<string[]> {
  const list = await c.batch.listNamespacedJob({ namespace: ns, labelSelector: `analysisrun.argoproj.io/metric-name=${metricName}` });
  return list.items.filter((j) => !j.metadata?.deletionTimestamp).map((j) => j.metadata?.name ?? '').sort();
}

beforeAll(async () => {
  c = connect();
  ns = await createNamespace(c, 'provider-job');
  const ar = await c.custom.createNamespacedCustomObject({
    group: 'argoproj.io', version: 'v1alpha1', namespace: ns, plural: 'analysisruns',
    body: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'guestbook-run' }, spec: { metrics: [metric('pass')] } },
  }) as { metadata: { name: string; uid: string } };
  run = { name: ar.metadata.name, namespace: ns, uid: ar.metadata.uid, labels: {} };
});
afterAll(async () => deleteNamespace(c, ns));

describeProviderContract('job', () => ({
  provider: jobProvider,
  working: metric('contract'),
  // No containers: the apiserver rejects the Job.
  broken: metric('contract-broken', { template: { spec: { restartPolicy: 'Never', containers: [] } } }),
  context: { run, kube: c.kc },
}));

describe('job provider', () => {
  it('creates an owned, labelled Job named like Argo and reports its success', async () => {
    const m = metric('pass');
    const first = await jobProvider.run(ctx({ measurementIndex: 1 }), m);
    const name = `${run.uid}.pass.1`;
    expect(first).toMatchObject({ phase: 'Running', metadata: { 'job-name': name } });
    expect(first.finishedAt).toBeUndefined();
    const job = await c.batch.readNamespacedJob({ name, namespace: ns });
    expect(job.metadata?.labels).toMatchObject({
      team: 'qa', 'analysisrun.argoproj.io/uid': run.uid, 'analysisrun.argoproj.io/name': run.name, 'analysisrun.argoproj.io/metric-name': 'pass',
    });
    expect(job.metadata?.annotations).toMatchObject({ 'analysisrun.argoproj.io/name': run.name, 'analysisrun.argoproj.io/metric-name': 'pass' });
    expect(job.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'AnalysisRun', name: run.name, uid: run.uid, controller: true })]);
    const done = await resumeUntilDone(m, first);
    expect(done).toMatchObject({ phase: 'Successful', startedAt: first.startedAt, metadata: { 'job-name': name } });
    expect(done.finishedAt).toBeTruthy();
  });

  it('runs a metric whose name is too long for a Job name, shortening it as Argo does', async () => {
    const m = metric('long-running-job-deadline-metric');
    const first = await jobProvider.run(ctx({ measurementIndex: 1 }), m);
    const name = `${run.uid}.long-running-job-deadlin.1`;
    expect(name).toHaveLength(63);
    expect(first).toMatchObject({ phase: 'Running', metadata: { 'job-name': name } });
    const job = await c.batch.readNamespacedJob({ name, namespace: ns });
    expect(job.metadata?.annotations).toMatchObject({ 'analysisrun.argoproj.io/metric-name': 'long-running-job-deadline-metric' });
    expect(await jobNames('long-running-job-deadline-metric')).toEqual([name]);
    expect(await resumeUntilDone(m, first)).toMatchObject({ phase: 'Successful', metadata: { 'job-name': name } });
  });

  it('creating the same measurement twice adopts the Job instead of failing', async () => {
    const m = metric('pass');
    expect(await jobProvider.run(ctx({ measurementIndex: 1 }), m)).toMatchObject({ phase: 'Running', metadata: { 'job-name': `${run.uid}.pass.1` } });
  });

  it('reports a failed Job as Failed with the reason', async () => {
    const m = metric('fail', jobSpec({ fail: true }));
    const done = await resumeUntilDone(m, await jobProvider.run(ctx(), m));
    expect(done).toMatchObject({ phase: 'Failed', message: expect.stringMatching(/^job ".*\.fail\.1" failed: BackoffLimitExceeded/) });
  });

  it('a Job stopped by its activeDeadlineSeconds is a failed measurement saying the deadline was reached', async () => {
    // A pod that would run for an hour; the real Job controller stops it after 10 s.
    const m = metric('deadline', { ...jobSpec({ runFor: '1h' }), activeDeadlineSeconds: 10 });
    const first = await jobProvider.run(ctx(), m);
    const name = first.metadata?.['job-name'] ?? '';
    const done = await resumeUntilDone(m, first);
    const job = await c.batch.readNamespacedJob({ name, namespace: ns });
    expect(job.status?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' })]));
    expect(done).toMatchObject({
      phase: 'Failed',
      message: `job "${name}" reached its deadline: it ran for activeDeadlineSeconds (10s) without finishing and was stopped (DeadlineExceeded: Job was active longer than specified deadline)`,
    });
    const took = Date.parse(done.finishedAt ?? '') - Date.parse(first.startedAt ?? '');
    expect(took).toBeGreaterThanOrEqual(9_000);
    expect(took).toBeLessThan(60_000);
  });

  it.each(['busybox:does-not-exist', 'registry.local/nonexistent/check:1'])('a Job whose pod cannot pull %s is Inconclusive, naming the pod and the reason', async (image) => {
    const spec = jobSpec();
    const m = metric(`image-${image.length}`, { ...spec, template: { ...spec.template, spec: { restartPolicy: 'Never', containers: [{ name: 'check', image }] } } });
    const first = await jobProvider.run(ctx(), m);
    const name = first.metadata?.['job-name'] ?? '';
    const done = await resumeUntilDone(m, first);
    const pods = await c.core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${name}` });
    const pod = pods.items[0]?.metadata?.name ?? '?';
    expect(done.phase).toBe('Inconclusive');
    expect(done.message).toMatch(new RegExp(`^job "${name.replace(/\./g, '\\.')}": pod "${pod}" cannot start: container "check" is waiting in (ErrImagePull|ImagePullBackOff)`));
    expect(done.finishedAt).toBeTruthy();
  });

  it('keeps a running Job Running, and terminate deletes it', async () => {
    const m = metric('slow', jobSpec({ runFor: '10m' }));
    const first = await jobProvider.run(ctx(), m);
    const name = first.metadata?.['job-name'] ?? '';
    expect(await jobProvider.resume(ctx(), m, toMeasurement(first, 'Running'))).toMatchObject({ phase: 'Running', startedAt: first.startedAt });
    const stopped = await jobProvider.terminate(ctx(), m, toMeasurement(first, 'Running'));
    expect(stopped).toMatchObject({ phase: 'Successful', metadata: { 'job-name': name } });
    await waitFor(`job ${name} to be gone`, async () => (await jobNames('slow')).length === 0);
  });

  it('fails a measurement whose Job was deleted by hand', async () => {
    const m = metric('deleted', jobSpec({ runFor: '10m' }));
    const first = await jobProvider.run(ctx(), m);
    const name = first.metadata?.['job-name'] ?? '';
    await c.batch.deleteNamespacedJob({ name, namespace: ns, propagationPolicy: 'Background' });
    const r = await waitFor('the deletion to be seen', async () => {
      const res = await jobProvider.resume(ctx(), m, toMeasurement(first, 'Running'));
      return res.phase === 'Failed' ? res : undefined;
    });
    expect(r.message).toBe(`job "${name}" was deleted before it finished`);
  });

  it('refuses a Job of the same name that another run owns', async () => {
    await c.batch.createNamespacedJob({ namespace: ns, body: { metadata: { name: `${run.uid}.foreign.1` }, spec: jobSpec() as never } });
    const r = await jobProvider.run(ctx(), metric('foreign'));
    expect(r).toMatchObject({ phase: 'Error', message: expect.stringContaining('not owned by this AnalysisRun') });
  });

  it('garbage-collects all but the newest `limit` Jobs of the metric', async () => {
    for (let i = 1; i <= 4; i++) expect((await jobProvider.run(ctx({ measurementIndex: i }), metric('gc'))).phase).toBe('Running');
    await jobProvider.run(ctx(), metric('gc-other'));
    await jobProvider.garbageCollect(ctx(), metric('gc'), 2);
    await waitFor('old gc jobs to go', async () => (await jobNames('gc')).length === 2);
    expect(await jobNames('gc')).toEqual([`${run.uid}.gc.3`, `${run.uid}.gc.4`]);
    expect(await jobNames('gc-other')).toHaveLength(1);
  });
});
