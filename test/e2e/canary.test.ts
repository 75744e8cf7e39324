// The canary strategy end to end: the real controller binary against the real API server.
// A 5-replica Rollout walks setWeight 20 / pause / 40 / pause 2s / 60 / 80 with the ReplicaSet
// sizes and Service selectors checked at every step; promote, promote --full, abort and retry,
// undo, a new image mid-canary, a changed steps list, an invalid spec, a controller killed
// in the middle of a timed pause, and a Rollout taken over mid-update from Argo Rollouts.
import { readFileSync } from 'node:fs';
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import type { Rollout } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { SMOKE_TEMPLATE } from './smoke-template.js';
import { webRollout } from './web-rollout.js';

let c: Cluster;
let clients: KubeClients;
let controller: ControllerProcess | undefined;
const namespaces: string[] = [];

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
  for (const ns of namespaces) await deleteNamespace(c, ns);
});

const STEPS = ['setWeight: 20', 'pause: {}', 'setWeight: 40', 'pause: {duration: 2s}', 'setWeight: 60', 'setWeight: 80'];

function manifests(steps: readonly string[] = STEPS, image = 'demo:1') {
  return webRollout({ steps, image, services: true, revisionHistoryLimit: 3 });
}

async function setup(prefix: string, yaml = manifests()): Promise<string> {
  const ns = await createNamespace(c, prefix);
  namespaces.push(ns);
  await apply(c, yaml, ns);
  controller = startControllerProcess(c.kubeconfigPath, ns);
  return ns;
}

async function rollout(ns: string): Promise<Rollout> {
  return clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get({ namespace: ns, name: 'web' });
}

/** ReplicaSet sizes by revision: {1: 4, 2: 1}. */
async function sizes(ns: string): Promise<Record<string, number>> {
  const list = await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: ns });
  return Object.fromEntries(list.items.map((rs) => [rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? '?', rs.spec?.replicas ?? 0]));
}

async function selector(ns: string, service: string): Promise<string | undefined> {
  const svc = await c.core.readNamespacedService({ name: service, namespace: ns });
  return svc.spec?.selector?.['rollouts-pod-template-hash'];
}

async function describe_(ns: string) {
  const r = await rollout(ns);
  return { sizes: await sizes(ns), phase: r.status?.phase, message: r.status?.message, step: r.status?.currentStepIndex, conditions: r.status?.conditions };
}

/** Waits until the Rollout is in `phase` with the ReplicaSets at `want` (and, if given, at step `step`). */
async function reach(ns: string, phase: string, want: Record<string, number>, step?: number, timeoutMs = 60_000): Promise<Rollout> {
  return waitFor(`rollout web ${phase} with ${JSON.stringify(want)}${step !== undefined ? ` at step ${step}` : ''}`, async () => {
    const r = await rollout(ns);
    const s = await sizes(ns);
    const ok = r.status?.phase === phase && JSON.stringify(s) === JSON.stringify(want) && (step === undefined || r.status?.currentStepIndex === step)
      && r.status?.observedGeneration === String(r.metadata?.generation);
    return ok ? r : undefined;
  }, { timeoutMs, describe: () => describe_(ns) });
}

const ref = (ns: string) => ({ namespace: ns, name: 'web' });

