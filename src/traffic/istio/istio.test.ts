import { describe, expect, it } from 'vitest';
import type { IstioTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout as rollout, desiredWeights, runRouterContract } from '../contract.js';
import { documentKey, type RoutingDocument } from '../router.js';
import { istioRouter } from './index.js';

function vs(name: string, spec: Record<string, unknown>): RoutingDocument {
  return { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name, namespace: 'shop', resourceVersion: '7' }, spec };
}
const split = (stable = 100, canary = 0, host = (s: string) => s) => [
  { destination: { host: host('web-stable') }, weight: stable },
  { destination: { host: host('web-canary') }, weight: canary },
];
const docs = (...list: RoutingDocument[]) => new Map(list.map((d) => [documentKey({ kind: d.kind ?? '', name: d.metadata?.name ?? '' }), d]));

/** The VirtualService of seed 004: a managed route and an unmanaged one beside it. */
const seed004 = () => vs('vsvc', {
  gateways: ['gw'], hosts: ['*'],
  http: [
    { name: 'primary', match: [{ uri: { exact: '/' } }], route: split() },
    { name: 'prometheus', match: [{ uri: { prefix: '/api' } }], route: [{ destination: { host: 'prometheus' } }] },
  ],
});

runRouterContract('istio, host-level', {
  router: istioRouter, config: { virtualService: { name: 'vsvc', routes: ['primary'] } }, documents: () => docs(seed004()),
});

const subsetConfig: IstioTrafficRouting = {
  virtualService: { name: 'vsvc' }, destinationRule: { name: 'web-dr', canarySubsetName: 'canary', stableSubsetName: 'stable' },
};
const subsetDocs = () => docs(
  vs('vsvc', { hosts: ['web'], http: [{ route: [{ destination: { host: 'web', subset: 'stable' }, weight: 100 }, { destination: { host: 'web', subset: 'canary' }, weight: 0 }] }] }),
  { apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: 'web-dr', namespace: 'shop' },
    spec: { host: 'web', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: [{ name: 'canary', labels: { app: 'web' } }, { name: 'stable', labels: { app: 'web' } }] } },
);
runRouterContract('istio, subset-level', { router: istioRouter, config: subsetConfig, documents: subsetDocs });

function routeAfter(config: IstioTrafficRouting, before: Map<string, RoutingDocument | null>, canary: number, name = 'vsvc') {
  const result = istioRouter.transform(rollout, config, before, desiredWeights(canary));
  if (!result.ok) throw new Error(result.problems.join('; '));
  return applyWrites(before, result.writes).get(`VirtualService/${name}`)?.spec;
}

