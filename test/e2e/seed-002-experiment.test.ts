// Seed 002's standalone Experiment on the local control plane, as written: duration 20m,
// progressDeadlineSeconds 30, a named Service for purple, minReadySeconds 10 for orange, and a
// requiredForCompletion analysis that ends it early. The orange probe names a host no Service
// serves (the article's pitfall); the Experiment's message says so.
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeClients } from '../../src/kube/client.js';
import { waitFor } from './harness.js';
import { controllerNamespace } from './controller-namespace.js';
import { createAll, experimentReads, seedObjects } from './experiment-support.js';

const env = controllerNamespace('seed-002');
let clients: KubeClients;
let ns = '';
beforeAll(() => ({ clients, ns } = env));

describe('seed 002: a standalone Experiment with services, minReadySeconds and requiredForCompletion', () => {
  it('waits for orange\'s minReadySeconds, serves purple, says orange has no Service, and ends when the required analysis passes', async () => {
    const reads = experimentReads(clients, ns);
    await createAll(clients, seedObjects('seed-002-http-benchmark.yaml', ns));
    const created = Date.now();
    await createAll(clients, seedObjects('seed-002-example-experiment.yaml', ns));
    const name = 'example-experiment';

    const pending = await reads.until(name, 'to be Pending with its Service', (e) => e.status?.phase === 'Pending'
      && e.status.templateStatuses?.find((t) => t.name === 'purple')?.serviceName === 'service-name', 30_000);
    // The article's probes name hosts "purple" and "orange"; neither is a Service here.
    expect(pending.status?.message?.split('; ')).toEqual([
      'analysis \'purple\' arg host="purple": no Service "purple" in this namespace (template \'purple\' is served as "service-name")',
      'analysis \'orange\' arg host="orange": no Service "orange" in this namespace (template \'orange\' has no service: add `service: {name: orange}`)',
      'analysis \'compare-results\' arg host="purple": no Service "purple" in this namespace (template \'purple\' is served as "service-name")',
    ]);
    const services = await reads.services();
    const svc = services.find((s) => s.metadata?.name === 'service-name');
    const purpleRs = await reads.replicaSet(`${name}-purple`);
    expect(svc?.spec?.selector).toEqual({ 'rollouts-pod-template-hash': purpleRs.metadata?.labels?.['rollouts-pod-template-hash'] });
    expect(svc?.spec?.ports?.map((p) => [p.name, p.port, p.targetPort])).toEqual([['http', 8080, 8080]]);
    expect(svc?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Experiment', name });
    expect(services.some((s) => s.metadata?.name === 'orange' || s.metadata?.name === `${name}-orange`)).toBe(false);
    expect((await reads.replicaSet(`${name}-orange`)).spec?.minReadySeconds).toBe(10);

    const running = await reads.until(name, 'to be Running', (e) => e.status?.availableAt !== undefined, 40_000);
    // orange's pods count as available only after minReadySeconds (10 s).
    expect(Date.parse(running.status!.availableAt!) - created).toBeGreaterThanOrEqual(9_000);

    const done = await reads.until(name, 'to end Successful', (e) => e.status?.phase === 'Successful', 90_000);
    expect(done.status?.message).toBe('Required AnalysisRuns completed');
    expect(done.status?.analysisRuns?.find((a) => a.name === 'compare-results')).toMatchObject({ analysisRun: `${name}-compare-results`, phase: 'Successful' });
    // The other analyses are stopped; traffic leaves at once; the pods after the 30 s delay.
    await waitFor('the benchmark runs to be stopped', async () => {
      const runs = await Promise.all(['purple', 'orange'].map((a) => reads.run(`${name}-${a}`)));
      return runs.every((r) => r.spec.terminate === true);
    }, { timeoutMs: 20_000 });
    await waitFor('the template Service to be deleted', async () => !(await reads.services()).some((s) => s.metadata?.name === 'service-name'), { timeoutMs: 20_000 });
    const final = await reads.get(name);
    expect(final.status?.templateStatuses?.map((t) => [t.name, t.status])).toEqual([['purple', 'Successful'], ['orange', 'Successful']]);
    expect(final.status?.conditions?.find((cond) => cond.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ExperimentCompleted' });
  });
});
