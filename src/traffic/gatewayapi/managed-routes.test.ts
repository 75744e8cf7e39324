// Gateway API header routes: a rule named after the managed route per weighted rule, copying its
// matches (headers added) and filters, to the canary only; removed when no longer wanted; the
// user's rules and the weights as they were.
import { describe, expect, it } from 'vitest';
import type { GatewayApiTrafficRouting, SetHeaderRoute } from '../../api/types.js';
import { applyWrites, contractRollout, desiredWeights } from '../contract.js';
import { documentKey, type DesiredRoutes, type ManagedRouteSpec, type RoutingDocument } from '../router.js';
import { plannedWrites } from '../write.js';
import { gatewayApiRouter } from './index.js';
import { headerMatch } from './managed-routes.js';

const PLUGIN = 'spec.strategy.canary.trafficRouting.plugins["argoproj-labs/gatewayAPI"]';
const rollout = { ...contractRollout, managedRoutes: ['h1', 'h2'] };
const ref = (name: string, weight?: number) => ({ group: '', kind: 'Service', name, port: 80, ...(weight === undefined ? {} : { weight }) });
const filter = { type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'x', value: 'y' }] } };
const userRules = () => [
  { matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-env', value: 'prod' }] }], backendRefs: [ref('web-stable', 100), ref('web-canary', 0)] },
  { matches: [{ path: { type: 'PathPrefix', value: '/api' } }, { method: 'POST' }], filters: [filter], backendRefs: [ref('web-stable', 100), ref('web-canary', 0)] },
  { name: 'admin', matches: [{ path: { type: 'PathPrefix', value: '/admin' } }], backendRefs: [ref('admin', 1)] },
];
function route(kind = 'HTTPRoute', name = 'web', rules: unknown[] = userRules()): RoutingDocument {
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind, metadata: { name, namespace: 'shop', resourceVersion: '9' }, spec: { parentRefs: [{ name: 'gw' }], rules } };
}
const docs = (...list: RoutingDocument[]) => new Map<string, RoutingDocument | null>(list.map((d) => [documentKey({ kind: d.kind ?? '', name: d.metadata?.name ?? '' }), d]));
const header = (name: string, match: SetHeaderRoute['match'] = [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }]): ManagedRouteSpec => ({ kind: 'header', route: { name, match } });
const wanted = (...routes: ManagedRouteSpec[]): DesiredRoutes => ({ managed: ['h1', 'h2'], routes, maxWeight: 100 });
const canaryOnly = [{ group: '', kind: 'Service', name: 'web-canary', port: 80, weight: 1 }];
const xCanary = { name: 'x-canary', type: 'Exact', value: 'yes' };
const config: GatewayApiTrafficRouting = { httpRoute: 'web' };
function rulesAfter(d: Map<string, RoutingDocument | null>, desired: DesiredRoutes, cfg: GatewayApiTrafficRouting = config, key = 'HTTPRoute/web') {
  const result = gatewayApiRouter.managedRoutes?.transform(rollout, cfg, d, desired);
  if (!result?.ok) throw new Error(JSON.stringify(result));
  return applyWrites(d, result.writes).get(key)?.spec?.['rules'] as Record<string, unknown>[];
}

