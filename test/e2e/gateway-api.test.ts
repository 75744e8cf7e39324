// The Gateway API router on the local control plane, with the real Gateway API CRDs (v1 HTTPRoute,
// GRPCRoute and TCPRoute from sigs.k8s.io/gateway-api): configured as Argo Rollouts users
// configure the argoproj-labs/gatewayAPI plugin, the three routes' backendRefs to the canary and
// stable Services take every step's weights, an abort puts them back at 0/100, and the rule to
// another backend is untouched. A setHeaderRoute step adds a rule named after the managed route to
// the HTTPRoute and the GRPCRoute (the real CRDs take the name), removed on abort and at the end.
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { kinds } from '../../src/kube/resources.js';
import { routedRollout, runRouterFlow, type Weights } from './router-flow.js';
import { waitFor } from './harness.js';
import { rolloutNamed, routedControllerEnv } from './traffic-routing.js';

const ROUTING = `        plugins:
          argoproj-labs/gatewayAPI:
            httpRoute: web-http
            grpcRoutes: [{name: web-grpc}]
            tcpRoutes: [{name: web-tcp, useHeaderRoutes: false}]`;

const backends = (extra = '') => `[{name: web-stable, port: 80, weight: 100}, {name: web-canary, port: 80, weight: 0}${extra}]`;
const ROUTES = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web-http}
spec:
  parentRefs: [{name: gateway}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: ${backends()}
  - matches: [{path: {type: PathPrefix, value: /admin}}]
    backendRefs: [{name: admin, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: web-grpc}
spec:
  parentRefs: [{name: gateway}]
  rules: [{backendRefs: ${backends()}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata: {name: web-tcp}
spec:
  parentRefs: [{name: gateway, sectionName: tcp}]
  rules: [{backendRefs: ${backends()}}]
`;

interface Rule { name?: string; matches?: unknown[]; backendRefs?: { name?: string; weight?: number }[] }
interface Route extends KubernetesObject { spec?: { rules?: Rule[] } }

const env = routedControllerEnv();

async function route(ns: string, kind: 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute', name: string): Promise<Route> {
  return env.clients.resource<Route>(kinds[kind]).get({ namespace: ns, name });
}

/** The first rule's weights, when all three routes agree. */
async function weights(ns: string): Promise<Weights | undefined> {
  const seen = await Promise.all([route(ns, 'HTTPRoute', 'web-http'), route(ns, 'GRPCRoute', 'web-grpc'), route(ns, 'TCPRoute', 'web-tcp')]);
  const each = seen.map((r) => {
    const refs = r.spec?.rules?.[0]?.backendRefs ?? [];
    return JSON.stringify({ canary: refs.find((b) => b.name === 'web-canary')?.weight, stable: refs.find((b) => b.name === 'web-stable')?.weight });
  });
  return new Set(each).size === 1 ? JSON.parse(each[0]!) as Weights : undefined;
}

describe('Gateway API (the argoproj-labs/gatewayAPI plugin, in-tree)', () => {
  it('moves the HTTPRoute, GRPCRoute and TCPRoute weights step by step, and back to the stable on abort', async () => {
    const ns = await env.namespace('gateway-api', `${ROUTES}---\n${routedRollout('web', ROUTING)}`);
    const adminRule = (await route(ns, 'HTTPRoute', 'web-http')).spec?.rules?.[1];
    env.startController(ns);

    await runRouterFlow(env.clients, ns, 'web', () => weights(ns));

    const http = await route(ns, 'HTTPRoute', 'web-http');
    expect(http.spec?.rules?.[1]).toEqual(adminRule);
    expect(http.metadata?.labels?.['rollouts.argoproj.io/gatewayapi-canary']).toBeUndefined();
  }, 300_000);
});

const HEADER_ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: 'example.com/app:1', ports: [{name: http, containerPort: 8080}]}]
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
        managedRoutes: [{name: header-route}]
        plugins:
          argoproj-labs/gatewayAPI: {httpRoute: web-http, grpcRoute: web-grpc}
      steps:
      - setWeight: 25
      - setHeaderRoute:
          name: header-route
          match: [{headerName: x-canary, headerValue: {exact: "yes"}}]
      - pause: {}
      - setWeight: 50
      - pause: {}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-stable}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
`;

describe('Gateway API header routes (setHeaderRoute)', () => {
  it('adds a rule named after the managed route to the HTTPRoute and the GRPCRoute, removed on abort and when the update completes', async () => {
    const ns = await env.namespace('gateway-api-headers', `${ROUTES}---\n${HEADER_ROLLOUT}`);
    const original = (await route(ns, 'HTTPRoute', 'web-http')).spec?.rules;
    env.startController(ns);
    const ref = { namespace: ns, name: 'web' };
    const observe = async () => {
      const r = await rolloutNamed(env.clients, ns, 'web');
      const http = (await route(ns, 'HTTPRoute', 'web-http')).spec?.rules ?? [];
      const grpc = (await route(ns, 'GRPCRoute', 'web-grpc')).spec?.rules ?? [];
      const weights = Object.fromEntries((http[0]?.backendRefs ?? []).map((b) => [b.name, b.weight]));
      return { phase: r.status?.phase, step: r.status?.currentStepIndex, http: http.map((x) => x.name ?? '-'), grpc: grpc.map((x) => x.name ?? '-'), weights };
    };
    const reach = (what: string, ok: (s: Awaited<ReturnType<typeof observe>>) => boolean) =>
      waitFor(what, async () => { const s = await observe(); return ok(s) ? s : undefined; }, { timeoutMs: 90_000, describe: observe });
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

    await reach('Healthy', (s) => s.phase === 'Healthy');
    await actions.setImage(env.clients, ref, 'app', 'example.com/app:2');
    await reach('paused with the header rules', (s) => s.phase === 'Paused' && s.step === 2
      && same(s.http, ['-', '-', 'header-route']) && same(s.grpc, ['-', 'header-route']));
    const http = (await route(ns, 'HTTPRoute', 'web-http')).spec?.rules ?? [];
    expect(http[2]).toEqual({
      name: 'header-route',
      matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', type: 'Exact', value: 'yes' }] }],
      backendRefs: [{ group: '', kind: 'Service', name: 'web-canary', port: 80, weight: 1 }],
    });
    expect(http[0]?.backendRefs).toEqual([{ group: '', kind: 'Service', name: 'web-stable', port: 80, weight: 75 }, { group: '', kind: 'Service', name: 'web-canary', port: 80, weight: 25 }]);
    expect(http[1]).toEqual(original?.[1]);
    expect((await route(ns, 'GRPCRoute', 'web-grpc')).spec?.rules?.[1]).toEqual({
      name: 'header-route', matches: [{ headers: [{ name: 'x-canary', type: 'Exact', value: 'yes' }] }],
      backendRefs: [{ group: '', kind: 'Service', name: 'web-canary', port: 80, weight: 1 }],
    });

    await actions.abort(env.clients, ref);
    const aborted = await reach('aborted without header rules', (s) => s.phase === 'Degraded' && same(s.http, ['-', '-']) && same(s.grpc, ['-']));
    expect(aborted.weights).toEqual({ 'web-stable': 100, 'web-canary': 0 });

    await actions.retry(env.clients, ref);
    await reach('the header rules again after retry', (s) => s.phase === 'Paused' && s.step === 2 && s.http.length === 3);
    await actions.promote(env.clients, ref);
    await reach('paused at 50 with the header rules', (s) => s.phase === 'Paused' && s.step === 4 && s.http.length === 3 && s.weights['web-canary'] === 50);
    await actions.promote(env.clients, ref);
    await reach('Healthy without header rules', (s) => s.phase === 'Healthy' && same(s.http, ['-', '-']) && same(s.grpc, ['-']) && s.weights['web-canary'] === 0);
    expect((await route(ns, 'HTTPRoute', 'web-http')).spec?.rules).toEqual(original);
  }, 300_000);
});
