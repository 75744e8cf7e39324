import { describe, expect, it } from 'vitest';
import type { ApisixTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout } from '../contract.js';
import { plannedWrites } from '../write.js';
import { documentKey, type DesiredRoutes, type ManagedRouteSpec, type RoutingDocument } from '../router.js';
import { apisixRouter } from './index.js';
import { headerExprs } from './header-routes.js';

const rollout = { ...contractRollout, managedRoutes: ['header-route', 'beta-route'] };
const owner = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: rollout.uid, controller: true, blockOwnerDeletion: true };
const config: ApisixTrafficRouting = { route: { name: 'web', rules: ['web'] } };
const userRoute = (): RoutingDocument => ({
  apiVersion: 'apisix.apache.org/v2', kind: 'ApisixRoute',
  metadata: { name: 'web', namespace: 'shop', uid: 'u-1', resourceVersion: '7', labels: { team: 'shop' }, annotations: { note: 'kept', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
  spec: {
    http: [
      { name: 'web', priority: 3, match: { paths: ['/*'], exprs: [{ subject: { scope: 'Query', name: 'debug' }, op: 'Equal', value: '1' }] },
        backends: [{ serviceName: 'web-stable', servicePort: 80, weight: 80 }, { serviceName: 'web-canary', servicePort: 80, weight: 20 }] },
      { name: 'metrics', match: { paths: ['/metrics'] }, backends: [{ serviceName: 'prometheus', servicePort: 9090 }] },
    ],
  },
});
const docs = (...list: RoutingDocument[]) => new Map<string, RoutingDocument | null>([
  [documentKey({ kind: 'ApisixRoute', name: 'header-route' }), null], [documentKey({ kind: 'ApisixRoute', name: 'beta-route' }), null],
  ...list.map((d): [string, RoutingDocument] => [documentKey({ kind: d.kind ?? '', name: d.metadata?.name ?? '' }), d]),
]);
const header = (name: string, headerName = 'x-canary', value: { exact?: string; prefix?: string; regex?: string } = { exact: 'yes' }): ManagedRouteSpec => ({ kind: 'header', route: { name, match: [{ headerName, headerValue: value }] } });
const routes = (...list: ManagedRouteSpec[]): DesiredRoutes => ({ managed: rollout.managedRoutes, routes: list, maxWeight: 100 });
const transform = apisixRouter.managedRoutes!.transform;

/** The header route Argo Rollouts makes of the user's route for `x-canary: yes`. */
const headerRouteSpec = {
  http: [
    { name: 'web', priority: 4, match: { paths: ['/*'], exprs: [{ subject: { scope: 'Header', name: 'x-canary' }, op: 'Equal', value: 'yes' }] },
      backends: [{ serviceName: 'web-canary', servicePort: 80, weight: 100 }] },
    { name: 'metrics', match: { paths: ['/metrics'] }, backends: [{ serviceName: 'prometheus', servicePort: 9090 }] },
  ],
};

describe('apisix header routes', () => {
  it('creates the header route as an ApisixRoute of its own, copied from the user\'s, owned by the Rollout', () => {
    expect(transform(rollout, config, docs(userRoute()), routes(header('header-route')))).toEqual({ ok: true, writes: [{ op: 'create', kind: 'ApisixRoute', document: {
      apiVersion: 'apisix.apache.org/v2', kind: 'ApisixRoute',
      metadata: { name: 'header-route', namespace: 'shop', labels: { team: 'shop' }, annotations: { note: 'kept' }, ownerReferences: [owner] },
      spec: headerRouteSpec,
    } }] });
  });

  it('writes nothing when the route is as wanted; replaces it when the step\'s match changes', () => {
    const created = transform(rollout, config, docs(userRoute()), routes(header('header-route')));
    if (!created.ok) throw new Error(created.problems.join('; '));
    const after = applyWrites(docs(userRoute()), created.writes);
    expect(transform(rollout, config, after, routes(header('header-route')))).toEqual({ ok: true, writes: [] });
    const changed = transform(rollout, config, after, routes(header('header-route', 'x-beta', { prefix: 'v1.' })));
    expect(changed.ok && changed.writes.map((w) => [w.op, w.document.metadata?.name, (w.document.spec?.['http'] as { match: unknown }[])[0]?.match])).toEqual([
      ['replace', 'header-route', { paths: ['/*'], exprs: [{ subject: { scope: 'Header', name: 'x-beta' }, op: 'RegexMatch', value: '^v1\\..*' }] }],
    ]);
  });

  it('stays put as the weights move: the header route sends everything to the canary at any step', () => {
    const first = plannedWrites({ name: 'apisix', router: apisixRouter as never, config }, rolloutOf(), docs(userRoute()), weights(20), routes(header('header-route')));
    if (!first.ok) throw new Error(first.problems.join('; '));
    const after = applyWrites(docs(userRoute()), first.writes);
    const next = plannedWrites({ name: 'apisix', router: apisixRouter as never, config }, rolloutOf(), after, weights(60), routes(header('header-route')));
    expect(next.ok && next.writes.map((w) => [w.op, w.document.metadata?.name])).toEqual([['replace', 'web']]);
  });

  it('deletes a managed route no step wants, only when the Rollout owns it', () => {
    const mine: RoutingDocument = { apiVersion: 'apisix.apache.org/v2', kind: 'ApisixRoute', metadata: { name: 'header-route', uid: 'u-2', resourceVersion: '9', ownerReferences: [owner] }, spec: headerRouteSpec };
    const theirs: RoutingDocument = { apiVersion: 'apisix.apache.org/v2', kind: 'ApisixRoute', metadata: { name: 'beta-route', uid: 'u-3' }, spec: headerRouteSpec };
    expect(transform(rollout, config, docs(userRoute(), mine, theirs), routes())).toEqual({ ok: true, writes: [{ op: 'delete', kind: 'ApisixRoute', document: mine }] });
  });

  it('a header route of a name another object has is a problem naming the managed route', () => {
    const theirs: RoutingDocument = { apiVersion: 'apisix.apache.org/v2', kind: 'ApisixRoute', metadata: { name: 'beta-route' }, spec: {} };
    expect(transform(rollout, config, docs(userRoute(), theirs), routes(header('header-route'), header('beta-route')))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.managedRoutes[1].name: ApisixRoute "beta-route" exists and is not owned by Rollout "web"'],
    });
  });

  it('a user route that cannot be weighed is a problem naming the field, and no route is made', () => {
    const broken = { ...userRoute(), spec: { http: [{ name: 'web', match: { paths: ['/*'] }, backends: [{ serviceName: 'web-stable', servicePort: 80 }] }] } };
    expect(transform(rollout, config, docs(broken), routes(header('header-route')))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.apisix.route.rules[0]: HTTP rule "web" of ApisixRoute "web" has no backend with serviceName "web-canary" (the canary Service)'],
    });
  });

  it('without managed routes there is nothing to do', () => {
    expect(transform(rollout, config, docs(userRoute()), { managed: [], routes: [], maxWeight: 100 })).toEqual({ ok: true, writes: [] });
  });
});

