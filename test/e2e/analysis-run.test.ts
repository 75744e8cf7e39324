// The AnalysisRun controller end to end: the real controller binary against the real API server,
// job metrics whose Jobs kwok ends Succeeded or Failed, terminate, secret args read live and kept
// out of status and events, and a run created from a template by the shared action.
import type { KubernetesObject } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalysisRun, terminateAnalysisRun } from '../../src/actions/analysis-actions.js';
import type { AnalysisRun } from '../../src/api/types.js';
import type { KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { apply, waitFor, type Cluster } from './harness.js';
import { controllerNamespace } from './controller-namespace.js';

const env = controllerNamespace('analysis-run');
let c: Cluster;
let clients: KubeClients;
let ns = '';
beforeAll(() => ({ c, clients, ns } = env));

type RunObject = AnalysisRun & KubernetesObject;

async function getRun(name: string): Promise<RunObject> {
  return clients.resource<RunObject>(kinds.AnalysisRun).get({ namespace: ns, name });
}

async function waitForPhase(name: string, phase: string, timeoutMs = 90_000): Promise<RunObject> {
  return waitFor(`AnalysisRun ${name} to be ${phase}`, async () => {
    const run = await getRun(name);
    return run.status?.phase === phase ? run : undefined;
  }, { timeoutMs, intervalMs: 300, describe: async () => (await getRun(name)).status });
}

function jobRun(name: string, opts: { fail?: boolean; runFor?: string; count?: number; interval?: string; args?: string } = {}): string {
  return `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: ${name}}
spec:
  ${opts.args ?? ''}
  metrics:
    - name: x
      ${opts.count ? `count: ${opts.count}` : ''}
      ${opts.interval ? `interval: ${opts.interval}` : ''}
      provider:
        job:
          spec:
            backoffLimit: 0
            template:
              metadata:
                labels: ${opts.fail ? '{sim.kanary.io/outcome: fail}' : '{}'}
                annotations: ${opts.runFor ? `{sim.kanary.io/run-for: "${opts.runFor}"}` : '{}'}
              spec:
                restartPolicy: Never
                containers: [{name: check, image: busybox, args: ["{{args.token}}"]}]
`;
}

const TOKEN_ARG = 'args: [{name: token, value: plain}]';

describe('AnalysisRun controller', () => {
  it('runs a job metric twice, one second apart, and ends Successful', async () => {
    await apply(c, jobRun('job-pass', { count: 2, interval: '1s', args: TOKEN_ARG }), ns);
    const run = await waitForPhase('job-pass', 'Successful');
    const result = run.status?.metricResults?.[0];
    expect(result).toMatchObject({ name: 'x', phase: 'Successful', count: 2, successful: 2 });
    expect(result?.measurements?.map((m) => m.phase)).toEqual(['Successful', 'Successful']);
    expect(run.status).toMatchObject({ runSummary: { count: 1, successful: 1 } });
    expect(run.status?.startedAt).toBeTruthy();
    expect(run.status?.completedAt).toBeTruthy();
  });

  it('deletes a completed run when its ttlStrategy expires', async () => {
    await apply(c, jobRun('job-ttl', { args: `${TOKEN_ARG}\n  ttlStrategy: {secondsAfterCompletion: 2}` }), ns);
    await waitForPhase('job-ttl', 'Successful');
    await waitFor('job-ttl deleted', async () => getRun('job-ttl').then(() => false, (e: { kind?: string }) => e.kind === 'NotFound'), { timeoutMs: 30_000 });
  });

  it('ends Failed with Argo\'s message when the Job fails', async () => {
    await apply(c, jobRun('job-fail', { fail: true, args: TOKEN_ARG }), ns);
    const run = await waitForPhase('job-fail', 'Failed');
    expect(run.status?.message).toContain('Metric "x" assessed Failed due to failed (1) > failureLimit (0)');
    expect(run.status?.metricResults?.[0]?.measurements?.[0]?.message).toMatch(/^job ".*\.x\.1" failed/);
    const events = await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=job-fail' });
    expect(events.items.map((e) => e.reason)).toEqual(expect.arrayContaining(['MetricFailed', 'AnalysisRunFailed']));
  });

  it('terminates a running run: the stopped measurement, its metric and the run Inconclusive, its Job deleted', async () => {
    await apply(c, jobRun('job-slow', { runFor: '10m', args: TOKEN_ARG }), ns);
    await waitFor('the measurement to start', async () => (await getRun('job-slow')).status?.metricResults?.[0]?.measurements?.[0]?.phase === 'Running');
    expect(await terminateAnalysisRun(clients, { namespace: ns, name: 'job-slow' })).toBe('terminated');
    const run = await waitForPhase('job-slow', 'Inconclusive');
    expect(run.status?.message).toBe('Metric "x" assessed Inconclusive due to a measurement stopped before it finished: '
      + '"Error Message: Metric Terminated: stopped before it finished, nothing was measured"');
    expect(run.status?.metricResults?.[0]).toMatchObject({ phase: 'Inconclusive', count: 1, inconclusive: 1 });
    expect(run.status?.metricResults?.[0]).not.toHaveProperty('successful');
    expect(run.status?.metricResults?.[0]?.measurements?.[0]).toMatchObject({ phase: 'Inconclusive', message: 'Metric Terminated: stopped before it finished, nothing was measured' });
    await waitFor('the Job to be gone', async () => {
      const jobs = await c.batch.listNamespacedJob({ namespace: ns, labelSelector: `analysisrun.argoproj.io/uid=${run.metadata?.uid}` });
      return jobs.items.every((j) => j.metadata?.deletionTimestamp) || jobs.items.length === 0;
    });
    expect(await terminateAnalysisRun(clients, { namespace: ns, name: 'job-slow' })).toBe('already-completed');
  });

  it('reads secret args live: the Job gets the value, status and events never do', async () => {
    await apply(c, `
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {token: t0p-s3cr3t-value}
`, ns);
    await apply(c, jobRun('job-secret', { args: 'args: [{name: token, valueFrom: {secretKeyRef: {name: creds, key: token}}}]' }), ns);
    const run = await waitForPhase('job-secret', 'Successful');
    const job = await c.batch.readNamespacedJob({ namespace: ns, name: `${run.metadata?.uid}.x.1` });
    expect(job.spec?.template.spec?.containers[0]?.args).toEqual(['t0p-s3cr3t-value']);
    expect(JSON.stringify(run)).not.toContain('t0p-s3cr3t-value');
    const events = await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=job-secret' });
    expect(JSON.stringify(events.items)).not.toContain('t0p-s3cr3t-value');
    expect(env.controller.log()).not.toContain('t0p-s3cr3t-value');
  });

  it('records a missing Secret as Error measurements naming it, then errors the run', async () => {
    await apply(c, `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: secret-missing}
spec:
  args: [{name: token, valueFrom: {secretKeyRef: {name: nowhere, key: token}}}]
  metrics:
    - name: x
      consecutiveErrorLimit: 0
      provider: {job: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox, args: ["{{args.token}}"]}]}}}}}
`, ns);
    const run = await waitForPhase('secret-missing', 'Error');
    expect(run.status?.metricResults?.[0]?.measurements?.[0]?.message).toBe('Unable to resolve metric arguments: secret "nowhere" not found (arg "token")');
  });

  it('creates a run from a template with -a, named <template>-<5 characters>', async () => {
    await apply(c, `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: smoke}
spec:
  args: [{name: token}]
  metrics:
    - name: x
      provider: {job: {spec: {backoffLimit: 0, template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox, args: ["{{args.token}}"]}]}}}}}
`, ns);
    const created = await createAnalysisRun(clients, { namespace: ns, from: { name: 'smoke' }, args: ['token=abc'] });
    expect(created.metadata?.name).toMatch(/^smoke-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(created.spec.args).toEqual([{ name: 'token', value: 'abc' }]);
    await waitForPhase(created.metadata?.name ?? '', 'Successful');
  });
});
