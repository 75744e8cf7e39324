// Seed 000 on the local control plane: the Experiment with two templates and two Job analyses,
// as written. The random-fail Job exits with $RANDOM's parity; kwok runs no shell, so its pods
// are labelled to end Failed (the odd draw), and the experiment must end Failed because of it.
import type { KubernetesObject } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeClients } from '../../src/kube/client.js';
import { waitFor, type Cluster } from './harness.js';
import { controllerNamespace } from './controller-namespace.js';
import { createAll, experimentReads, kanary, seedObjects } from './experiment-support.js';

const env = controllerNamespace('seed-000');
let c: Cluster;
let clients: KubeClients;
let ns = '';
beforeAll(() => ({ c, clients, ns } = env));

/** The seed's objects; the random-fail Job's pods are told to fail, as an odd $RANDOM would make them. */
function seed000(): KubernetesObject[] {
  return seedObjects('seed-000-experiment-with-analysis.yaml', ns).map((obj) => {
    if (obj.kind !== 'AnalysisTemplate' || obj.metadata?.name !== 'random-fail') return obj;
    const copy = structuredClone(obj) as KubernetesObject & { spec: { metrics: { provider: { job: { spec: { template: { metadata?: { labels?: Record<string, string> } } } } } }[] } };
    const pod = copy.spec.metrics[0]!.provider.job.spec.template;
    pod.metadata = { ...(pod.metadata ?? {}), labels: { ...(pod.metadata?.labels ?? {}), 'sim.kanary.io/outcome': 'fail' } };
    return copy;
  });
}

describe('seed 000: an Experiment with a passing and a failing Job analysis', () => {
  it('runs both templates, ends Failed on the failing analysis, stops the other, and scales down', async () => {
    const reads = experimentReads(clients, ns);
    await createAll(clients, seed000());
    const name = 'experiment-with-analysis';

    const running = await reads.until(name, 'to be Running with both runs started', (e) => e.status?.phase === 'Running' && (e.status.analysisRuns?.length ?? 0) === 2);
    expect(running.status?.availableAt).toBeTruthy();
    const purple = await reads.replicaSet(`${name}-purple`);
    const orange = await reads.replicaSet(`${name}-orange`);
    for (const [rs, template] of [[purple, 'purple'], [orange, 'orange']] as const) {
      expect(rs.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Experiment', name, controller: true });
      expect(rs.metadata?.annotations).toMatchObject({ 'experiment.argoproj.io/name': name, 'experiment.argoproj.io/template-name': template });
      expect(rs.status?.availableReplicas).toBe(1);
    }
    const hashes = [purple, orange].map((rs) => rs.metadata?.labels?.['rollouts-pod-template-hash']);
    expect(new Set(hashes).size).toBe(2);
    expect(running.status?.templateStatuses?.map((t) => [t.name, t.status])).toEqual([['purple', 'Running'], ['orange', 'Running']]);

    const failed = await reads.until(name, 'to end Failed', (e) => e.status?.phase === 'Failed');
    expect(failed.status?.message).toContain("AnalysisRun 'random' Failed");
    expect(failed.status?.analysisRuns?.map((a) => [a.name, a.analysisRun])).toEqual([['pass', `${name}-pass`], ['random', `${name}-random`]]);

    const random = await reads.run(`${name}-random`);
    expect(random.status?.phase).toBe('Failed');
    expect(random.status?.metricResults?.[0]).toMatchObject({ name: 'random-fail', phase: 'Failed', failed: 2 });
    const pass = await waitFor('the pass run to be stopped', async () => {
      const run = await reads.run(`${name}-pass`);
      // Stopped between two Jobs, the run is Successful; stopped while a Job runs, that measurement
      // was never taken and the run is Inconclusive (as Argo Rollouts marks it). Either is right.
      return run.spec.terminate === true && ['Successful', 'Inconclusive'].includes(run.status?.phase ?? '') ? run : undefined;
    }, { timeoutMs: 30_000 });
    expect(pass.status?.metricResults?.[0]?.successful).toBeGreaterThanOrEqual(1);
    expect(pass.status?.metricResults?.[0]?.failed ?? 0).toBe(0);
    if (pass.status?.phase === 'Inconclusive') expect(pass.status.message).toContain('stopped before it finished');

    // scaleDownDelaySeconds defaults to 30: the deadline is set at once, the scale-down after it.
    expect((await reads.replicaSet(`${name}-purple`)).metadata?.annotations?.['scale-down-deadline']).toBeTruthy();
    await waitFor('both ReplicaSets to be scaled to 0', async () => {
      const sizes = await Promise.all([`${name}-purple`, `${name}-orange`].map(async (n) => (await reads.replicaSet(n)).spec?.replicas));
      return sizes.every((s) => s === 0);
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    const done = await reads.get(name);
    expect(done.status?.phase).toBe('Failed');
    expect(done.status?.analysisRuns?.map((a) => a.phase)).toEqual([pass.status?.phase, 'Failed']);

    const shown = await kanary(c.kubeconfigPath, ns, 'get', 'experiment', name);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/Status: +✖ Failed/);
    expect(shown.out).toContain(`${name}-purple`);
    expect(shown.out).toContain(`${name}-orange`);
    expect(shown.out).toContain(`${name}-random`);
    expect(shown.out).toContain(`${name}-pass`);
  });
});