describe('istio transform', () => {
  const rows: { name: string; config: IstioTrafficRouting; doc: RoutingDocument; canary: number; expected: Record<string, unknown> }[] = [
    {
      name: 'an unmanaged route beside the managed one stays as it is',
      config: { virtualService: { name: 'vsvc', routes: ['primary'] } }, doc: seed004(), canary: 50,
      expected: { ...seed004().spec, http: [{ ...(seed004().spec?.['http'] as object[])[0], route: split(50, 50) }, (seed004().spec?.['http'] as object[])[1]] },
    },
    {
      name: 'several named routes all take the weight',
      config: { virtualService: { name: 'vsvc', routes: ['a', 'b'] } },
      doc: vs('vsvc', { http: [{ name: 'a', route: split() }, { name: 'b', route: split() }] }), canary: 34,
      expected: { http: [{ name: 'a', route: split(66, 34) }, { name: 'b', route: split(66, 34) }] },
    },
    {
      name: 'weights already set are overwritten',
      config: { virtualService: { name: 'vsvc' } }, doc: vs('vsvc', { http: [{ route: split(40, 60) }] }), canary: 100,
      expected: { http: [{ route: split(0, 100) }] },
    },
    {
      name: 'fully qualified hosts name the same Services',
      config: { virtualService: { name: 'vsvc' } },
      doc: vs('vsvc', { http: [{ route: split(100, 0, (s) => `${s}.shop.svc.cluster.local`) }] }), canary: 25,
      expected: { http: [{ route: split(75, 25, (s) => `${s}.shop.svc.cluster.local`) }] },
    },
    {
      name: 'TLS routes by port and SNI host, TCP routes by port; HTTP routes untouched',
      config: { virtualService: { name: 'vsvc', tlsRoutes: [{ port: 443, sniHosts: ['web.example.com'] }], tcpRoutes: [{ port: 5432 }] } },
      doc: vs('vsvc', {
        http: [{ name: 'h', route: split() }],
        tls: [{ match: [{ port: 443, sniHosts: ['web.example.com'] }], route: split() }, { match: [{ port: 8443, sniHosts: ['x'] }], route: split() }],
        tcp: [{ match: [{ port: 5432 }], route: split() }],
      }), canary: 10,
      expected: {
        http: [{ name: 'h', route: split() }],
        tls: [{ match: [{ port: 443, sniHosts: ['web.example.com'] }], route: split(90, 10) }, { match: [{ port: 8443, sniHosts: ['x'] }], route: split() }],
        tcp: [{ match: [{ port: 5432 }], route: split(90, 10) }],
      },
    },
  ];
  it.each(rows)('$name', ({ config, doc, canary, expected }) => {
    expect(routeAfter(config, docs(doc), canary)).toEqual(expected);
  });

  it('fields Istio adds to a destination (port, headers) are kept', () => {
    const route = [{ destination: { host: 'web-stable', port: { number: 80 } }, weight: 100, headers: { request: { set: { a: 'b' } } } },
      { destination: { host: 'web-canary', port: { number: 80 } }, weight: 0 }];
    expect(routeAfter({ virtualService: { name: 'vsvc' } }, docs(vs('vsvc', { http: [{ route }] })), 20)).toEqual({
      http: [{ route: [{ ...route[0], weight: 80 }, { ...route[1], weight: 20 }] }],
    });
  });

  it('additional destinations follow the canary and leave when the experiment ends', () => {
    const config = { virtualService: { name: 'vsvc' } };
    const withExperiment = { ...desiredWeights(20), stable: { weight: 70 }, additional: [{ weight: 10, serviceName: 'web-exp' }] };
    const result = istioRouter.transform(rollout, config, docs(vs('vsvc', { http: [{ route: split() }] })), withExperiment);
    if (!result.ok) throw new Error(result.problems.join('; '));
    const after = applyWrites(docs(vs('vsvc', { http: [{ route: split() }] })), result.writes);
    expect(after.get('VirtualService/vsvc')?.spec).toEqual({ http: [{ route: [...split(70, 20), { destination: { host: 'web-exp' }, weight: 10 }] }] });
    expect(istioRouter.read(rollout, config, after)).toEqual({ canary: 20, stable: 70, additional: [{ weight: 10, serviceName: 'web-exp' }] });
    const ended = istioRouter.transform(rollout, config, after, desiredWeights(20));
    if (!ended.ok) throw new Error(ended.problems.join('; '));
    expect(applyWrites(after, ended.writes).get('VirtualService/vsvc')?.spec).toEqual({ http: [{ route: split(80, 20) }] });
  });

  it('subset-level: the subsets select the ReplicaSets by hash and the DestinationRule is written first', () => {
    const result = istioRouter.transform(rollout, subsetConfig, subsetDocs(), desiredWeights(30, 100, { canary: 'new', stable: 'old' }));
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.writes.map((w) => w.kind)).toEqual(['DestinationRule', 'VirtualService']);
    const rule = result.writes[0]?.document;
    expect(rule?.spec?.['subsets']).toEqual([
      { name: 'canary', labels: { app: 'web', 'rollouts-pod-template-hash': 'new' } },
      { name: 'stable', labels: { app: 'web', 'rollouts-pod-template-hash': 'old' } },
    ]);
    expect(rule?.spec?.['trafficPolicy']).toEqual({ tls: { mode: 'ISTIO_MUTUAL' } });
    expect(rule?.metadata?.annotations).toEqual({ 'argo-rollouts.argoproj.io/managed-by-rollouts': 'web' });
  });

  const problems: { name: string; config: IstioTrafficRouting; doc: RoutingDocument; message: string }[] = [
    { name: 'a named route that does not exist', config: { virtualService: { name: 'vsvc', routes: ['nope'] } }, doc: seed004(),
      message: 'spec.strategy.canary.trafficRouting.istio.virtualService.routes[0]: VirtualService "vsvc" has no HTTP route named "nope"' },
    { name: 'no route named and several routes', config: { virtualService: { name: 'vsvc' } }, doc: seed004(),
      message: 'spec.strategy.canary.trafficRouting.istio.virtualService.routes: VirtualService "vsvc" has 2 HTTP routes; name the ones to route' },
    { name: 'a route without the canary Service', config: { virtualServices: [{ name: 'vsvc', routes: ['prometheus'] }] }, doc: seed004(),
      message: 'spec.strategy.canary.trafficRouting.istio.virtualServices[0]: HTTP route "prometheus" of VirtualService "vsvc" has no destination with the canary host "web-canary"' },
    { name: 'a TLS route that matches nothing', config: { virtualService: { name: 'vsvc', tlsRoutes: [{ port: 443 }] } }, doc: seed004(),
      message: 'spec.strategy.canary.trafficRouting.istio.virtualService.tlsRoutes[0]: VirtualService "vsvc" has no TLS route matching port 443 and SNI hosts []' },
  ];
  it.each(problems)('$name is a problem naming the field', ({ config, doc, message }) => {
    expect(istioRouter.transform(rollout, config, docs(doc), desiredWeights(10))).toEqual({ ok: false, problems: [message] });
  });
});
