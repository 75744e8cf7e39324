// The Gateway API router on the local control plane, with the real Gateway API CRDs (v1 HTTPRoute,
// GRPCRoute and TCPRoute from sigs.k8s.io/gateway-api): configured as Argo Rollouts users
// configure the argoproj-labs/gatewayAPI plugin, the three routes' backendRefs to the canary and
// stable Services take every step's weights, an abort puts them back at 0/100, and the rule to
// another backend is untouched.
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { kinds } from '../../src/kube/resources.js';
import { routedRollout, runRouterFlow, type Weights } from './router-flow.js';
import { routedControllerEnv } from './traffic-routing.js';

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

interface Route extends KubernetesObject { spec?: { rules?: { backendRefs?: { name?: string; weight?: number }[] }[] } }

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