describe('apisix header expressions', () => {
  it.each([
    ['exact', { exact: 'yes' }, [{ op: 'Equal', value: 'yes' }]],
    ['regex', { regex: '^1\\d+$' }, [{ op: 'RegexMatch', value: '^1\\d+$' }]],
    ['prefix, taken literally', { prefix: 'a.b*' }, [{ op: 'RegexMatch', value: '^a\\.b\\*.*' }]],
  ])('%s', (_name, headerValue, exprs) => {
    expect(headerExprs([{ headerName: 'x-v', headerValue }])).toEqual(exprs.map((e) => ({ subject: { scope: 'Header', name: 'x-v' }, ...e })));
  });

  it('one expression per header match', () => {
    expect(headerExprs([{ headerName: 'a', headerValue: { exact: '1' } }, { headerName: 'b', headerValue: { exact: '2' } }]).map((e) => e['value'])).toEqual(['1', '2']);
  });
});

function weights(canary: number) {
  return {
    canary: { weight: canary, serviceName: 'web-canary' }, stable: { weight: 100 - canary, serviceName: 'web-stable' }, additional: [], maxWeight: 100,
  };
}

function rolloutOf() {
  return {
    metadata: { name: 'web', namespace: 'shop', uid: rollout.uid },
    spec: { strategy: { canary: { canaryService: 'web-canary', stableService: 'web-stable', trafficRouting: { managedRoutes: rollout.managedRoutes.map((name) => ({ name })), apisix: config } } } },
  } as never;
}
