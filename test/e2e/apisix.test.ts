// The APISIX router on the local control plane, with the hand-written ApisixRoute CRD
// (hack/crds/handwritten/apisix/): the weights of the canary and stable backends of the named rule
// move step by step and go back to the stable on abort, the user's other rule untouched; a
// setHeaderRoute step creates a header route as an ApisixRoute the Rollout owns, removed when the
// update completes and when it is aborted; a Rollout deleted mid-update leaves the route at the stable.
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { kinds } from '../../src/kube/resources.js';
import { waitFor } from './harness.js';
import { routedRollout, runRouterFlow, type Weights } from './router-flow.js';
import { rolloutNamed, routedControllerEnv } from './traffic-routing.js';

interface Backend { serviceName?: string; servicePort?: number | string; weight?: number }
interface Rule { name?: string; priority?: number; match?: Record<string, unknown>; backends?: Backend[] }
interface ApisixRoute extends KubernetesObject { spec?: { http?: Rule[] } }

const METRICS_RULE = { name: 'metrics', match: { paths: ['/metrics'] }, backends: [{ serviceName: 'prometheus', servicePort: 9090 }] };

/** The user's ApisixRoute: rule `api` splits between the two Services; rule `metrics` is not Kanary's. */
const ROUTE = `apiVersion: apisix.apache.org/v2
kind: ApisixRoute
metadata: {name: shop}
spec:
  ingressClassName: apisix
  http:
  - name: api
    priority: 2
    match: {hosts: [shop.example.com], paths: ['/api/*']}
    backends:
    - {serviceName: web-stable, servicePort: 80, weight: 100}
    - {serviceName: web-canary, servicePort: 80, weight: 0}
  - name: metrics
    match: {paths: [/metrics]}
    backends: [{serviceName: prometheus, servicePort: 9090}]
`;

