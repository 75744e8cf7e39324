// Istio header and mirror routes: where they go in the VirtualService, what they route, and that
// the user's other routes and fields stay as they were.
import { describe, expect, it } from 'vitest';
import type { IstioTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout, desiredWeights } from '../contract.js';
import { documentKey, type DesiredRoutes, type ManagedRouteSpec, type RoutingDocument } from '../router.js';
import { istioRouter } from './index.js';
import { plannedWrites } from '../write.js';

const rollout = { ...contractRollout, managedRoutes: ['header-1', 'mirror-1'] };
const vs = (http: unknown[], extra: Record<string, unknown> = {}): RoutingDocument => ({
  apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'vsvc', namespace: 'shop', resourceVersion: '3' },
  spec: { hosts: ['web'], ...extra, http },
});
const docs = (...list: RoutingDocument[]) => new Map(list.map((d) => [documentKey({ kind: d.kind ?? '', name: d.metadata?.name ?? '' }), d]));
const split = (stable: number, canary: number, port?: number) => [
  { destination: { host: 'web-stable', ...(port ? { port: { number: port } } : {}) }, weight: stable },
  { destination: { host: 'web-canary', ...(port ? { port: { number: port } } : {}) }, weight: canary },
];
const primary = (stable = 80, canary = 20, port?: number) => ({ name: 'primary', route: split(stable, canary, port) });
const unmanaged = { name: 'metrics', match: [{ uri: { prefix: '/metrics' } }], route: [{ destination: { host: 'prometheus' } }] };

const headerSpec: ManagedRouteSpec = { kind: 'header', route: { name: 'header-1', match: [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }] } };
const mirrorSpec: ManagedRouteSpec = {
  kind: 'mirror', canaryWeight: 20,
  route: { name: 'mirror-1', percentage: 35, match: [{ method: { exact: 'GET' }, path: { prefix: '/api' }, headers: { 'x-user': { regex: 'a.*' } } }] },
};
const wanted = (...routes: ManagedRouteSpec[]): DesiredRoutes => ({ managed: ['header-1', 'mirror-1'], routes, maxWeight: 100 });
const config: IstioTrafficRouting = { virtualService: { name: 'vsvc', routes: ['primary'] } };

const headerRoute = (port?: number) => ({
  name: 'header-1', match: [{ headers: { 'x-canary': { exact: 'yes' } } }],
  route: [{ destination: { host: 'web-canary', ...(port ? { port: { number: port } } : {}) }, weight: 100 }],
});
const mirrorRoute = {
  name: 'mirror-1', match: [{ method: { exact: 'GET' }, uri: { prefix: '/api' }, headers: { 'x-user': { regex: 'a.*' } } }],
  route: split(80, 20), mirror: { host: 'web-canary' }, mirrorPercentage: { value: 35 },
};

function after(cfg: IstioTrafficRouting, before: Map<string, RoutingDocument | null>, desired: DesiredRoutes) {
  const result = istioRouter.managedRoutes?.transform(rollout, cfg, before, desired);
  if (!result?.ok) throw new Error(result ? result.problems.join('; ') : 'no managed routes');
  return { writes: result.writes, http: applyWrites(before, result.writes).get('VirtualService/vsvc')?.spec?.['http'] };
}

describe('istio managed routes', () => {
  const rows: { name: string; cfg?: IstioTrafficRouting; http: unknown[]; desired: DesiredRoutes; expected: unknown[] }[] = [
    { name: 'a header route goes first, to the canary, the other routes after it', http: [primary(), unmanaged], desired: wanted(headerSpec),
      expected: [headerRoute(), primary(), unmanaged] },
    { name: 'the canary port comes from the weighted route', http: [primary(80, 20, 8080)], desired: wanted(headerSpec), expected: [headerRoute(8080), primary(80, 20, 8080)] },
    { name: 'in managedRoutes order, whatever the order asked', http: [primary()], desired: wanted(mirrorSpec, headerSpec), expected: [headerRoute(), mirrorRoute, primary()] },
    { name: 'a mirror route splits at its step\'s weight and mirrors a percentage to the canary', http: [primary(50, 50)], desired: wanted(mirrorSpec),
      expected: [mirrorRoute, primary(50, 50)] },
    { name: 'routes no longer wanted are removed; unmanaged ones stay', http: [headerRoute(), mirrorRoute, primary(), unmanaged], desired: wanted(),
      expected: [primary(), unmanaged] },
    { name: 'an unnamed single weighted route still takes the weights beside managed ones', cfg: { virtualService: { name: 'vsvc' } },
      http: [headerRoute(), { route: split(80, 20) }], desired: wanted(headerSpec), expected: [headerRoute(), { route: split(80, 20) }] },
  ];
  it.each(rows)('$name', ({ cfg, http, desired, expected }) => {
    expect(after(cfg ?? config, docs(vs(http)), desired).http).toEqual(expected);
  });

  it('subset-level: routes go to the DestinationRule host and the canary subset', () => {
    const cfg: IstioTrafficRouting = { virtualService: { name: 'vsvc' }, destinationRule: { name: 'dr', canarySubsetName: 'canary', stableSubsetName: 'stable' } };
    const rule: RoutingDocument = { kind: 'DestinationRule', metadata: { name: 'dr' }, spec: { host: 'web.shop.svc.cluster.local', subsets: [] } };
    const weighted = { route: [{ destination: { host: 'web', subset: 'stable' }, weight: 100 }, { destination: { host: 'web', subset: 'canary' }, weight: 0 }] };
    const { http } = after(cfg, docs(vs([weighted]), rule), wanted(headerSpec));
    expect((http as unknown[])[0]).toEqual({ ...headerRoute(), route: [{ destination: { host: 'web.shop.svc.cluster.local', subset: 'canary' }, weight: 100 }] });
  });

  it('a fixed point: the same routes again write nothing, whatever key order the API server returns', () => {
    const first = after(config, docs(vs([primary(), unmanaged])), wanted(headerSpec, mirrorSpec));
    const sorted = JSON.parse(JSON.stringify(first.http, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => b.localeCompare(a))) : v))) as unknown[];
    expect(after(config, docs(vs(sorted)), wanted(headerSpec, mirrorSpec)).writes).toEqual([]);
  });

  it('only TLS or TCP routes: nothing to manage', () => {
    const doc: RoutingDocument = { kind: 'VirtualService', metadata: { name: 'vsvc' }, spec: { tcp: [{ route: split(100, 0) }] } };
    expect(istioRouter.managedRoutes?.transform(rollout, config, docs(doc), wanted(headerSpec))).toEqual({ ok: true, writes: [] });
  });

  it('weights and routes together are one write of the VirtualService, keeping its other fields', () => {
    const before = docs(vs([primary(100, 0), unmanaged], { gateways: ['gw'] }));
    const result = plannedWrites({ name: 'istio', router: istioRouter as never, config },
      { metadata: { name: 'web', namespace: 'shop', uid: contractRollout.uid }, spec: { strategy: { canary: {
        canaryService: 'web-canary', stableService: 'web-stable', trafficRouting: { istio: config, managedRoutes: [{ name: 'header-1' }, { name: 'mirror-1' }] } } } } } as never,
      before, desiredWeights(20), wanted(headerSpec));
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.writes).toHaveLength(1);
    expect(result.writes[0]?.document.spec).toEqual({ hosts: ['web'], gateways: ['gw'], http: [headerRoute(), primary(80, 20), unmanaged] });
    expect(istioRouter.read(rollout, config, applyWrites(before, result.writes))).toEqual({ canary: 20, stable: 80, additional: [] });
  });
});
