import { describe, expect, it } from 'vitest';
import type { GatewayApiTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout as rollout, desiredWeights, runRouterContract } from '../contract.js';
import { documentKey, type RoutingDocument } from '../router.js';
import { gatewayApiRouter } from './index.js';

const ref = (name: string, weight?: number) => ({ group: '', kind: 'Service', name, port: 80, ...(weight === undefined ? {} : { weight }) });

/** An HTTPRoute as the apiserver stores it: two rules to the Rollout's Services, one to another backend. */
function httpRoute(name = 'web', kind = 'HTTPRoute'): RoutingDocument {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1', kind,
    metadata: { name, namespace: 'shop', resourceVersion: '7', labels: { team: 'a' } },
    spec: {
      parentRefs: [{ name: 'gateway' }],
      hostnames: ['web.example.com'],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [ref('web-stable', 1), ref('web-canary', 0)] },
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'x', value: 'y' }] } }],
          backendRefs: [ref('web-stable'), ref('web-canary')] },
        { matches: [{ path: { type: 'PathPrefix', value: '/admin' } }], backendRefs: [ref('admin', 1)] },
      ],
    },
  };
}
const docs = (...list: RoutingDocument[]) => new Map<string, RoutingDocument | null>(list.map((d) => [documentKey({ kind: d.kind ?? '', name: d.metadata?.name ?? '' }), d]));
const PLUGIN = 'spec.strategy.canary.trafficRouting.plugins["argoproj-labs/gatewayAPI"]';

runRouterContract('gatewayAPI (one HTTPRoute)', { router: gatewayApiRouter, config: { httpRoute: 'web' }, documents: () => docs(httpRoute()) });
runRouterContract('gatewayAPI (HTTP, gRPC and TCP routes, maxTrafficWeight 1000)', {
  router: gatewayApiRouter, config: { httpRoutes: [{ name: 'web' }], grpcRoute: 'web-grpc', tcpRoutes: [{ name: 'web-tcp', useHeaderRoutes: false }] },
  documents: () => docs(httpRoute(), httpRoute('web-grpc', 'GRPCRoute'), httpRoute('web-tcp', 'TCPRoute')), maxWeight: 1000,
});

describe('gatewayAPI transform', () => {
  it('weights every backendRef to the canary and stable Services, in every rule, and nothing else', () => {
    const result = gatewayApiRouter.transform(rollout, { httpRoute: 'web' }, docs(httpRoute()), desiredWeights(30));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.writes.map((w) => [w.op, w.kind, w.document.metadata?.resourceVersion])).toEqual([['replace', 'HTTPRoute', '7']]);
    const expected = httpRoute();
    const rules = expected.spec?.['rules'] as { backendRefs: { weight?: number }[] }[];
    rules[0]!.backendRefs = [ref('web-stable', 70), ref('web-canary', 30)];
    rules[1]!.backendRefs = [ref('web-stable', 70), ref('web-canary', 30)];
    expected.metadata = { ...expected.metadata, labels: { team: 'a', 'rollouts.argoproj.io/gatewayapi-canary': 'in-progress' } };
    expect(result.writes[0]?.document).toEqual(expected);
  });

  it('takes the in-progress label off when the canary is back to 0, and honours its settings', () => {
    const at30 = gatewayApiRouter.transform(rollout, { httpRoute: 'web' }, docs(httpRoute()), desiredWeights(30));
    if (!at30.ok) throw new Error('unexpected');
    const back = gatewayApiRouter.transform(rollout, { httpRoute: 'web' }, applyWrites(docs(httpRoute()), at30.writes), desiredWeights(0));
    expect(back.ok && back.writes[0]?.document.metadata?.labels).toEqual({ team: 'a' });
    const custom = gatewayApiRouter.transform(rollout, { httpRoute: 'web', inProgressLabelKey: 'k', inProgressLabelValue: 'v' }, docs(httpRoute()), desiredWeights(5));
    expect(custom.ok && custom.writes[0]?.document.metadata?.labels).toEqual({ team: 'a', k: 'v' });
    const none = gatewayApiRouter.transform(rollout, { httpRoute: 'web', disableInProgressLabel: true }, docs(httpRoute()), desiredWeights(5));
    expect(none.ok && none.writes[0]?.document.metadata?.labels).toEqual({ team: 'a' });
  });

  it('a route without a backendRef to the canary Service is a problem naming the field', () => {
    const route = httpRoute();
    route.spec = { rules: [{ backendRefs: [ref('web-stable')] }] };
    expect(gatewayApiRouter.transform(rollout, { httpRoutes: [{ name: 'web' }] }, docs(route), desiredWeights(10))).toEqual({
      ok: false, problems: [`${PLUGIN}.httpRoutes[0].name: HTTPRoute "web" has no backendRef to the canary Service "web-canary"`],
    });
  });

  it('refuses what Kanary does not do: another namespace, route selectors, no route at all', () => {
    const config: GatewayApiTrafficRouting = { namespace: 'elsewhere', httpRouteSelector: { matchLabels: { a: 'b' } } };
    expect(gatewayApiRouter.transform(rollout, config, docs(), desiredWeights(10))).toEqual({ ok: false, problems: [
      `${PLUGIN}.namespace: is "elsewhere", but Kanary edits routes in the Rollout's namespace "shop" only`,
      `${PLUGIN}.httpRouteSelector: route discovery by label is not supported by Kanary; name the routes instead`,
      `${PLUGIN}: names no route (httpRoute, grpcRoute, tcpRoute, tlsRoute or their lists)`,
    ] });
    expect(gatewayApiRouter.transform(rollout, { httpRoute: 'web', namespace: 'shop' }, docs(httpRoute()), desiredWeights(10)).ok).toBe(true);
  });

  it('names each route once, whichever fields name it', () => {
    expect(gatewayApiRouter.documents(rollout, { httpRoute: 'web', httpRoutes: [{ name: 'web' }], tlsRoute: 'web' }))
      .toEqual([{ kind: 'HTTPRoute', name: 'web' }, { kind: 'TLSRoute', name: 'web' }]);
  });

  it('reads the first rule\'s weights, an unset weight counting as 1 as in the Gateway API', () => {
    expect(gatewayApiRouter.read(rollout, { httpRoute: 'web' }, docs(httpRoute()))).toEqual({ canary: 0, stable: 1, additional: [] });
    const route = httpRoute();
    route.spec = { rules: [{ backendRefs: [ref('web-stable', 60), ref('web-canary', 30), ref('web-exp', 10)] }] };
    expect(gatewayApiRouter.read(rollout, { httpRoute: 'web' }, docs(route))).toEqual({ canary: 30, stable: 60, additional: [{ weight: 10, serviceName: 'web-exp' }] });
  });
});