/** A Rollout with a header route step after 20%, on the route above. */
const HEADER_ROLLOUT = `${ROUTE}---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: 'example.com/app:1'}]}
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
        managedRoutes: [{name: canary-header}]
        apisix:
          route: {name: shop, rules: [api]}
      steps:
      - setWeight: 20
      - setHeaderRoute:
          name: canary-header
          match: [{headerName: x-canary, headerValue: {exact: 'yes'}}]
      - pause: {}
      - setWeight: 50
      - pause: {}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-stable}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;

const env = routedControllerEnv();

async function apisixRoute(ns: string, name: string): Promise<ApisixRoute | undefined> {
  return env.clients.resource<ApisixRoute>(kinds.ApisixRoute).get({ namespace: ns, name }).catch(() => undefined);
}

async function weights(ns: string): Promise<Weights | undefined> {
  const backends = (await apisixRoute(ns, 'shop'))?.spec?.http?.find((r) => r.name === 'api')?.backends;
  if (!backends) return undefined;
  return { canary: backends.find((b) => b.serviceName === 'web-canary')?.weight ?? -1, stable: backends.find((b) => b.serviceName === 'web-stable')?.weight ?? -1 };
}

describe('APISIX (ApisixRoute)', () => {
  it('moves the named rule\'s backend weights step by step, back to the stable on abort; the other rule untouched', async () => {
    const ns = await env.run('apisix', `${ROUTE}---\n${routedRollout('web', `        apisix:
          route: {name: shop, rules: [api]}`)}`);

    await runRouterFlow(env.clients, ns, 'web', () => weights(ns));

    const route = await apisixRoute(ns, 'shop');
    expect(route?.spec?.http?.find((r) => r.name === 'metrics')).toEqual(METRICS_RULE);
    expect(route?.spec?.http?.find((r) => r.name === 'api')?.match).toEqual({ hosts: ['shop.example.com'], paths: ['/api/*'] });
  }, 300_000);

  it('a setHeaderRoute step creates a header route ApisixRoute the Rollout owns, removed when the update completes and when it aborts', async () => {
    const ns = await env.run('apisix-header', HEADER_ROLLOUT);
    const ref = { namespace: ns, name: 'web' };
    const observe = async () => {
      const r = await rolloutNamed(env.clients, ns, 'web');
      return { phase: r.status?.phase, step: r.status?.currentStepIndex, weights: await weights(ns), header: (await apisixRoute(ns, 'canary-header'))?.spec?.http?.[0] };
    };
    const reach = (what: string, want: { phase: string; step?: number; weights: Weights; header: boolean }) => waitFor(what, async () => {
      const s = await observe();
      const ok = s.phase === want.phase && (want.step === undefined || s.step === want.step)
        && JSON.stringify(s.weights) === JSON.stringify(want.weights) && (s.header !== undefined) === want.header;
      return ok ? s : undefined;
    }, { timeoutMs: 90_000, describe: observe });

    await reach('Healthy at revision 1, no header route', { phase: 'Healthy', weights: { canary: 0, stable: 100 }, header: false });
    await actions.setImage(env.clients, ref, 'app', 'example.com/app:2');
    await reach('paused after the header step', { phase: 'Paused', step: 2, weights: { canary: 20, stable: 80 }, header: true });

    // As Argo makes it: a copy of the user's route, the weighed rule sending what carries the header
    // to the canary alone, one priority above the user's rule; the other rule copied as it is.
    const header = await apisixRoute(ns, 'canary-header');
    expect(header?.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'Rollout', name: 'web', controller: true })]);
    expect(header?.spec?.http).toEqual([
      { name: 'api', priority: 3, match: { hosts: ['shop.example.com'], paths: ['/api/*'], exprs: [{ subject: { scope: 'Header', name: 'x-canary' }, op: 'Equal', value: 'yes' }] },
        backends: [{ serviceName: 'web-canary', servicePort: 80, weight: 100 }] },
      METRICS_RULE,
    ]);

    expect(await actions.promote(env.clients, ref)).toBe('skipped-pause');
    const at50 = await reach('paused at 50%, the header route unchanged', { phase: 'Paused', step: 4, weights: { canary: 50, stable: 50 }, header: true });
    expect(at50.header).toEqual(header?.spec?.http?.[0]);
    expect(await actions.promote(env.clients, ref)).toBe('skipped-pause');
    await reach('Healthy at revision 2, the header route removed', { phase: 'Healthy', weights: { canary: 0, stable: 100 }, header: false });

    await actions.setImage(env.clients, ref, 'app', 'example.com/app:3');
    await reach('paused after the header step for revision 3', { phase: 'Paused', step: 2, weights: { canary: 20, stable: 80 }, header: true });
    await actions.abort(env.clients, ref);
    await reach('aborted: all traffic on the stable, the header route removed', { phase: 'Degraded', weights: { canary: 0, stable: 100 }, header: false });
    expect((await apisixRoute(ns, 'shop'))?.spec?.http?.find((r) => r.name === 'metrics')).toEqual(METRICS_RULE);
  }, 300_000);

  it('a Rollout deleted mid-update leaves the ApisixRoute at 100% stable, and its header route goes', async () => {
    const ns = await env.run('apisix-delete', HEADER_ROLLOUT);
    const observe = async () => ({ weights: await weights(ns), header: (await apisixRoute(ns, 'canary-header')) !== undefined });
    await waitFor('Healthy', async () => (await rolloutNamed(env.clients, ns, 'web')).status?.phase === 'Healthy', { timeoutMs: 90_000 });
    await actions.setImage(env.clients, { namespace: ns, name: 'web' }, 'app', 'example.com/app:2');
    await waitFor('20% with the header route', async () => { const s = await observe(); return s.weights?.canary === 20 && s.header ? s : undefined; },
      { timeoutMs: 90_000, describe: observe });
    await env.clients.resource<KubernetesObject>(kinds.Rollout).delete({ namespace: ns, name: 'web' });
    const after = await waitFor('released to stable', async () => { const s = await observe(); return s.weights?.canary === 0 && !s.header ? s : undefined; },
      { timeoutMs: 90_000, describe: observe });
    expect(after).toEqual({ weights: { canary: 0, stable: 100 }, header: false });
  }, 300_000);
});
