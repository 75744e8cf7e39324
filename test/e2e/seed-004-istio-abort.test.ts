// Seed 004 verbatim but for the Prometheus address (the article's is inside its cluster): Istio's
// real Gateway and VirtualService CRDs, a real Prometheus whose 5xx counter jumps, the analysis
// step fails, the update aborts, and the VirtualService is back at 100/0 with the unmanaged
// `prometheus` route untouched.
import { readFileSync } from 'node:fs';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { kinds } from '../../src/kube/resources.js';
import { startPrometheus, type PrometheusFixture } from '../support/prometheus.js';
import { waitFor } from './harness.js';
import { rolloutNamed, routedControllerEnv, routeWeights, sizes } from './traffic-routing.js';

const SEED = readFileSync(new URL('../../examples/seeds/seed-004-istio-prometheus.yaml', import.meta.url), 'utf8');
const ARTICLE_PROMETHEUS = 'http://prometheus.istio-system.svc.cluster.local:9090';

function errors(count: number): string {
  return `# TYPE http_requests_total counter\nhttp_requests_total{code="500",namespace="kubota-test",service="rollouts-demo-canary"} ${count}\n`;
}

const env = routedControllerEnv();
let prometheus: PrometheusFixture;

beforeAll(async () => {
  prometheus = await startPrometheus(errors(0));
  await prometheus.waitForData('http_requests_total');
}, 180_000);
afterAll(async () => {
  await prometheus?.stop();
});

interface VirtualService extends KubernetesObject { spec?: { http?: unknown[] } }

describe('seed 004: Istio and a Prometheus analysis step', () => {
  it('aborts on the error count and puts the VirtualService back at 100/0', async () => {
    expect(SEED).toContain(ARTICLE_PROMETHEUS);
    const ns = await env.run('seed-004-istio', SEED.replace(ARTICLE_PROMETHEUS, prometheus.url));
    const ref = { namespace: ns, name: 'rollouts-demo' };
    const observe = async () => {
      const r = await rolloutNamed(env.clients, ns, 'rollouts-demo');
      return { phase: r.status?.phase, step: r.status?.currentStepIndex, sizes: await sizes(env.clients, ns),
        weights: await routeWeights(env.clients, ns, 'rollouts-demo-vsvc', 'primary'), message: r.status?.message };
    };
    const reach = (what: string, ok: (s: Awaited<ReturnType<typeof observe>>) => boolean) =>
      waitFor(what, async () => { const s = await observe(); return ok(s) ? s : undefined; }, { timeoutMs: 90_000, describe: observe });
    const before = await env.clients.resource<VirtualService>(kinds.VirtualService).get({ namespace: ns, name: 'rollouts-demo-vsvc' });

    await reach('Healthy', (s) => s.phase === 'Healthy');
    await actions.setImage(env.clients, ref, 'rollouts-demo', 'quay.io/brancz/prometheus-example-app:v0.3.0');
    await reach('paused at 50/50', (s) => s.phase === 'Paused' && s.step === 1
      && JSON.stringify(s.weights) === JSON.stringify({ 'rollouts-demo-stable': 50, 'rollouts-demo-canary': 50 }));

    // The canary starts failing: the 5-minute delta of its 5xx counter passes 5.
    prometheus.target.setExposition(errors(400));
    await prometheus.waitForData('delta(http_requests_total{code="500"}[5m]) > 5', 30_000);
    await actions.promote(env.clients, ref);
    const aborted = await reach('aborted at 100/0', (s) => s.phase === 'Degraded'
      && JSON.stringify(s.weights) === JSON.stringify({ 'rollouts-demo-stable': 100, 'rollouts-demo-canary': 0 }));
    expect(aborted.message).toContain('Metric "http_error_count" assessed Failed');
    await reach('canary scaled away', (s) => JSON.stringify(s.sizes) === JSON.stringify({ 1: 1, 2: 0 }));

    const after = await env.clients.resource<VirtualService>(kinds.VirtualService).get({ namespace: ns, name: 'rollouts-demo-vsvc' });
    expect(after.spec?.http?.[1]).toEqual(before.spec?.http?.[1]);
  }, 240_000);
});
