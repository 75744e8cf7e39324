// The weight-over-time chart against the local control plane: an NGINX-routed canary driven
// through its steps; the Rollout page's weights carry the plan by step, the set weight through the
// update (from the events and what the dashboard saw), the actual weight, and the weight the
// canary Ingress Kanary owns says now. In Chromium, the chart is drawn.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { rolloutFixture } from '../../src/api/rollout-fixture.test-support.js';
import type { RolloutDetail } from '../../src/dashboard/contract.js';
import { skipEachUnless } from '../support/needs.js';
import { ARTIFACTS, browsers, noChromium } from './dashboard-browser.js';
import { startDashboard, type DashboardProcess } from './dashboard-process.js';
import { controllerNamespace } from './controller-namespace.js';
import { apply, waitFor } from './harness.js';
import { rolloutNamed } from './traffic-routing.js';

const env = controllerNamespace('dash-weights');
const browser = browsers();
let dashboard: DashboardProcess | undefined;

const SERVICES_AND_INGRESS = `
apiVersion: v1
kind: Service
metadata: {name: web-stable}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  ingressClassName: nginx
  rules:
  - host: web.example
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web-stable, port: {number: 80}}}}
`;

const ROLLOUT = stringify(rolloutFixture({
  replicas: 5,
  steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} }],
  canary: { canaryService: 'web-canary', stableService: 'web-stable', trafficRouting: { nginx: { stableIngress: 'web' } } },
}));

const ref = () => ({ namespace: env.ns, name: 'web' });

async function detail(): Promise<RolloutDetail> {
  return (await (await fetch(`${dashboard!.url}api/rollouts/${env.ns}/web`)).json()) as RolloutDetail;
}

async function pausedAt(step: number) {
  await waitFor(`web Paused at step ${step}`, async () => {
    const r = await rolloutNamed(env.clients, env.ns, 'web');
    return r.status?.phase === 'Paused' && r.status.currentStepIndex === step;
  }, { timeoutMs: 60_000 });
}

beforeAll(async () => {
  await apply(env.c, SERVICES_AND_INGRESS, env.ns);
  await apply(env.c, ROLLOUT, env.ns);
  await waitFor('web to be Healthy', async () => (await rolloutNamed(env.clients, env.ns, 'web')).status?.phase === 'Healthy', { timeoutMs: 60_000 });
  dashboard = await startDashboard(['--kubeconfig', env.c.kubeconfigPath, '-n', env.ns]);
});
afterAll(async () => {
  await browser.close();
  await dashboard?.stop();
});

describe('the weight over time of an NGINX-routed canary', () => {
  it('follows the set weight, the actual weight and the router\'s weight through the steps', async () => {
    await actions.setImage(env.clients, ref(), 'web', 'demo:2');
    await pausedAt(1);
    const at20 = await waitFor('the router to carry 20%', async () => {
      const d = await detail();
      return d.weights.routerWeight === 20 && d.weights.actual.some((p) => p.weight === 20) ? d : undefined;
    }, { timeoutMs: 30_000 });
    expect(at20.weights.routed).toBe(true);
    expect(at20.weights.plan).toEqual([20, 20, 60, 60, 100]);
    expect(at20.weights.set.at(-1)?.weight).toBe(20);

    await actions.promote(env.clients, ref(), { full: false });
    await pausedAt(3);
    const at60 = await waitFor('the router to carry 60%', async () => {
      const d = await detail();
      return d.weights.routerWeight === 60 && d.weights.actual.some((p) => p.weight === 60) ? d : undefined;
    }, { timeoutMs: 30_000 });
    // Oldest first: 20 before 60, for both the set and the actual weight.
    const firstAt = (pts: RolloutDetail['weights']['set'], w: number) => pts.find((p) => p.weight === w)?.at ?? NaN;
    expect(firstAt(at60.weights.set, 20)).toBeLessThan(firstAt(at60.weights.set, 60));
    expect(firstAt(at60.weights.actual, 20)).toBeLessThan(firstAt(at60.weights.actual, 60));
    expect(at60.weights.set.map((p) => p.at)).toEqual([...at60.weights.set.map((p) => p.at)].sort((a, b) => a - b));
  });
});

describe('the weight chart in Chromium', () => {
  skipEachUnless(noChromium);

  it('draws the set weight, the actual weight and the router\'s weight', async () => {
    const p = await browser.page(`${dashboard!.url}#/rollouts/${env.ns}/web`);
    await expect.poll(() => p.locator('[data-testid=router-weight]').textContent(), { timeout: 20_000 }).toContain('60%');
    expect(await p.locator('[data-testid=set-weight]').count()).toBe(1);
    expect(await p.locator('[data-testid=actual-weight]').count()).toBeGreaterThanOrEqual(2);
    expect(await p.locator('[data-testid=weight-plan]').textContent()).toBe('By step: 1: 20% → 2: 20% → 3: 60% → 4: 60% → done 100%');
    mkdirSync(ARTIFACTS, { recursive: true });
    await p.locator('[data-testid=weight-chart]').screenshot({ path: path.join(ARTIFACTS, 'weights.png') });
  });
});