describe('gatewayAPI header routes', () => {
  it('adds one rule per weighted rule, named h1, h1-1, copying matches (headers added) and filters, to the canary alone', () => {
    expect(rulesAfter(docs(route()), wanted(header('h1')))).toEqual([
      ...userRules(),
      { name: 'h1', matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-env', value: 'prod' }, xCanary] }], backendRefs: canaryOnly },
      { name: 'h1-1', matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [xCanary] }, { method: 'POST', headers: [xCanary] }], filters: [filter], backendRefs: canaryOnly },
    ]);
  });

  it('a weighted rule without matches gets a match of the headers alone; prefix and regex become regular expressions', () => {
    const bare = route('HTTPRoute', 'web', [{ backendRefs: [ref('web-stable'), ref('web-canary')] }]);
    const match = [{ headerName: 'a', headerValue: { prefix: 'v1.' } }, { headerName: 'b', headerValue: { regex: 'x|y' } }];
    expect(rulesAfter(docs(bare), wanted(header('h1', match)))[1]).toEqual({
      name: 'h1', matches: [{ headers: [{ name: 'a', type: 'RegularExpression', value: 'v1\\..*' }, { name: 'b', type: 'RegularExpression', value: 'x|y' }] }], backendRefs: canaryOnly,
    });
    expect(headerMatch({ headerName: 'c', headerValue: { exact: 'z' } })).toEqual({ name: 'c', type: 'Exact', value: 'z' });
  });

  it('in managedRoutes order; a changed match replaces the rules; a route no longer wanted goes; a second pass writes nothing', () => {
    const both = docs(route('HTTPRoute', 'web', rulesAfter(docs(route()), wanted(header('h2'), header('h1')))));
    const names = (rules: Record<string, unknown>[]) => rules.map((r) => r['name']);
    expect(names(both.get('HTTPRoute/web')?.spec?.['rules'] as Record<string, unknown>[])).toEqual([undefined, undefined, 'admin', 'h1', 'h1-1', 'h2', 'h2-1']);
    expect(gatewayApiRouter.managedRoutes?.transform(rollout, config, both, wanted(header('h1'), header('h2')))).toEqual({ ok: true, writes: [] });
    const changed = rulesAfter(both, wanted(header('h2', [{ headerName: 'x-other', headerValue: { exact: '1' } }])));
    expect(names(changed)).toEqual([undefined, undefined, 'admin', 'h2', 'h2-1']);
    expect((changed[3]?.['matches'] as { headers: unknown[] }[])[0]?.headers).toEqual([{ type: 'Exact', name: 'x-env', value: 'prod' }, { name: 'x-other', type: 'Exact', value: '1' }]);
    expect(rulesAfter(both, wanted())).toEqual(userRules());
  });

  it('goes to httpRoute, grpcRoute and list entries with useHeaderRoutes only, never to TCP or TLS routes', () => {
    const cfg: GatewayApiTrafficRouting = { httpRoutes: [{ name: 'web' }, { name: 'web-b', useHeaderRoutes: true }], grpcRoute: 'web-grpc', tcpRoute: 'web-tcp' };
    const grpcRules = [{ matches: [{ method: { service: 'shop.Cart' } }], backendRefs: [ref('web-stable'), ref('web-canary')] }];
    const all = docs(route(), route('HTTPRoute', 'web-b'), route('GRPCRoute', 'web-grpc', grpcRules), route('TCPRoute', 'web-tcp', [{ backendRefs: [ref('web-stable'), ref('web-canary')] }]));
    const result = gatewayApiRouter.managedRoutes?.transform(rollout, cfg, all, wanted(header('h1')));
    expect(result?.ok && result.writes.map((w) => documentKey({ kind: w.kind, name: w.document.metadata?.name ?? '' }))).toEqual(['HTTPRoute/web-b', 'GRPCRoute/web-grpc']);
    expect(rulesAfter(all, wanted(header('h1')), cfg, 'GRPCRoute/web-grpc')[1]).toEqual({ name: 'h1', matches: [{ method: { service: 'shop.Cart' }, headers: [xCanary] }], backendRefs: canaryOnly });
  });

  it('the weights leave header rules alone, and one reconcile writes weights and routes in one replace', () => {
    const rollout_ = { metadata: { name: 'web', namespace: 'shop' }, spec: { strategy: { canary: { canaryService: 'web-canary', stableService: 'web-stable',
      trafficRouting: { managedRoutes: [{ name: 'h1' }, { name: 'h2' }], plugins: { 'argoproj-labs/gatewayAPI': config } } } } } };
    const result = plannedWrites({ name: 'argoproj-labs/gatewayAPI', router: gatewayApiRouter as never, config }, rollout_ as never, docs(route()), desiredWeights(30), wanted(header('h1')));
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.writes).toHaveLength(1);
    const rules = result.writes[0]?.document.spec?.['rules'] as { name?: string; backendRefs: { weight?: number }[] }[];
    expect(rules.map((r) => [r.name, r.backendRefs.map((b) => b.weight)])).toEqual([
      [undefined, [70, 30]], [undefined, [70, 30]], ['admin', [1]], ['h1', [1]], ['h1-1', [1]]]);
    const again = gatewayApiRouter.transform(rollout, config, applyWrites(docs(route()), result.writes), desiredWeights(30));
    expect(again).toEqual({ ok: true, writes: [] });
  });

  it('problems name the field: a managed route name the Gateway API cannot take, no weighted rule, a rule name the CRD dropped, a missing route', () => {
    const bad = { ...rollout, managedRoutes: ['Canary_Header'] };
    expect(gatewayApiRouter.managedRoutes?.transform(bad, config, docs(route()), { managed: ['Canary_Header'], routes: [header('Canary_Header')], maxWeight: 100 })).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.managedRoutes[0].name: "Canary_Header" cannot name a Gateway API route rule '
        + '(lowercase letters, digits, \'-\' and \'.\'), and header rules are named after their managed route'],
    });
    const unweighted = route('HTTPRoute', 'web', [{ backendRefs: [ref('web-stable')] }, { backendRefs: [ref('web-canary')] }]);
    expect(gatewayApiRouter.managedRoutes?.transform(rollout, config, docs(unweighted), wanted(header('h1')))).toEqual({ ok: false, problems: [
      `${PLUGIN}.httpRoute: HTTPRoute "web" has no rule with backendRefs to both the canary and the stable Service to copy a header route from`] });
    const pruned = rulesAfter(docs(route()), wanted(header('h1'))).map((r) => ({ ...r, name: undefined })).map((r) => JSON.parse(JSON.stringify(r)) as unknown);
    const result = gatewayApiRouter.managedRoutes?.transform(rollout, config, docs(route('HTTPRoute', 'web', pruned)), wanted(header('h1')));
    expect(result?.ok === false && result.problems[0]).toMatch(/holds the header rule "h1" without its name: the installed HTTPRoute CRD predates rule names/);
    expect(gatewayApiRouter.managedRoutes?.transform(rollout, config, new Map([['HTTPRoute/web', null]]), wanted(header('h1')))).toEqual({
      ok: false, problems: [`${PLUGIN}.httpRoute: HTTPRoute "web" not found in namespace "shop"`] });
  });
});
