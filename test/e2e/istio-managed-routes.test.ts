// setHeaderRoute and setMirrorRoute through Istio's real VirtualService CRD: the routes appear at
// their steps in managedRoutes order ahead of the user's routes, and are removed when the update
// aborts and when it completes, the user's unmanaged route untouched throughout.
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { kinds } from '../../src/kube/resources.js';
import { waitFor } from './harness.js';
import { rolloutNamed, routedControllerEnv, sizes } from './traffic-routing.js';

const MANIFESTS = `
apiVersion: v1
kind: Service
metadata: {name: web-stable}
spec: {selector: {app: web}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary}
spec: {selector: {app: web}, ports: [{port: 8080}]}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - name: primary
    route:
    - destination: {host: web-stable, port: {number: 8080}}
      weight: 100
    - destination: {host: web-canary, port: {number: 8080}}
      weight: 0
  - name: metrics
    match: [{uri: {prefix: /metrics}}]
    route: [{destination: {host: prometheus}}]
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "web:1"}]}
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
        managedRoutes: [{name: header-route}, {name: mirror-route}]
        istio:
          virtualService: {name: web, routes: [primary]}
      steps:
      - setWeight: 25
      - setMirrorRoute:
          name: mirror-route
          percentage: 40
          match: [{method: {exact: GET}, path: {prefix: /api}}]
      - setHeaderRoute:
          name: header-route
          match: [{headerName: x-canary, headerValue: {exact: "yes"}}]
      - pause: {}
      - setWeight: 50
      - pause: {}
`;

interface Route { name?: string; match?: unknown[]; route?: { destination?: { host?: string; port?: unknown }; weight?: number }[]; mirror?: unknown; mirrorPercentage?: unknown }
interface VirtualService extends KubernetesObject { spec?: { http?: Route[] } }

const env = routedControllerEnv();

describe('Istio header and mirror routes', () => {
  it('creates them at their steps ahead of the user\'s routes, removes them on abort and when the update completes', async () => {
    const ns = await env.run('istio-routes', MANIFESTS);
    const ref = { namespace: ns, name: 'web' };
    const virtualService = () => env.clients.resource<VirtualService>(kinds.VirtualService).get({ namespace: ns, name: 'web' });
    const observe = async () => {
      const r = await rolloutNamed(env.clients, ns, 'web');
      const http = (await virtualService()).spec?.http ?? [];
      return { phase: r.status?.phase, step: r.status?.currentStepIndex, names: http.map((h) => h.name), sizes: await sizes(env.clients, ns),
        primary: Object.fromEntries((http.find((h) => h.name === 'primary')?.route ?? []).map((d) => [d.destination?.host, d.weight])) };
    };
    const reach = (what: string, ok: (s: Awaited<ReturnType<typeof observe>>) => boolean) =>
      waitFor(what, async () => { const s = await observe(); return ok(s) ? s : undefined; }, { timeoutMs: 60_000, describe: observe });
    const original = (await virtualService()).spec?.http?.[1];

    await reach('Healthy', (s) => s.phase === 'Healthy');
    await actions.setImage(env.clients, ref, 'web', 'web:2');
    await reach('paused with both routes', (s) => s.phase === 'Paused' && s.step === 3
      && JSON.stringify(s.names) === JSON.stringify(['header-route', 'mirror-route', 'primary', 'metrics']));
    const http = (await virtualService()).spec?.http ?? [];
    expect(http[0]).toEqual({
      name: 'header-route', match: [{ headers: { 'x-canary': { exact: 'yes' } } }],
      route: [{ destination: { host: 'web-canary', port: { number: 8080 } }, weight: 100 }],
    });
    expect(http[1]).toEqual({
      name: 'mirror-route', match: [{ method: { exact: 'GET' }, uri: { prefix: '/api' } }],
      route: [{ destination: { host: 'web-stable', port: { number: 8080 } }, weight: 75 }, { destination: { host: 'web-canary', port: { number: 8080 } }, weight: 25 }],
      mirror: { host: 'web-canary', port: { number: 8080 } }, mirrorPercentage: { value: 40 },
    });
    expect(http[3]).toEqual(original);

    // Abort: all traffic to stable, both routes gone, the user's route as it was.
    await actions.abort(env.clients, ref);
    const aborted = await reach('aborted without routes', (s) => s.phase === 'Degraded' && JSON.stringify(s.names) === JSON.stringify(['primary', 'metrics']));
    expect(aborted.primary).toEqual({ 'web-stable': 100, 'web-canary': 0 });

    // Retry: the routes come back at their steps; promoting to the end removes them.
    await actions.retry(env.clients, ref);
    await reach('routes again after retry', (s) => s.phase === 'Paused' && s.step === 3 && s.names.length === 4);
    await actions.promote(env.clients, ref);
    await reach('paused at 50 with routes', (s) => s.phase === 'Paused' && s.step === 5 && s.names.length === 4 && s.primary['web-canary'] === 50);
    await actions.promote(env.clients, ref);
    const done = await reach('Healthy without routes', (s) => s.phase === 'Healthy' && JSON.stringify(s.names) === JSON.stringify(['primary', 'metrics']));
    expect(done.primary).toEqual({ 'web-stable': 100, 'web-canary': 0 });
    expect((await virtualService()).spec?.http?.[1]).toEqual(original);
  }, 240_000);

  it('a Rollout deleted mid-update leaves the VirtualService at 100% stable without its managed routes', async () => {
    const ns = await env.run('istio-routes-delete', MANIFESTS);
    const ref = { namespace: ns, name: 'web' };
    const virtualService = () => env.clients.resource<VirtualService>(kinds.VirtualService).get({ namespace: ns, name: 'web' });
    const observe = async () => {
      const http = (await virtualService()).spec?.http ?? [];
      return { names: http.map((h) => h.name), primary: Object.fromEntries((http.find((h) => h.name === 'primary')?.route ?? []).map((d) => [d.destination?.host, d.weight])) };
    };
    await waitFor('Healthy', async () => (await rolloutNamed(env.clients, ns, 'web')).status?.phase === 'Healthy', { timeoutMs: 60_000 });
    await actions.setImage(env.clients, ref, 'web', 'web:2');
    await waitFor('25% with routes', async () => { const s = await observe(); return s.names.length === 4 && s.primary['web-canary'] === 25 ? s : undefined; },
      { timeoutMs: 60_000, describe: observe });
    await env.clients.resource<KubernetesObject>(kinds.Rollout).delete({ namespace: ns, name: 'web' });
    const after = await waitFor('released to stable', async () => { const s = await observe(); return s.names.length === 2 ? s : undefined; },
      { timeoutMs: 60_000, describe: observe });
    expect(after).toEqual({ names: ['primary', 'metrics'], primary: { 'web-stable': 100, 'web-canary': 0 } });
  }, 240_000);
});
