import { describe, expect, it } from 'vitest';
import type { ApisixTrafficRouting } from '../../api/types.js';
import { contractRollout as rollout, desiredWeights, runRouterContract } from '../contract.js';
import { documentKey, type RoutingDocument } from '../router.js';
import { apisixRouter } from './index.js';

type Backend = { serviceName: string; servicePort: number; weight?: number };
const backend = (serviceName: string, weight?: number): Backend => ({ serviceName, servicePort: 80, ...(weight !== undefined ? { weight } : {}) });

/** The user's ApisixRoute: a rule per name, each with the stable and canary backends, plus an unmanaged rule. */
function apisixRoute(name: string, rules: Record<string, Backend[]>, extra: Record<string, unknown>[] = []): RoutingDocument {
  return {
    apiVersion: 'apisix.apache.org/v2', kind: 'ApisixRoute', metadata: { name, namespace: 'shop', resourceVersion: '7' },
    spec: {
      ingressClassName: 'apisix',
      http: [
        ...Object.entries(rules).map(([rule, backends]) => ({ name: rule, match: { hosts: ['web.example.com'], paths: [`/${rule}*`] }, backends })),
        ...extra,
      ],
    },
  };
}
const docs = (...list: RoutingDocument[]) => new Map<string, RoutingDocument | null>(list.map((d) => [documentKey({ kind: d.kind ?? '', name: d.metadata?.name ?? '' }), d]));
const metricsRule = { name: 'metrics', match: { paths: ['/metrics'] }, backends: [backend('prometheus')], plugins: [{ name: 'ip-restriction', enable: true, config: { whitelist: ['10.0.0.0/8'] } }] };
const webRoute = () => apisixRoute('web', { web: [backend('web-stable', 100), backend('web-canary', 0)] }, [metricsRule]);
const config = (c: ApisixTrafficRouting['route']): ApisixTrafficRouting => ({ route: c });

runRouterContract('apisix (the rule named after the route)', { router: apisixRouter, config: config({ name: 'web' }), documents: () => docs(webRoute()) });
runRouterContract('apisix with rules', {
  router: apisixRouter, config: config({ name: 'shop', rules: ['api', 'ui'] }),
  documents: () => docs(apisixRoute('shop', { api: [backend('web-canary'), backend('web-stable')], ui: [backend('web-stable', 100), backend('web-canary', 0), backend('web-legacy', 5)] }, [metricsRule])),
});

function writtenSpec(result: ReturnType<typeof apisixRouter.transform>): unknown {
  if (!result.ok) throw new Error(result.problems.join('; '));
  expect(result.writes.map((w) => [w.op, w.kind, w.document.metadata?.name, w.document.metadata?.resourceVersion])).toEqual([['replace', 'ApisixRoute', result.writes[0]?.document.metadata?.name, '7']]);
  return result.writes[0]?.document.spec;
}

