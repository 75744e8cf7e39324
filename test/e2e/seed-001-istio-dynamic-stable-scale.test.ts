// Seed 001 verbatim: an Istio canary with maxSurge 33%, dynamicStableScale and setCanaryScale
// matchTrafficWeight, against Istio's real VirtualService CRD. The VirtualService weights and
// the ReplicaSet sizes are checked at every step, and after promote --full.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { waitFor } from './harness.js';
import { rolloutNamed, routedControllerEnv, routeWeights, sizes } from './traffic-routing.js';

const SEED = readFileSync(new URL('../../examples/seeds/seed-001-canary-istio-dynamic-stable-scale.yaml', import.meta.url), 'utf8');

const env = routedControllerEnv();

interface Expected { phase: string; step?: number; sizes: Record<string, number>; weights: Record<string, number> }

/** Waits until the Rollout, its ReplicaSets and the VirtualService all show `want`. */
async function reach(ns: string, want: Expected, timeoutMs = 60_000) {
  const observe = async () => {
    const r = await rolloutNamed(env.clients, ns, 'my-app');
    return {
      phase: r.status?.phase, step: r.status?.currentStepIndex, sizes: await sizes(env.clients, ns),
      weights: await routeWeights(env.clients, ns, 'my-app', 'http-my-app-primary'), status: r.status?.canary?.weights, message: r.status?.message,
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
    const ns = await env.run('seed-001', SEED);
    const ref = { namespace: ns, name: 'my-app' };

    await reach(ns, { phase: 'Healthy', sizes: { 1: 3 }, weights: { 'my-app-stable': 100, 'my-app-canary': 0 } });
    await actions.setImage(env.clients, ref, 'my-app', 'argoproj/rollouts-demo:yellow');

    // setCanaryScale matchTrafficWeight at weight 0: no canary pod yet; paused 60 s.
    await reach(ns, { phase: 'Paused', step: 1, sizes: { 1: 3, 2: 0 }, weights: { 'my-app-stable': 100, 'my-app-canary': 0 } });
    expect(await actions.promote(env.clients, ref)).toBe('skipped-pause');
    // setWeight 34: 2 canary pods (ceil 1.02), then 34% of the traffic, then the stable down to 2 (ceil 1.98).
    const at34 = await reach(ns, { phase: 'Paused', step: 4, sizes: { 1: 2, 2: 2 }, weights: { 'my-app-stable': 66, 'my-app-canary': 34 } });
    expect(at34.status).toMatchObject({ canary: { weight: 34, serviceName: 'my-app-canary' }, stable: { weight: 66, serviceName: 'my-app-stable' } });

    expect(await actions.promote(env.clients, ref)).toBe('skipped-pause');
    // setWeight 67: 3 canary pods (ceil 2.01), 67%, the stable down to 1 (ceil 0.99).
    await reach(ns, { phase: 'Paused', step: 7, sizes: { 1: 1, 2: 3 }, weights: { 'my-app-stable': 33, 'my-app-canary': 67 } });

    expect(await actions.promote(env.clients, ref, { full: true })).toBe('promoted-full');
    const done = await reach(ns, { phase: 'Healthy', sizes: { 1: 0, 2: 3 }, weights: { 'my-app-stable': 100, 'my-app-canary': 0 } });
    const r = await rolloutNamed(env.clients, ns, 'my-app');
    expect(done.status?.stable.podTemplateHash).toBe(r.status?.stableRS);
    const stableSvc = await env.c.core.readNamespacedService({ name: 'my-app-stable', namespace: ns });
    expect(stableSvc.spec?.selector?.['rollouts-pod-template-hash']).toBe(r.status?.stableRS);
  }, 180_000);
});
