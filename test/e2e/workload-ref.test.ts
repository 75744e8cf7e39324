// workloadRef end to end: a running 3-replica Deployment taken over by a Rollout with each
// scaleDown mode (the pods available counted at every state observed), an update made to the
// Deployment's template run as a canary and promoted, a Rollout with both a template and a
// workloadRef refused, a Rollout created before its Deployment, and examples/workload-ref.yaml.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { KubernetesObject, V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import type { Rollout } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

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

const DEPLOYMENT = (image = 'demo:1') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: '${image}'}]}
`;

const ROLLOUT = (scaleDown: string, extra = '') => `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 3
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web${scaleDown ? `, scaleDown: ${scaleDown}` : ''}}
  strategy:
    canary:
      steps: [{setWeight: 50}, {pause: {}}]
${extra}`;

async function namespace(prefix: string): Promise<string> {
  const ns = await createNamespace(c, prefix);
  namespaces.push(ns);
  return ns;
}

const deployments = () => clients.resource<V1Deployment & KubernetesObject>(kinds.Deployment);
const rollout = (ns: string) => clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get({ namespace: ns, name: 'web' });

/** Ready pods not being deleted, by owner: the Deployment's (pod-template-hash) and the Rollout's. */
async function availablePods(ns: string): Promise<{ deployment: number; rollout: number }> {
  const pods = await clients.resource<V1Pod>(kinds.Pod).list({ namespace: ns });
  const ready = pods.items.filter((p) => p.metadata?.deletionTimestamp === undefined
    && p.status?.conditions?.some((cond) => cond.type === 'Ready' && cond.status === 'True'));
  const byRollout = ready.filter((p) => p.metadata?.labels?.['rollouts-pod-template-hash'] !== undefined).length;
  return { deployment: ready.length - byRollout, rollout: byRollout };
}

async function rolloutSizes(ns: string): Promise<Record<string, number>> {
  const list = await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: ns });
  return Object.fromEntries(list.items.filter((rs) => rs.metadata?.labels?.['rollouts-pod-template-hash'] !== undefined)
    .map((rs) => [rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? '?', rs.spec?.replicas ?? 0]));
}

interface Observed { deploymentReplicas: number; deploymentPods: number; rolloutPods: number; phase?: string }

/** A running Deployment of 3, then the Rollout; every state seen until the Rollout is Healthy and the Deployment settled. */
async function takeOver(prefix: string, scaleDown: string, settled: (o: Observed) => boolean): Promise<{ ns: string; seen: Observed[] }> {
  const ns = await namespace(prefix);
  await apply(c, DEPLOYMENT(), ns);
  await waitFor('the Deployment to have 3 available pods', async () => (await availablePods(ns)).deployment === 3, { timeoutMs: 60_000 });
  controller = startControllerProcess(c.kubeconfigPath, ns);
  await apply(c, ROLLOUT(scaleDown), ns);
  const seen: Observed[] = [];
  await waitFor(`the takeover with scaleDown ${scaleDown || '(unset)'}`, async () => {
    // In this order: a Deployment seen drained was drained after the Healthy status it is compared with was written.
    const d = await deployments().get({ namespace: ns, name: 'web' });
    const pods = await availablePods(ns);
    const r = await rollout(ns);
    const o = { deploymentReplicas: d.spec?.replicas ?? 0, deploymentPods: pods.deployment, rolloutPods: pods.rollout, phase: r.status?.phase };
    seen.push(o);
    return r.status?.phase === 'Healthy' && settled(o);
  }, { timeoutMs: 90_000, intervalMs: 50, describe: async () => seen.slice(-5) });
  return { ns, seen };
}

describe('workloadRef: a Deployment taken over', () => {
  it('progressively: the Deployment shrinks as the Rollout\'s pods become available, never fewer than 3 available, and ends at 0', async () => {
    const { ns, seen } = await takeOver('wlr-prog', 'progressively', (o) => o.deploymentReplicas === 0 && o.deploymentPods === 0);
    for (const o of seen) expect(o.deploymentPods + o.rolloutPods, JSON.stringify(o)).toBeGreaterThanOrEqual(3);
    // It went down in steps, not at once: some state had pods of both.
    expect(seen.some((o) => o.deploymentPods > 0 && o.rolloutPods > 0)).toBe(true);
    // Scaling the Deployment is a new generation of it too: the Rollout records each one it sees.
    const { r, d } = await waitFor('the Deployment\'s generation recorded', async () => {
      const [x, y] = await Promise.all([rollout(ns), deployments().get({ namespace: ns, name: 'web' })]);
      return x.status?.workloadObservedGeneration === String(y.metadata?.generation) ? { r: x, d: y } : undefined;
    });
    expect(r.metadata?.annotations?.['rollout.argoproj.io/workload-generation']).toBe(String(d.metadata?.generation));
    expect(r.status?.selector).toBe('app=web');
    expect(d.spec?.template?.spec?.containers[0]?.image).toBe('demo:1');

    // An update is made to the Deployment's template: the Rollout runs it as a canary, the Deployment stays at 0.
    const image = JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'web', image: 'demo:2' }] } } } });
    await deployments().mergePatch({ namespace: ns, name: 'web' }, JSON.parse(image) as Partial<V1Deployment>);
    await waitFor('the canary paused at step 2 with 2 and 2', async () => {
      const x = await rollout(ns);
      return x.status?.phase === 'Paused' && x.status.currentStepIndex === 1 && JSON.stringify(await rolloutSizes(ns)) === JSON.stringify({ 1: 2, 2: 2 });
    }, { timeoutMs: 60_000, describe: async () => ({ status: (await rollout(ns)).status, sizes: await rolloutSizes(ns) }) });
    const paused = await rollout(ns);
    const updated = await deployments().get({ namespace: ns, name: 'web' });
    expect(paused.status?.workloadObservedGeneration).toBe(String(updated.metadata?.generation));
    expect(updated.spec?.replicas).toBe(0);
    expect(updated.spec?.template?.spec?.containers[0]?.image).toBe('demo:2');

    await actions.promote(clients, { namespace: ns, name: 'web' });
    await waitFor('the new revision Healthy at 3', async () => {
      const x = await rollout(ns);
      return x.status?.phase === 'Healthy' && x.status.stableRS === x.status.currentPodHash && JSON.stringify(await rolloutSizes(ns)) === JSON.stringify({ 1: 0, 2: 3 });
    }, { timeoutMs: 60_000, describe: async () => ({ status: (await rollout(ns)).status, sizes: await rolloutSizes(ns) }) });
    expect((await deployments().get({ namespace: ns, name: 'web' })).spec?.replicas).toBe(0);
  }, 240_000);

  it('onsuccess: the Deployment keeps its 3 pods until the Rollout is Healthy, then goes to 0', async () => {
    const { seen } = await takeOver('wlr-success', 'onsuccess', (o) => o.deploymentReplicas === 0);
    for (const o of seen.filter((x) => x.phase !== 'Healthy')) expect(o.deploymentReplicas, JSON.stringify(o)).toBe(3);
    for (const o of seen) expect(o.deploymentPods + o.rolloutPods, JSON.stringify(o)).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)?.deploymentReplicas).toBe(0);
  }, 180_000);

  it('never: the Deployment is left as it is', async () => {
    const { ns, seen } = await takeOver('wlr-never', '', (o) => o.rolloutPods === 3);
    expect(seen.every((o) => o.deploymentReplicas === 3)).toBe(true);
    // Looked at again after the Rollout is Healthy: still 3.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await deployments().get({ namespace: ns, name: 'web' })).spec?.replicas).toBe(3);
    // kanary get rollout shows the Deployment in the tree, with its replicas.
    const get = spawnSync(process.execPath, [new URL('../../bin/kanary.js', import.meta.url).pathname, '--kubeconfig', c.kubeconfigPath, '-n', ns, 'get', 'rollout', 'web'],
      { encoding: 'utf8' });
    expect(get.status, get.stderr).toBe(0);
    expect(get.stdout).toMatch(/├──⊡ web +Deployment +✔ Healthy +\S+ +workloadRef,scaleDown:never,ready:3\/3\n/);
    expect(get.stdout).toMatch(/Status: +✔ Healthy/);
  }, 180_000);
});

describe('workloadRef: refusals and a late Deployment', () => {
  it('a template beside the workloadRef is refused, naming both, and nothing is created', async () => {
    const ns = await namespace('wlr-both');
    await apply(c, DEPLOYMENT(), ns);
    controller = startControllerProcess(c.kubeconfigPath, ns);
    await apply(c, ROLLOUT('onsuccess', `  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: 'demo:1'}]}
