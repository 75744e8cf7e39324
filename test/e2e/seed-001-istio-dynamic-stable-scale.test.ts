// Seed 001 verbatim: an Istio canary with maxSurge 33%, dynamicStableScale and setCanaryScale
// matchTrafficWeight, against Istio's real VirtualService CRD. The VirtualService weights and
// the ReplicaSet sizes are checked at every step, and after promote --full.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { rolloutNamed, routeWeights, sizes } from './traffic-routing.js';
import { installUpstreamCrds } from './upstream-crds.js';

const SEED = readFileSync(new URL('../../examples/seeds/seed-001-canary-istio-dynamic-stable-scale.yaml', import.meta.url), 'utf8');

let c: Cluster;
let clients: KubeClients;
let controller: ControllerProcess | undefined;
const namespaces: string[] = [];

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  await installUpstreamCrds(c.kc);
}, 120_000);
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-8000)}`);
  await controller?.stop();
  controller = undefined;
});
afterAll(async () => {
  for (const ns of namespaces) await deleteNamespace(c, ns);
});

interface Expected { phase: string; step?: number; sizes: Record<string, number>; weights: Record<string, number> }

/** Waits until the Rollout, its ReplicaSets and the VirtualService all show `want`. */
async function reach(ns: string, want: Expected, timeoutMs = 60_000) {
  const observe = async () => {
    const r = await rolloutNamed(clients, ns, 'my-app');
    return {
      phase: r.status?.phase, step: r.status?.currentStepIndex, sizes: await sizes(clients, ns),
      weights: await routeWeights(clients, ns, 'my-app', 'http-my-app-primary'), status: r.status?.canary?.weights, message: r.status?.message,
    };
  };
  return waitFor(`${JSON.stringify(want)}`, async () => {
    const seen = await observe();
    const ok = seen.phase === want.phase && (want.step === undefined || seen.step === want.step)
      && JSON.stringify(seen.sizes) === JSON.stringify(want.sizes) && JSON.stringify(seen.weights) === JSON.stringify(want.weights);
    return ok ? seen : undefined;
  }, { timeoutMs, describe: observe });
}

describe('seed 001: Istio, dynamicStableScale, setCanaryScale matchTrafficWeight', () => {
  it('moves the VirtualService weights and the ReplicaSet sizes together at every step, then promote --full ends at 100/0 on the new version', async () => {
    const ns = await createNamespace(c, 'seed-001');
    namespaces.push(ns);
    await apply(c, SEED, ns);
    controller = startControllerProcess(c.kubeconfigPath, ns);
    const ref = { namespace: ns, name: 'my-app' };

    await reach(ns, { phase: 'Healthy', sizes: { 1: 3 }, weights: { 'my-app-stable': 100, 'my-app-canary': 0 } });
    await actions.setImage(clients, ref, 'my-app', 'argoproj/rollouts-demo:yellow');

    // setCanaryScale matchTrafficWeight at weight 0: no canary pod yet; paused 60 s.
    await reach(ns, { phase: 'Paused', step: 1, sizes: { 1: 3, 2: 0 }, weights: { 'my-app-stable': 100, 'my-app-canary': 0 } });
    expect(await actions.promote(clients, ref)).toBe('skipped-pause');
    // setWeight 34: 2 canary pods (ceil 1.02), then 34% of the traffic, then the stable down to 2 (ceil 1.98).
    const at34 = await reach(ns, { phase: 'Paused', step: 4, sizes: { 1: 2, 2: 2 }, weights: { 'my-app-stable': 66, 'my-app-canary': 34 } });
    expect(at34.status).toMatchObject({ canary: { weight: 34, serviceName: 'my-app-canary' }, stable: { weight: 66, serviceName: 'my-app-stable' } });

    expect(await actions.promote(clients, ref)).toBe('skipped-pause');
    // setWeight 67: 3 canary pods (ceil 2.01), 67%, the stable down to 1 (ceil 0.99).
    await reach(ns, { phase: 'Paused', step: 7, sizes: { 1: 1, 2: 3 }, weights: { 'my-app-stable': 33, 'my-app-canary': 67 } });

    expect(await actions.promote(clients, ref, { full: true })).toBe('promoted-full');
    const done = await reach(ns, { phase: 'Healthy', sizes: { 1: 0, 2: 3 }, weights: { 'my-app-stable': 100, 'my-app-canary': 0 } });
    const r = await rolloutNamed(clients, ns, 'my-app');
    expect(done.status?.stable.podTemplateHash).toBe(r.status?.stableRS);
    const stableSvc = await c.core.readNamespacedService({ name: 'my-app-stable', namespace: ns });
    expect(stableSvc.spec?.selector?.['rollouts-pod-template-hash']).toBe(r.status?.stableRS);
  }, 180_000);
});