describe('canary without traffic routing, on the local control plane', () => {
  it('walks every step with the right ReplicaSet sizes and Service selectors', async () => {
    const ns = await setup('canary-steps');
    const first = await reach(ns, 'Healthy', { 1: 5 });
    const stable = first.status?.stableRS;
    expect(await selector(ns, 'web-stable')).toBe(stable);

    await actions.setImage(clients, ref(ns), 'web', 'demo:2');
    const paused = await reach(ns, 'Paused', { 1: 4, 2: 1 }, 1);
    const canaryHash = paused.status?.currentPodHash;
    expect(paused.status?.pauseConditions?.[0]?.reason).toBe('CanaryPauseStep');
    expect(await selector(ns, 'web-stable')).toBe(stable);
    await waitFor('canary Service on the canary pods', async () => (await selector(ns, 'web-canary')) === canaryHash);

    expect(await actions.promote(clients, ref(ns))).toBe('skipped-pause');
    await reach(ns, 'Paused', { 1: 3, 2: 2 }, 3);
    // The 2 s pause ends on its own; 60 and 80 follow, then the canary becomes stable.
    const done = await reach(ns, 'Healthy', { 1: 0, 2: 5 }, 6);
    expect(done.status?.stableRS).toBe(canaryHash);
    expect(await selector(ns, 'web-stable')).toBe(canaryHash);
    expect(await selector(ns, 'web-canary')).toBe(canaryHash);
    const events = await c.core.listNamespacedEvent({ namespace: ns });
    const reasons = new Set(events.items.map((e) => e.reason));
    for (const reason of ['RolloutUpdated', 'RolloutStepCompleted', 'RolloutPaused', 'RolloutCompleted', 'ScalingReplicaSet']) expect(reasons).toContain(reason);
  });

  it('promote --full skips every remaining step', async () => {
    const ns = await setup('canary-full');
    await reach(ns, 'Healthy', { 1: 5 });
    await actions.setImage(clients, ref(ns), 'web', 'demo:2');
    await reach(ns, 'Paused', { 1: 4, 2: 1 }, 1);
    expect(await actions.promote(clients, ref(ns), { full: true })).toBe('promoted-full');
    const r = await reach(ns, 'Healthy', { 1: 0, 2: 5 });
    expect(r.status?.promoteFull).toBeUndefined();
  });

  it('abort returns to the stable version; retry starts the update again', async () => {
    const ns = await setup('canary-abort');
    await reach(ns, 'Healthy', { 1: 5 });
    await actions.setImage(clients, ref(ns), 'web', 'demo:2');
    await reach(ns, 'Paused', { 1: 4, 2: 1 }, 1);
    await actions.abort(clients, ref(ns));
    const aborted = await reach(ns, 'Degraded', { 1: 5, 2: 0 });
    expect(aborted.status?.message).toBe('RolloutAborted: Rollout aborted update to revision 2');
    expect(await selector(ns, 'web-canary')).toBe(aborted.status?.stableRS);
    await expect(actions.promote(clients, ref(ns))).rejects.toThrow(/aborted: run retry/);
    await actions.retry(clients, ref(ns));
    await reach(ns, 'Paused', { 1: 4, 2: 1 }, 1);
  });

  it('undo goes back to the stable revision without steps; a new image mid-canary supersedes the canary', async () => {
    const ns = await setup('canary-undo');
    await reach(ns, 'Healthy', { 1: 5 });
    await actions.setImage(clients, ref(ns), 'web', 'demo:2');
    await reach(ns, 'Paused', { 1: 4, 2: 1 }, 1);
    await actions.setImage(clients, ref(ns), 'web', 'demo:3');
    await reach(ns, 'Paused', { 1: 4, 2: 0, 3: 1 }, 1);
    expect(await actions.undo(clients, ref(ns), 1)).toBe(1);
    // Revision 1 comes back as revision 4, with no new ReplicaSet and no steps.
    await reach(ns, 'Healthy', { 2: 0, 3: 0, 4: 5 });
  });

  it('a changed steps list restarts at step 1', async () => {
    const ns = await setup('canary-steps-change');
    await reach(ns, 'Healthy', { 1: 5 });
    await actions.setImage(clients, ref(ns), 'web', 'demo:2');
    await reach(ns, 'Paused', { 1: 4, 2: 1 }, 1);
    await actions.promote(clients, ref(ns));
    await reach(ns, 'Paused', { 1: 3, 2: 2 }, 3);
    const r = await rollout(ns);
    await clients.resource<Rollout & KubernetesObject>(kinds.Rollout).mergePatch(ref(ns), {
      metadata: { resourceVersion: r.metadata?.resourceVersion },
      spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } } },
    });
    await reach(ns, 'Paused', { 1: 4, 2: 1 }, 1);
  });

  it('an invalid spec is reported with every problem and changes no ReplicaSet', async () => {
    const ns = await setup('canary-invalid');
    await reach(ns, 'Healthy', { 1: 5 });
    const r = await rollout(ns);
    await clients.resource<Rollout & KubernetesObject>(kinds.Rollout).mergePatch(ref(ns), {
      metadata: { resourceVersion: r.metadata?.resourceVersion },
      spec: { strategy: { canary: { maxSurge: 0, maxUnavailable: 0, stableService: 'missing-svc' } }, template: { spec: { containers: [{ name: 'web', image: 'demo:9' }] } } },
    });
    const bad = await waitFor('InvalidSpec', async () => {
      const x = await rollout(ns);
      return x.status?.conditions?.find((cond) => cond.type === 'InvalidSpec' && cond.status === 'True') ? x : undefined;
    }, { describe: () => describe_(ns) });
    expect(bad.status?.phase).toBe('Degraded');
    expect(bad.status?.message).toContain('maxUnavailable');
    expect(bad.status?.message).toContain('spec.strategy.canary.stableService: Service "missing-svc" not found');
    expect(await sizes(ns)).toEqual({ 1: 5 });
  });

  it('restart replaces every pod, one at a time, through the Eviction API (a PodDisruptionBudget can hold it)', async () => {
    const ns = await setup('canary-restart');
    await reach(ns, 'Healthy', { 1: 5 });
    const podNames = async () => (await c.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' })).items
      .filter((p) => !p.metadata?.deletionTimestamp).map((p) => p.metadata?.name ?? '');
    const before = await podNames();
    // A budget that allows no disruption: the restart waits.
    await apply(c, 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 5, selector: {matchLabels: {app: web}}}\n', ns);
    await waitFor('the budget to be observed', async () => {
      const pdb = await c.kc.makeApiClient((await import('@kubernetes/client-node')).PolicyV1Api).readNamespacedPodDisruptionBudget({ name: 'web', namespace: ns });
      return pdb.status?.observedGeneration === pdb.metadata?.generation && pdb.status?.expectedPods === 5;
    });
    const at = await actions.restart(clients, ref(ns), new Date(Date.now() + 1000));
    await new Promise((r) => setTimeout(r, 4000));
    expect((await rollout(ns)).status?.restartedAt).toBeUndefined();
    expect((await podNames()).sort()).toEqual(before.sort());
    // Without the budget every old pod goes, and the restart is recorded.
    await c.kc.makeApiClient((await import('@kubernetes/client-node')).PolicyV1Api).deleteNamespacedPodDisruptionBudget({ name: 'web', namespace: ns });
    const done = await waitFor('restartedAt recorded', async () => {
      const r = await rollout(ns);
      return r.status?.restartedAt === at && r.status.phase === 'Healthy' ? r : undefined;
    }, { timeoutMs: 60_000, describe: () => describe_(ns) });
    expect(done.status?.restartedAt).toBe(at);
    const after = await podNames();
    expect(after).toHaveLength(5);
    expect(after.filter((n) => before.includes(n))).toEqual([]);
  });

  it('a controller killed in a timed pause resumes at the same step, with the same start time and no extra ReplicaSet', async () => {
    const ns = await setup('canary-crash', manifests(['setWeight: 20', 'pause: {duration: 8s}', 'setWeight: 60']));
    await reach(ns, 'Healthy', { 1: 5 });
    await actions.setImage(clients, ref(ns), 'web', 'demo:2');
    const paused = await reach(ns, 'Paused', { 1: 4, 2: 1 }, 1);
    const startTime = paused.status?.pauseConditions?.[0]?.startTime;
    await controller!.kill();
    controller = startControllerProcess(c.kubeconfigPath, ns);
    await new Promise((r) => setTimeout(r, 1500));
    const again = await rollout(ns);
    expect(again.status?.currentStepIndex).toBe(1);
    expect(again.status?.pauseConditions?.[0]?.startTime).toBe(startTime);
    expect(Object.keys(await sizes(ns))).toEqual(['1', '2']);
    await reach(ns, 'Healthy', { 1: 0, 2: 5 }, 3);
  });

  it('takes over a Rollout that Argo Rollouts left paused mid-update: same step, same pause, same ReplicaSets', async () => {
    // The state Argo's controller leaves at step 1 of these steps: its ReplicaSets (named by its
    // own pod-template hashes), and a status carrying the step hash its code computes for them.
    const argo = (JSON.parse(readFileSync(new URL('../fixtures/argo-step-hash/vectors.json', import.meta.url), 'utf8')) as { source: string; argoHash: string }[])
      .find((v) => v.source === 'the e2e hand-over from Argo Rollouts')!;
    const ns = await createNamespace(c, 'canary-takeover');
    namespaces.push(ns);
    await apply(c, `
${SMOKE_TEMPLATE}
---
${webRollout({ image: 'demo:2', steps: ['setWeight: 20', 'pause: {}', 'analysis: {templates: [{templateName: smoke}]}', 'setWeight: 60'] })}
`, ns);
    const r = await rollout(ns);
    const owner = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: r.metadata!.uid!, controller: true, blockOwnerDeletion: true };
    const argoSet = (hash: string, image: string, revision: number, replicas: number): V1ReplicaSet => ({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: `web-${hash}`, namespace: ns, labels: { app: 'web', 'rollouts-pod-template-hash': hash },
        annotations: { 'rollout.argoproj.io/revision': String(revision) }, ownerReferences: [owner] },
      spec: { replicas, selector: { matchLabels: { app: 'web', 'rollouts-pod-template-hash': hash } },
        template: { metadata: { labels: { app: 'web', 'rollouts-pod-template-hash': hash } }, spec: { containers: [{ name: 'web', image }] } } },
    });
    await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).create(argoSet('6d8f7b9c5', 'demo:1', 1, 4));
    await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).create(argoSet('7f5c9d8b4', 'demo:2', 2, 1));
    const startTime = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await clients.resource<Rollout & KubernetesObject>(kinds.Rollout).patchStatus(ref(ns), { status: {
      currentPodHash: '7f5c9d8b4', stableRS: '6d8f7b9c5', currentStepIndex: 1, currentStepHash: argo.argoHash,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime }], controllerPause: true, phase: 'Paused',
    } });

    controller = startControllerProcess(c.kubeconfigPath, ns);
    const taken = await reach(ns, 'Paused', { 1: 4, 2: 1 }, 1);
    expect(taken.status).toMatchObject({ currentPodHash: '7f5c9d8b4', stableRS: '6d8f7b9c5', currentStepHash: argo.argoHash });
    expect(taken.status?.pauseConditions).toEqual([{ reason: 'CanaryPauseStep', startTime }]);
    const names = (await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: ns })).items.map((rs) => rs.metadata?.name).sort();
    expect(names).toEqual(['web-6d8f7b9c5', 'web-7f5c9d8b4']);

    // It carries on from there: the analysis step runs under Argo's name for it, then the rest.
    expect(await actions.promote(clients, ref(ns))).toBe('skipped-pause');
    await waitFor('the analysis run of step 2', async () => (await clients.resource<KubernetesObject>(kinds.AnalysisRun).list({ namespace: ns }))
      .items.some((run) => run.metadata?.name === 'web-7f5c9d8b4-2-2'));
    const done = await reach(ns, 'Healthy', { 1: 0, 2: 5 }, 4);
    expect(done.status?.stableRS).toBe('7f5c9d8b4');
  });
});