`), ns);
    const r = await waitFor('InvalidSpec', async () => {
      const x = await rollout(ns);
      return x.status?.conditions?.find((cond) => cond.type === 'InvalidSpec' && cond.status === 'True') ? x : undefined;
    });
    const message = r.status?.conditions?.find((cond) => cond.type === 'InvalidSpec')?.message ?? '';
    expect(message).toContain('spec.template');
    expect(message).toContain('spec.workloadRef');
    expect(r.status?.phase).toBe('Degraded');
    expect(await rolloutSizes(ns)).toEqual({});
    expect((await deployments().get({ namespace: ns, name: 'web' })).spec?.replicas).toBe(3);
  }, 60_000);

  it('a Rollout created before its Deployment is held naming it, and continues when the Deployment appears', async () => {
    const ns = await namespace('wlr-late');
    controller = startControllerProcess(c.kubeconfigPath, ns);
    await apply(c, ROLLOUT('onsuccess'), ns);
    const held = await waitFor('the missing reference', async () => {
      const x = await rollout(ns);
      return x.status?.conditions?.find((cond) => cond.type === 'InvalidSpec' && cond.status === 'True') ? x : undefined;
    });
    expect(held.status?.message).toContain(`spec.workloadRef.name: Deployment "web" not found in namespace "${ns}"`);
    const created = Date.now();
    await apply(c, DEPLOYMENT(), ns);
    await waitFor('the Rollout Healthy with the Deployment at 0', async () => {
      const x = await rollout(ns);
      const d = await deployments().get({ namespace: ns, name: 'web' });
      return x.status?.phase === 'Healthy' && d.spec?.replicas === 0
        && !x.status.conditions?.some((cond) => cond.type === 'InvalidSpec');
    }, { timeoutMs: 60_000, describe: async () => (await rollout(ns)).status });
    // Woken by the Deployment's arrival, not by the 10 s recheck of a missing reference alone.
    expect(Date.now() - created).toBeLessThan(30_000);
  }, 90_000);
});

describe('examples/workload-ref.yaml', () => {
  it('runs as written: the Rollout Healthy with 3 pods, the Deployment drained to 0', async () => {
    const ns = await namespace('wlr-example');
    controller = startControllerProcess(c.kubeconfigPath, ns);
    await apply(c, readFileSync(new URL('../../examples/workload-ref.yaml', import.meta.url), 'utf8'), ns);
    await waitFor('the example Healthy', async () => {
      const [r, d] = await Promise.all([
        clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get({ namespace: ns, name: 'workload-ref' }),
        deployments().get({ namespace: ns, name: 'workload-ref' }),
      ]);
      return r.status?.phase === 'Healthy' && r.status.availableReplicas === 3 && d.spec?.replicas === 0;
    }, { timeoutMs: 60_000 });
  }, 90_000);
});
