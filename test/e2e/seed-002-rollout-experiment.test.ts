// Seed 002's experiment step in a Rollout, as written: on an update, the Rollout creates an
// Experiment whose baseline runs the stable template and whose test-canary runs the new one, with
// the two http-benchmark analyses; the step waits for it. Its duration is 3 minutes, so the test
// ends it early with `kanary terminate experiment`, as a person would, and the update goes on.
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Rollout } from '../../src/api/types.js';
import type { KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { waitFor, type Cluster } from './harness.js';
import { controllerNamespace } from './controller-namespace.js';
import { createAll, experimentReads, kanary, seedObjects, type ExperimentObject } from './experiment-support.js';

const env = controllerNamespace('seed-002-step');
let c: Cluster;
let clients: KubeClients;
let ns = '';
beforeAll(() => ({ c, clients, ns } = env));

type RolloutObject = Rollout & KubernetesObject;
const getRollout = () => clients.resource<RolloutObject>(kinds.Rollout).get({ namespace: ns, name: 'demo-rollout' });
const untilRollout = (what: string, check: (r: RolloutObject) => boolean, timeoutMs = 60_000) =>
  waitFor(`Rollout demo-rollout ${what}`, async () => {
    const r = await getRollout();
    return check(r) ? r : undefined;
  }, { timeoutMs, intervalMs: 300, describe: async () => (await getRollout()).status });
const image = (t: unknown) => (t as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image;

describe('seed 002: an experiment step with specRef stable and canary', () => {
  it('runs the stable and canary templates side by side with their analyses, and moves on when the experiment ends', async () => {
    const reads = experimentReads(clients, ns);
    await createAll(clients, seedObjects('seed-002-http-benchmark.yaml', ns));
    await createAll(clients, seedObjects('seed-002-rollout-experiment-step.yaml', ns));
    const first = await untilRollout('to be Healthy', (r) => r.status?.phase === 'Healthy');
    const stableHash = first.status!.stableRS!;

    expect((await kanary(c.kubeconfigPath, ns, 'set', 'image', 'demo-rollout', 'demo=nginx:1.27')).code).toBe(0);
    const waiting = await untilRollout('to wait at its experiment step', (r) => r.status?.canary?.currentExperiment !== undefined);
    const hash = waiting.status!.currentPodHash!;
    const name = waiting.status!.canary!.currentExperiment!;
    expect(name).toBe(`demo-rollout-${hash}-2-0`);
    expect(waiting.status).toMatchObject({ currentStepIndex: 0, stableRS: stableHash });

    const running = await reads.until(name, 'to be Running with both analyses', (e: ExperimentObject) => e.status?.phase === 'Running' && (e.status.analysisRuns?.length ?? 0) === 2);
    expect(running.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Rollout', name: 'demo-rollout', controller: true });
    expect(running.spec.duration).toBe('3m');
    const baseline = await reads.replicaSet(`${name}-baseline`);
    const canary = await reads.replicaSet(`${name}-test-canary`);
    expect(image(baseline.spec?.template)).toBe('nginx');
    expect(image(canary.spec?.template)).toBe('nginx:1.27');
    for (const rs of [baseline, canary] as V1ReplicaSet[]) {
      expect(rs.status?.availableReplicas).toBe(1);
      expect(rs.metadata?.labels?.['rollouts-pod-template-hash']).not.toBe(stableHash);
    }
    expect((await reads.run(`${name}-baseline-analysis`)).spec.args).toEqual([{ name: 'host', value: 'baseline' }]);
    expect((await getRollout()).status).toMatchObject({ currentStepIndex: 0, stableRS: stableHash, phase: 'Progressing' });

    // The duration is 3m: end the experiment now; Successful moves the Rollout past the step.
    expect((await kanary(c.kubeconfigPath, ns, 'terminate', 'experiment', name)).code).toBe(0);
    await reads.until(name, 'to end Successful', (e) => e.status?.phase === 'Successful', 20_000);
    const done = await untilRollout('to finish the update', (r) => r.status?.phase === 'Healthy' && r.status.stableRS === hash, 60_000);
    expect(done.status?.currentStepIndex).toBe(1);
    expect(done.status?.canary?.currentExperiment).toBeUndefined();
    await waitFor('the experiment\'s runs to be stopped', async () => {
      const runs = await Promise.all(['baseline-analysis', 'canary-analysis'].map((a) => reads.run(`${name}-${a}`)));
      return runs.every((r) => r.spec.terminate === true);
    }, { timeoutMs: 20_000 });
  });
});