describe('apisix transform', () => {
  it('without rules, weighs the rule named after the route; the unmanaged rule and other fields stay as they are', () => {
    expect(writtenSpec(apisixRouter.transform(rollout, config({ name: 'web' }), docs(webRoute()), desiredWeights(30)))).toEqual({
      ingressClassName: 'apisix',
      http: [
        { name: 'web', match: { hosts: ['web.example.com'], paths: ['/web*'] }, backends: [backend('web-stable', 70), backend('web-canary', 30)] },
        metricsRule,
      ],
    });
  });

  it('weighs every rule in rules, sets weights the user left out, and leaves other backends alone', () => {
    const shop = apisixRoute('shop', { api: [backend('web-canary'), backend('web-stable')], ui: [backend('web-legacy', 5), backend('web-stable', 100), backend('web-canary', 0)], admin: [backend('web-stable')] });
    const spec = writtenSpec(apisixRouter.transform(rollout, config({ name: 'shop', rules: ['ui', 'api'] }), docs(shop), desiredWeights(40))) as { http: { name: string; backends: Backend[] }[] };
    expect(spec.http.map((r) => [r.name, r.backends])).toEqual([
      ['api', [backend('web-canary', 40), backend('web-stable', 60)]],
      ['ui', [backend('web-legacy', 5), backend('web-stable', 60), backend('web-canary', 40)]],
      ['admin', [backend('web-stable')]],
    ]);
  });

  it('writes nothing when the weights are already set, and reads them back', () => {
    const set = apisixRoute('web', { web: [backend('web-stable', 75), backend('web-canary', 25)] });
    expect(apisixRouter.transform(rollout, config({ name: 'web' }), docs(set), desiredWeights(25))).toEqual({ ok: true, writes: [] });
    expect(apisixRouter.read(rollout, config({ name: 'web' }), docs(set))).toEqual({ canary: 25, stable: 75, additional: [] });
  });

  it('reads a backend without a weight at APISIX\'s default, 100', () => {
    const unset = apisixRoute('web', { web: [backend('web-stable'), backend('web-canary', 0)] });
    expect(apisixRouter.read(rollout, config({ name: 'web' }), docs(unset))).toEqual({ canary: 0, stable: 100, additional: [] });
  });

  it.each<[string, ApisixTrafficRouting, RoutingDocument | undefined, string[]]>([
    ['the route name left out', { route: { name: '' } }, webRoute(), ['spec.strategy.canary.trafficRouting.apisix.route.name: is required: the ApisixRoute whose backends\' weights Kanary sets']],
    ['no route block', {}, webRoute(), ['spec.strategy.canary.trafficRouting.apisix.route.name: is required: the ApisixRoute whose backends\' weights Kanary sets']],
    ['the route missing', config({ name: 'web' }), undefined, ['spec.strategy.canary.trafficRouting.apisix.route.name: ApisixRoute "web" not found in namespace "shop"']],
    ['no http rules', config({ name: 'web' }), { ...webRoute(), spec: { stream: [] } }, ['spec.strategy.canary.trafficRouting.apisix.route.name: ApisixRoute "web" has no spec.http rules']],
    ['no rule named after the route', config({ name: 'web' }), apisixRoute('web', { main: [backend('web-stable'), backend('web-canary')] }),
      ['spec.strategy.canary.trafficRouting.apisix.route.name: ApisixRoute "web" has no HTTP rule named "web"']],
    ['an empty rules list', config({ name: 'web', rules: [] }), webRoute(),
      ['spec.strategy.canary.trafficRouting.apisix.route.rules: is empty: name the HTTP rules to weigh, or leave it out for the rule named "web"']],
    ['a rule missing and a rule without the canary backend', config({ name: 'web', rules: ['web', 'api', 'metrics'] }), webRoute(), [
      'spec.strategy.canary.trafficRouting.apisix.route.rules[1]: ApisixRoute "web" has no HTTP rule named "api"',
      'spec.strategy.canary.trafficRouting.apisix.route.rules[2]: HTTP rule "metrics" of ApisixRoute "web" has no backend with serviceName "web-canary" (the canary Service)',
      'spec.strategy.canary.trafficRouting.apisix.route.rules[2]: HTTP rule "metrics" of ApisixRoute "web" has no backend with serviceName "web-stable" (the stable Service)',
    ]],
    ['a rule whose backends are not a list', config({ name: 'web' }), { ...webRoute(), spec: { http: [{ name: 'web', backends: 'web-stable' }] } },
      ['spec.strategy.canary.trafficRouting.apisix.route.name: HTTP rule "web" of ApisixRoute "web" has no backend with serviceName "web-canary" (the canary Service)',
        'spec.strategy.canary.trafficRouting.apisix.route.name: HTTP rule "web" of ApisixRoute "web" has no backend with serviceName "web-stable" (the stable Service)']],
  ])('%s is a problem naming the field', (_name, cfg, doc, problems) => {
    const current = doc ? docs(doc) : new Map([[documentKey({ kind: 'ApisixRoute', name: 'web' }), null]]);
    expect(apisixRouter.transform(rollout, cfg, current, desiredWeights(10))).toEqual({ ok: false, problems });
    expect(apisixRouter.read(rollout, cfg, current)).toBeUndefined();
  });

  it('reads the route and, beside it, the managed routes the Rollout lists', () => {
    expect(apisixRouter.documents({ ...rollout, managedRoutes: ['header-route', 'web'] }, config({ name: 'web' }))).toEqual([
      { kind: 'ApisixRoute', name: 'web' },
      { kind: 'ApisixRoute', name: 'header-route', owned: true },
    ]);
    expect(apisixRouter.documents(rollout, {})).toEqual([]);
  });
});
