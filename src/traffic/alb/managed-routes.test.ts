// ALB header routes: the action and conditions annotations, the `/*` path first in every rule, in
// managedRoutes order, and their removal; the user's paths, rules and annotations stay as they were.
import { describe, expect, it } from 'vitest';
import type { AlbTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout } from '../contract.js';
import { documentKey, type DesiredRoutes, type ManagedRouteSpec, type RoutingDocument } from '../router.js';
import { albRouter } from './index.js';

const RECORD = 'rollouts.argoproj.io/managed-alb-annotations';
const rollout = { ...contractRollout, managedRoutes: ['h1', 'h2'] };
const config: AlbTrafficRouting = { ingress: 'web', servicePort: 80 };
const path = (p: string, service: string, port: Record<string, unknown> = { name: 'use-annotation' }) => ({ path: p, pathType: 'Prefix', backend: { service: { name: service, port } } });
const routePath = (name: string) => ({ path: '/*', pathType: 'ImplementationSpecific', backend: { service: { name, port: { name: 'use-annotation' } } } });
const userPaths = () => [path('/', 'web-stable'), path('/admin', 'admin', { number: 80 })];

function ingress(paths = userPaths(), extra: Record<string, string> = {}): RoutingDocument {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
    metadata: { name: 'web', namespace: 'shop', resourceVersion: '4', annotations: {
      'alb.ingress.kubernetes.io/scheme': 'internet-facing', [RECORD]: '{"web":["alb.ingress.kubernetes.io/actions.web-stable"]}', ...extra } },
    spec: { ingressClassName: 'alb', rules: [{ host: 'a.example.com', http: { paths } }, { host: 'tls-only.example.com' }] },
  };
}
const docs = (d: RoutingDocument) => new Map([[documentKey({ kind: 'Ingress', name: 'web' }), d]]);
const header = (name: string, ...values: [string, string][]): ManagedRouteSpec =>
  ({ kind: 'header', route: { name, match: values.map(([headerName, exact]) => ({ headerName, headerValue: { exact } })) } });
const wanted = (...routes: ManagedRouteSpec[]): DesiredRoutes => ({ managed: ['h1', 'h2'], routes, maxWeight: 100 });
const transform = (d: RoutingDocument, desired: DesiredRoutes) => {
  const result = albRouter.managedRoutes?.transform(rollout, config, docs(d), desired);
  if (!result?.ok) throw new Error(JSON.stringify(result));
  return result;
};
const after = (d: RoutingDocument, desired: DesiredRoutes) => applyWrites(docs(d), transform(d, desired).writes).get('Ingress/web');

describe('alb header routes', () => {
  it('writes the action, the conditions and a path first in every rule with paths; the record lists them after the weights\' action', () => {
    const next = after(ingress(), wanted(header('h2', ['x-canary', 'yes'], ['x-canary', 'also'], ['x-user', 'a&b'])));
    expect(next?.metadata?.annotations).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/actions.h2': '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":100}]}}',
      'alb.ingress.kubernetes.io/conditions.h2': '[{"field":"http-header","httpHeaderConfig":{"httpHeaderName":"x-canary","values":["yes","also"]}},'
        + '{"field":"http-header","httpHeaderConfig":{"httpHeaderName":"x-user","values":["a\\u0026b"]}}]',
      [RECORD]: '{"web":["alb.ingress.kubernetes.io/actions.web-stable","alb.ingress.kubernetes.io/actions.h2","alb.ingress.kubernetes.io/conditions.h2"]}',
    });
    expect(next?.spec?.['rules']).toEqual([{ host: 'a.example.com', http: { paths: [routePath('h2'), ...userPaths()] } }, { host: 'tls-only.example.com' }]);
    expect(next?.spec?.['ingressClassName']).toBe('alb');
  });

  it('puts the paths in managedRoutes order whatever order the steps set them in, and a second pass writes nothing', () => {
    const first = after(ingress(), wanted(header('h2', ['b', '2'])))!;
    const both = after(first, wanted(header('h2', ['b', '2']), header('h1', ['a', '1'])))!;
    const paths = (both.spec?.['rules'] as { http?: { paths: unknown[] } }[])[0]?.http?.paths;
    expect(paths).toEqual([routePath('h1'), routePath('h2'), ...userPaths()]);
    expect(JSON.parse(both.metadata?.annotations?.[RECORD] ?? '')).toEqual({ web: ['alb.ingress.kubernetes.io/actions.web-stable',
      'alb.ingress.kubernetes.io/actions.h2', 'alb.ingress.kubernetes.io/conditions.h2', 'alb.ingress.kubernetes.io/actions.h1', 'alb.ingress.kubernetes.io/conditions.h1'] });
    expect(transform(both, wanted(header('h1', ['a', '1']), header('h2', ['b', '2'])))).toEqual({ ok: true, writes: [] });
  });

  it('removes a route no longer wanted (annotations, record entries, paths), leaving another Rollout\'s record and the user\'s paths', () => {
    const other = { [RECORD]: '{"other":["x"],"web":["alb.ingress.kubernetes.io/actions.web-stable"]}' };
    const set = after(ingress(userPaths(), other), wanted(header('h1', ['a', '1']), header('h2', ['b', '2'])))!;
    const back = after(set, wanted(header('h2', ['b', '2'])))!;
    expect(Object.keys(back.metadata?.annotations ?? {}).sort()).toEqual(['alb.ingress.kubernetes.io/actions.h2', 'alb.ingress.kubernetes.io/conditions.h2',
      'alb.ingress.kubernetes.io/scheme', RECORD]);
    const none = after(back, wanted())!;
    expect(none.metadata?.annotations).toEqual(ingress(userPaths(), other).metadata?.annotations);
    expect(none.spec).toEqual(ingress().spec);
  });

  it('writes nothing without managed routes, or when none is set and none is there', () => {
    expect(albRouter.managedRoutes?.transform(rollout, config, docs(ingress()), { managed: [], routes: [], maxWeight: 100 })).toEqual({ ok: true, writes: [] });
    expect(transform(ingress(), wanted())).toEqual({ ok: true, writes: [] });
  });

  it('a missing Ingress is a problem naming the field', () => {
    expect(albRouter.managedRoutes?.transform(rollout, config, new Map([['Ingress/web', null]]), wanted(header('h1', ['a', '1'])))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.alb.ingress: Ingress "web" not found in namespace "shop"'],
    });
  });
});
