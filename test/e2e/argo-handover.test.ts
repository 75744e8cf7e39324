// Hand-over between Argo Rollouts' own controller (built from hack/argo) and Kanary on the local
// control plane, in both directions, mid-update: paused at a step with a background AnalysisRun
// measuring. The controller that takes over continues from the same step with the same
// ReplicaSets, the same pods and the same AnalysisRun, and a promote finishes the update.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubernetesObject, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import type { AnalysisRun, Rollout } from '../../src/api/types.js';
import { rolloutFixture } from '../../src/api/rollout-fixture.test-support.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { startArgoController, type ArgoProcess } from './argo-process.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

let c: Cluster;
let clients: KubeClients;
let metricServer: http.Server;
let metricUrl: string;
const running: (ArgoProcess | ControllerProcess)[] = [];
const namespaces: string[] = [];

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  // The web metric both controllers measure: always healthy, so the run stays Running.
  metricServer = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok": true}'));
  await new Promise<void>((r) => metricServer.listen(0, '127.0.0.1', () => r()));
  metricUrl = `http://127.0.0.1:${(metricServer.address() as AddressInfo).port}/`;
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') for (const p of running) console.error(`controller log:\n${p.log().slice(-6000)}`);
  for (const p of running.splice(0)) await p.stop();
});
afterAll(async () => {
  for (const ns of namespaces) await deleteNamespace(c, ns);
  await new Promise<void>((r) => metricServer.close(() => r()));
});

function template(name: string, count?: number, labels: Record<string, string> = {}): string {
  return `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: ${name}, labels: ${JSON.stringify(labels)}}
spec:
  metrics:
  - name: alive
    interval: 2s
    ${count !== undefined ? `count: ${count}` : ''}
    successCondition: result == true
    provider:
      web: {url: "${metricUrl}", jsonPath: "{$.ok}"}
`;
}

/** 5 replicas; setWeight 20, pause, setWeight 60; a background run from the pause on. */
function pausedCanary(name = 'web', labels: Record<string, string> = {}): string {
  return stringify(rolloutFixture({
    name, replicas: 5, image: `${name}:1`, metadata: { labels },
    steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }],
    canary: { analysis: { templates: [{ templateName: 'alive' }], startingStep: 1 } },
  }));
}

const ref = (ns: string, name = 'web') => ({ namespace: ns, name });
const rollout = (ns: string, name = 'web') => clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get(ref(ns, name));
const runs = async (ns: string) => (await clients.resource<AnalysisRun & KubernetesObject>(kinds.AnalysisRun).list({ namespace: ns })).items;

/** Everything a hand-over must leave alone: ReplicaSets, pods and AnalysisRuns by name and uid. */
async function identities(ns: string) {
  const sets = (await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: ns })).items;
  const pods = (await clients.resource<V1Pod>(kinds.Pod).list({ namespace: ns })).items.filter((p) => !p.metadata?.deletionTimestamp);
  const byName = (items: KubernetesObject[]) => Object.fromEntries(items.map((o) => [o.metadata?.name ?? '', o.metadata?.uid ?? '']));
  return { replicaSets: byName(sets), pods: byName(pods), analysisRuns: byName(await runs(ns)) };
}

async function sizes(ns: string): Promise<Record<string, number>> {
  const sets = (await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: ns })).items;
  return Object.fromEntries(sets.map((rs) => [rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? '?', rs.spec?.replicas ?? 0]));
}

async function describeState(ns: string, name = 'web') {
  const r = await rollout(ns, name);
  return { status: r.status, sizes: await sizes(ns), runs: (await runs(ns)).map((a) => ({ name: a.metadata?.name, phase: a.status?.phase,
    measurements: a.status?.metricResults?.[0]?.measurements?.length })) };
}

