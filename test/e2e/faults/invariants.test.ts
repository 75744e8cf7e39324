// The invariant checker must be able to fail: with no controller running, a test writes the very
// states each invariant forbids, and the checker reports each one.
import type { KubernetesObject, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalysisRun } from '../../../src/api/types.js';
import { kinds } from '../../../src/kube/resources.js';
import { waitFor } from '../harness.js';
import { FaultCase, type RolloutObject } from './fault-case.js';

let f: FaultCase | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

function replicaSet(name: string, hash: string, revision: string, owner: { name: string; uid: string }): V1ReplicaSet & KubernetesObject {
  const labels = { app: 'web', 'rollouts-pod-template-hash': hash };
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name, labels, annotations: { 'rollout.argoproj.io/revision': revision },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: owner.name, uid: owner.uid, controller: true }],
    },
    spec: { replicas: 0, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'demo:1' }] } } },
  };
}

describe('the invariant checker', () => {
  it('reports I1, I2, I3 and I4 when the states break them', async () => {
    const fc = (f = await FaultCase.open('fault-checker', ['setWeight: 20', 'pause: {}', 'setWeight: 60']));
    const web = await fc.rollout();
    const owner = { name: 'web', uid: web.metadata?.uid ?? '' };
    const sets = fc.clients.resource<V1ReplicaSet & KubernetesObject>(kinds.ReplicaSet);
    const rollouts = fc.clients.resource<RolloutObject>(kinds.Rollout);
    await sets.create({ ...replicaSet('web-aaa', 'aaa', '1', owner), metadata: { ...replicaSet('web-aaa', 'aaa', '1', owner).metadata, namespace: fc.ns } });
    // Healthy with no available pod (I1); then the step index goes back on the same revision (I3).
    await rollouts.patchStatus(fc.ref(), { status: { phase: 'Healthy', currentPodHash: 'aaa', stableRS: 'aaa', currentStepIndex: 2 } });
    await rollouts.patchStatus(fc.ref(), { status: { currentStepIndex: 1 } });
    // A Service selecting a ReplicaSet with no available pods (I2).
    await fc.clients.resource<V1Service & KubernetesObject>(kinds.Service).mergePatch({ namespace: fc.ns, name: 'web-stable' },
      { spec: { selector: { app: 'web', 'rollouts-pod-template-hash': 'aaa' } } });
    // A second ReplicaSet for revision 1 (I4).
    await sets.create({ ...replicaSet('web-bbb', 'bbb', '1', owner), metadata: { ...replicaSet('web-bbb', 'bbb', '1', owner).metadata, namespace: fc.ns } });
    const seen = await waitFor('every invariant to be reported', async () => {
      const kinds = new Set(fc.checker.violations.map((v) => /I\d/.exec(v)?.[0]));
      return ['I1', 'I2', 'I3', 'I4'].every((k) => kinds.has(k)) ? [...kinds].sort() : undefined;
    }, { timeoutMs: 15_000, describe: async () => fc.checker.violations });
    expect(seen).toEqual(['I1', 'I2', 'I3', 'I4']);
  });

  it('reports I5 when a measurement is recorded twice or not counted', async () => {
    const fc = (f = await FaultCase.open('fault-checker-i5', ['setWeight: 20']));
    const runs = fc.clients.resource<AnalysisRun & KubernetesObject>(kinds.AnalysisRun);
    const ref = { namespace: fc.ns, name: 'ledger' };
    await runs.create({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { ...ref },
      spec: { metrics: [{ name: 'm', provider: { web: { url: 'http://127.0.0.1:1/' } } }] },
    } as AnalysisRun & KubernetesObject);
    const m = (second: number, phase: string) => ({ phase, startedAt: `2026-12-03T10:00:0${second}Z`, finishedAt: `2026-12-03T10:00:0${second}Z` });
    const status = (measurements: object[], counters: object) => ({ status: { phase: 'Running', metricResults: [{ name: 'm', phase: 'Running', measurements, ...counters }] } });
    // Counted once: no violation.
    await runs.patchStatus(ref, status([m(1, 'Successful')], { count: 1, successful: 1 }));
    await waitFor('the first state seen', async () => fc.checker.timeline.some((t) => t.includes('analysisrun ledger phase=Running')));
    expect(fc.checker.violations).toEqual([]);
    // Recorded twice (and counted twice); then a measurement recorded but never counted.
    await runs.patchStatus(ref, status([m(1, 'Successful'), m(1, 'Successful')], { count: 2, successful: 2 }));
    await runs.patchStatus(ref, status([m(1, 'Successful'), m(1, 'Successful'), m(3, 'Error')], { count: 2, successful: 2 }));
    const seen = await waitFor('both I5 problems to be reported', async () => {
      const v = fc.checker.violations.filter((x) => x.includes('I5'));
      return v.some((x) => x.includes('recorded twice')) && v.some((x) => x.includes('1 Error measurement(s) appeared but error went from 0 to 0')) ? v : undefined;
    }, { timeoutMs: 15_000, describe: async () => fc.checker.violations });
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });
});
