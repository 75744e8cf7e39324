// A Rollout whose selector uses matchExpressions, next to a ReplicaSet that its matchLabels alone
// would select: the controller neither adopts nor scales the stranger through a whole update,
// and the read side (what `kanary get` and the dashboard show) lists only the Rollout's objects.
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import type { Rollout } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { fetchRolloutView } from '../../src/read/fetch-rollout.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';

// The stranger: an orphan ReplicaSet left by another Rollout (it has a pod-template-hash), labelled
// app=web like this Rollout's pods, but track=legacy.
const MANIFESTS = `
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: legacy, labels: {app: web, track: legacy, rollouts-pod-template-hash: legacy1}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web, track: legacy, rollouts-pod-template-hash: legacy1}}
  template:
    metadata: {labels: {app: web, track: legacy, rollouts-pod-template-hash: legacy1}}
    spec: {containers: [{name: web, image: "demo:legacy"}]}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 4
  selector:
    matchLabels: {app: web}
    matchExpressions:
    - {key: track, operator: In, values: [prod, canary]}
    - {key: legacy, operator: DoesNotExist}
  template:
    metadata: {labels: {app: web, track: prod}}
    spec: {containers: [{name: web, image: "demo:1"}]}
  strategy:
    canary:
      steps:
      - setWeight: 50
      - pause: {}
`;

let c: Cluster;
let clients: KubeClients;
let controller: ControllerProcess | undefined;
let ns: string | undefined;

beforeAll(() => {
  c = connect();
  clients = createKubeClients(c.kc);
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-6000)}`);
  await controller?.stop();
  controller = undefined;
});
afterAll(async () => {
  if (ns) await deleteNamespace(c, ns);
});

async function replicaSets(namespace: string): Promise<V1ReplicaSet[]> {
  return (await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace })).items;
}

/** Sizes by revision annotation, the stranger under its name. */
async function sizes(namespace: string): Promise<Record<string, number>> {
  const sets = await replicaSets(namespace);
  return Object.fromEntries(sets.map((rs) => [rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? rs.metadata?.name ?? '?', rs.spec?.replicas ?? 0]));
}

async function reach(namespace: string, phase: string, want: Record<string, number>): Promise<Rollout> {
  return waitFor(`rollout web ${phase} with ${JSON.stringify(want)}`, async () => {
    const r = await clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get({ namespace, name: 'web' });
    const s = await sizes(namespace);
    const same = JSON.stringify(Object.entries(s).sort()) === JSON.stringify(Object.entries(want).sort());
    return r.status?.phase === phase && same && r.status?.observedGeneration === String(r.metadata?.generation) ? r : undefined;
  }, { timeoutMs: 60_000, describe: async () => ({ sizes: await sizes(namespace) }) });
}

async function expectStrangerUntouched(namespace: string): Promise<void> {
  const legacy = (await replicaSets(namespace)).find((rs) => rs.metadata?.name === 'legacy');
  expect(legacy?.metadata?.ownerReferences ?? []).toEqual([]);
  expect(legacy?.spec?.replicas).toBe(1);
}

describe('a Rollout selecting with matchExpressions, on the local control plane', () => {
  it('goes through an update without touching a ReplicaSet only its matchLabels would select', async () => {
    ns = await createNamespace(c, 'selector-expr');
    await apply(c, MANIFESTS, ns);
    controller = startControllerProcess(c.kubeconfigPath, ns);
    const ref = { namespace: ns, name: 'web' };

    const first = await reach(ns, 'Healthy', { 1: 4, legacy: 1 });
    expect(first.status?.selector).toBe('app=web,track in (canary,prod),!legacy');
    await expectStrangerUntouched(ns);

    await actions.setImage(clients, ref, 'web', 'demo:2');
    await reach(ns, 'Paused', { 1: 2, 2: 2, legacy: 1 });
    await expectStrangerUntouched(ns);

    // The read side lists by the whole selector: the stranger and its pod are not in the view.
    const view = await fetchRolloutView(clients, ref);
    expect(view.replicaSets.map((rs) => rs.metadata?.name).sort()).not.toContain('legacy');
    expect(view.replicaSets).toHaveLength(2);
    expect(view.pods.every((p) => p.metadata?.labels?.['track'] === 'prod')).toBe(true);

    await actions.promote(clients, ref);
    const done = await reach(ns, 'Healthy', { 1: 0, 2: 4, legacy: 1 });
    expect(done.status?.stableRS).toBe(done.status?.currentPodHash);
    await expectStrangerUntouched(ns);
  });
});