/** Paused at step 1 with 1 of 5 on the canary, and the background run Running with `measured` measurements or more. */
async function pausedWithRunningAnalysis(ns: string, measured: number): Promise<AnalysisRun> {
  return waitFor(`web paused at step 1 with a background run of ${measured}+ measurements`, async () => {
    const r = await rollout(ns);
    const [run, ...more] = await runs(ns);
    const count = run?.status?.metricResults?.[0]?.measurements?.length ?? 0;
    const ok = r.status?.currentStepIndex === 1 && r.status?.pauseConditions?.length === 1 && more.length === 0
      && JSON.stringify(await sizes(ns)) === JSON.stringify({ 1: 4, 2: 1 }) && run?.status?.phase === 'Running' && count >= measured;
    return ok ? run : undefined;
  }, { timeoutMs: 90_000, describe: () => describeState(ns) });
}

async function healthyOn(ns: string, image: string, name = 'web'): Promise<Rollout> {
  return waitFor(`${name} Healthy on ${image}`, async () => {
    const r = await rollout(ns, name);
    const ok = r.status?.phase === 'Healthy' && r.status?.observedGeneration === String(r.metadata?.generation)
      && (r.spec?.template as { spec?: { containers?: { image?: string }[] } } | undefined)?.spec?.containers?.[0]?.image === image && r.status?.stableRS === r.status?.currentPodHash
      && r.status?.availableReplicas === 5 && r.status?.updatedReplicas === 5;
    return ok ? r : undefined;
  }, { timeoutMs: 90_000, describe: () => describeState(ns, name) });
}

type Start = (ns: string) => Promise<ArgoProcess | ControllerProcess>;
const argo: Start = async (ns) => startArgoController(c.kubeconfigPath, ns);
const kanary: Start = async (ns) => startControllerProcess(c.kubeconfigPath, ns);

/** One controller runs the update to the pause with a run measuring; the other takes over and finishes it. */
async function handOver(prefix: string, first: Start, second: Start): Promise<void> {
  const ns = await createNamespace(c, prefix);
  namespaces.push(ns);
  await apply(c, `${template('alive')}\n---\n${pausedCanary()}`, ns);
  const before = await first(ns);
  running.push(before);
  await healthyOn(ns, 'web:1');
  await actions.setImage(clients, ref(ns), 'web', 'web:2');
  const run = await pausedWithRunningAnalysis(ns, 2);
  const paused = await rollout(ns);
  await before.stop();
  running.splice(running.indexOf(before), 1);
  const handed = await identities(ns);
  expect(Object.keys(handed.replicaSets)).toHaveLength(2);
  expect(Object.keys(handed.pods)).toHaveLength(5);
  expect(Object.keys(handed.analysisRuns)).toEqual([run.metadata?.name]);

  const after = await second(ns);
  running.push(after);
  // The new controller measures the same run: more measurements on it, and no other run.
  const measured = run.status?.metricResults?.[0]?.measurements?.length ?? 0;
  await pausedWithRunningAnalysis(ns, measured + 2);
  const taken = await rollout(ns);
  expect(taken.status).toMatchObject({
    currentPodHash: paused.status?.currentPodHash, stableRS: paused.status?.stableRS,
    currentStepHash: paused.status?.currentStepHash, currentStepIndex: 1,
    canary: { currentBackgroundAnalysisRunStatus: { name: run.metadata?.name } },
  });
  expect(taken.status?.pauseConditions?.[0]?.startTime).toBe(paused.status?.pauseConditions?.[0]?.startTime);
  expect(await identities(ns)).toEqual(handed);

  // A promote finishes the update with the same ReplicaSets; the run ends with the rollout.
  await actions.promote(clients, ref(ns));
  const done = await healthyOn(ns, 'web:2');
  expect(done.status?.stableRS).toBe(paused.status?.currentPodHash);
  const end = await identities(ns);
  expect(end.replicaSets).toEqual(handed.replicaSets);
  expect(end.analysisRuns).toEqual(handed.analysisRuns);
  // The canary's pod kept running through both controllers.
  const canaryPods = Object.keys(handed.pods).filter((p) => p.startsWith(`web-${paused.status?.currentPodHash}-`));
  expect(canaryPods).toHaveLength(1);
  for (const p of canaryPods) expect(end.pods[p]).toBe(handed.pods[p]);
  await waitFor('the background run to end Successful', async () => (await runs(ns))[0]?.status?.phase === 'Successful',
    { timeoutMs: 60_000, describe: () => describeState(ns) });
}

