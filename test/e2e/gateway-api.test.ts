// The Gateway API router on the local control plane, with the real Gateway API CRDs (v1 HTTPRoute,
// GRPCRoute and TCPRoute from sigs.k8s.io/gateway-api): configured as Argo Rollouts users
// configure the argoproj-labs/gatewayAPI plugin, the three routes' backendRefs to the canary and
// stable Services take every step's weights, an abort puts them back at 0/100, and the rule to
// another backend is untouched.
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, type Cluster } from './harness.js';
import { routedRollout, runRouterFlow, type Weights } from './router-flow.js';
import { installUpstreamCrds } from './upstream-crds.js';

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

let c: Cluster;
let clients: KubeClients;
let controller: ControllerProcess | undefined;
const namespaces: string[] = [];

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  await installUpstreamCrds(c.kc);
}, 180_000);
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-8000)}`);
  await controller?.stop();
  controller = undefined;
});
afterAll(async () => {
  for (const ns of namespaces) await deleteNamespace(c, ns);
});

async function route(ns: string, kind: 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute', name: string): Promise<Route> {
  return clients.resource<Route>(kinds[kind]).get({ namespace: ns, name });
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
    const ns = await createNamespace(c, 'gateway-api');
    namespaces.push(ns);
    await apply(c, `${ROUTES}---\n${routedRollout('web', ROUTING)}`, ns);
    const adminRule = (await route(ns, 'HTTPRoute', 'web-http')).spec?.rules?.[1];
    controller = startControllerProcess(c.kubeconfigPath, ns);

    await runRouterFlow(clients, ns, 'web', () => weights(ns));

    const http = await route(ns, 'HTTPRoute', 'web-http');
    expect(http.spec?.rules?.[1]).toEqual(adminRule);
    expect(http.metadata?.labels?.['rollouts.argoproj.io/gatewayapi-canary']).toBeUndefined();
  }, 300_000);
});
