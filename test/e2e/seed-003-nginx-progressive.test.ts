// Seed 003 verbatim: NGINX with additionalIngressAnnotations, setCanaryScale and dynamicStableScale,
// and a background analysis whose Job probe succeeds (kwok's Job stages). The canary Ingress
// Kanary creates and the ReplicaSet sizes are checked at every step, as the article shows them:
// stable 5 and canary 1, then 3 and 2 at 40%, then 2 and 3 at 60%.
import { readFileSync } from 'node:fs';
import type { V1Ingress } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { kinds } from '../../src/kube/resources.js';
import { waitFor } from './harness.js';
import { controllerPerTest } from './controller-namespace.js';
import { canaryIngressAnnotations, rolloutNamed, sizes } from './traffic-routing.js';

const SEED = readFileSync(new URL('../../examples/seeds/seed-003-progressive-nginx.yaml', import.meta.url), 'utf8');
const CANARY_INGRESS = 'progressive-demo-progressive-demo-canary';

const env = controllerPerTest();

interface Expected { phase: string; step?: number; sizes: Record<string, number>; weight?: string }

async function reach(ns: string, want: Expected, timeoutMs = 90_000) {
  const observe = async () => {
    const r = await rolloutNamed(env.clients, ns, 'progressive-demo');
    return { phase: r.status?.phase, step: r.status?.currentStepIndex, sizes: await sizes(env.clients, ns), canary: await canaryIngressAnnotations(env.clients, ns, CANARY_INGRESS), message: r.status?.message };
  };
  return waitFor(JSON.stringify(want), async () => {
    const seen = await observe();
    const ok = seen.phase === want.phase && (want.step === undefined || seen.step === want.step)
      && JSON.stringify(seen.sizes) === JSON.stringify(want.sizes) && (want.weight === undefined || seen.canary?.['canary-weight'] === want.weight);
    return ok ? seen : undefined;
  }, { timeoutMs, describe: observe });
}

describe('seed 003: NGINX, setCanaryScale, dynamicStableScale and a background Job analysis', () => {
  it('creates the canary Ingress with the seed\'s annotations and moves its weight with the article\'s pod counts', async () => {
    const ns = await env.run('seed-003-nginx', SEED);
    const ref = { namespace: ns, name: 'progressive-demo' };

    await reach(ns, { phase: 'Healthy', sizes: { 1: 5 } });
    await actions.setImage(env.clients, ref, 'hello-world', 'registry.gitlab.com/cloudnativetips/argorollouts-sample/hello-world:v2');

    // setCanaryScale replicas 1: stable 5, canary 1, no traffic yet; paused 3 m.
    const first = await reach(ns, { phase: 'Paused', step: 1, sizes: { 1: 5, 2: 1 }, weight: '0' });
    expect(first.canary).toEqual({ 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'true', canary: 'true', 'canary-weight': '0' });
    const ingress = await env.clients.resource<V1Ingress>(kinds.Ingress).get({ namespace: ns, name: CANARY_INGRESS });
    expect(ingress.spec?.ingressClassName).toBe('nginx');
    expect(ingress.spec?.rules?.[0]?.http?.paths[0]?.backend.service?.name).toBe('progressive-demo-canary');
    expect(ingress.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Rollout', name: 'progressive-demo', controller: true });

    expect(await actions.promote(env.clients, ref)).toBe('skipped-pause');
    await reach(ns, { phase: 'Paused', step: 4, sizes: { 1: 3, 2: 2 }, weight: '40' });
    expect(await actions.promote(env.clients, ref)).toBe('skipped-pause');
    await reach(ns, { phase: 'Paused', step: 6, sizes: { 1: 2, 2: 3 }, weight: '60' });
    expect(await actions.promote(env.clients, ref)).toBe('skipped-pause');

    // The last step done: all traffic to the canary, then it is the stable, and the canary Ingress routes nothing.
    await reach(ns, { phase: 'Healthy', sizes: { 1: 0, 2: 5 }, weight: '0' });
    const stable = await env.c.core.readNamespacedService({ name: 'progressive-demo-stable', namespace: ns });
    expect(stable.spec?.selector?.['rollouts-pod-template-hash']).toBe((await rolloutNamed(env.clients, ns, 'progressive-demo')).status?.stableRS);
    // The background analysis ran beside the steps (its Job probe passed; a failing one aborts: seed-004-prometheus-analysis.test.ts).
    const runs = await env.clients.resource(kinds.AnalysisRun).list({ namespace: ns });
    expect(runs.items.map((r) => r.metadata?.labels?.['rollout-type'])).toContain('Background');
  }, 240_000);
});