describe('hand-over with Argo Rollouts itself', () => {
  it('Argo Rollouts -> Kanary mid-update: same step, ReplicaSets, pods and AnalysisRun; a promote finishes', async () => {
    await handOver('argo-to-kanary', argo, kanary);
  }, 300_000);

  it('Kanary -> Argo Rollouts mid-update: the same in the other direction', async () => {
    await handOver('kanary-to-argo', kanary, argo);
  }, 300_000);
});

/** The field managers that wrote to an object (the user agents' program names). */
function managers(o: KubernetesObject): string[] {
  return [...new Set((o.metadata?.managedFields ?? []).map((f) => f.manager ?? ''))].sort();
}

describe('side by side with Argo Rollouts itself', () => {
  it('both at once with different --instance-id: each runs its own Rollout and touches nothing of the other', async () => {
    const ns = await createNamespace(c, 'argo-beside-kanary');
    namespaces.push(ns);
    const label = (id: string) => ({ 'argo-rollouts.argoproj.io/controller-instance-id': id });
    // Each Rollout has an analysis step, so each controller also measures its own AnalysisRun. Argo
    // reads only templates with its label, so each Rollout has its own.
    const withAnalysis = (name: string, id: string) => `${template(`once-${id}`, 1, label(id))}\n---\n${stringify(rolloutFixture({
      name, replicas: 5, image: `${name}:1`, metadata: { labels: label(id) },
      steps: [{ setWeight: 40 }, { analysis: { templates: [{ templateName: `once-${id}` }] } }, { setWeight: 80 }],
    }))}`;
    await apply(c, `${withAnalysis('blue', 'argo')}\n---\n${withAnalysis('green', 'kanary')}`, ns);
    running.push(await startArgoController(c.kubeconfigPath, ns, ['--instance-id', 'argo']));
    running.push(startControllerProcess(c.kubeconfigPath, ns, ['--instance-id', 'kanary']));
    await healthyOn(ns, 'blue:1', 'blue');
    await healthyOn(ns, 'green:1', 'green');
    await actions.setImage(clients, ref(ns, 'blue'), 'blue', 'blue:2');
    await actions.setImage(clients, ref(ns, 'green'), 'green', 'green:2');
    await healthyOn(ns, 'blue:2', 'blue');
    await healthyOn(ns, 'green:2', 'green');

    const owned = async (name: string) => {
      const sets = (await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: ns, labelSelector: `app=${name}` })).items;
      const ars = (await runs(ns)).filter((a) => a.metadata?.name?.startsWith(`${name}-`));
      return { rollout: await rollout(ns, name), sets, runs: ars };
    };
    const blue = await owned('blue');
    const green = await owned('green');
    expect(blue.runs).toHaveLength(1);
    expect(green.runs).toHaveLength(1);
    // The runs carry their Rollout's instance label, and each finished under its own controller.
    expect(blue.runs[0]?.metadata?.labels).toMatchObject(label('argo'));
    expect(green.runs[0]?.metadata?.labels).toMatchObject(label('kanary'));
    for (const o of [blue.rollout, ...blue.sets, ...blue.runs]) {
      expect(managers(o), `${o.kind} ${o.metadata?.name}`).not.toContain('kanary-controller');
    }
    for (const o of [green.rollout, ...green.sets, ...green.runs]) {
      expect(managers(o), `${o.kind} ${o.metadata?.name}`).not.toContain('rollouts-controller');
    }
    expect(blue.sets.flatMap(managers)).toContain('rollouts-controller');
    expect(green.sets.flatMap(managers)).toContain('kanary-controller');
  }, 300_000);
});
