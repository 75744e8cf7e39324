import { describe, expect, it } from 'vitest';
import type { NginxTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout as rollout, desiredWeights, runRouterContract } from '../contract.js';
import { documentKey, type RoutingDocument } from '../router.js';
import { nginxRouter } from './index.js';

/** Seed 003's Ingress, with a second path to another Service that the canary must not copy. */
function stableIngress(name = 'web'): RoutingDocument {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
    metadata: { name, namespace: 'shop', resourceVersion: '3', annotations: { 'kubernetes.io/ingress.class': 'nginx', team: 'a' }, labels: { app: 'web' } },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['web.example.com'], secretName: 'tls' }],
      rules: [
        { host: 'web.example.com', http: { paths: [
          { path: '/', pathType: 'Prefix', backend: { service: { name: 'web-stable', port: { number: 80 } } } },
          { path: '/admin', pathType: 'Prefix', backend: { service: { name: 'admin', port: { number: 80 } } } },
        ] } },
        { host: 'other.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'other', port: { number: 80 } } } }] } },
      ],
    },
  };
}
const docs = (...list: RoutingDocument[]) => new Map<string, RoutingDocument | null>(list.map((d) => [documentKey({ kind: 'Ingress', name: d.metadata?.name ?? '' }), d]));

const seed003: NginxTrafficRouting = { stableIngress: 'web', additionalIngressAnnotations: { 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'true' } };
runRouterContract('nginx', { router: nginxRouter, config: seed003, documents: () => docs(stableIngress()) });
runRouterContract('nginx with maxTrafficWeight 1000 and two stable Ingresses', {
  router: nginxRouter, config: { stableIngresses: ['web', 'web-internal'] }, documents: () => docs(stableIngress(), stableIngress('web-internal')), maxWeight: 1000,
});

describe('nginx transform', () => {
  it('creates a canary Ingress owned by the Rollout: the stable Service\'s paths, sent to the canary Service', () => {
    const result = nginxRouter.transform(rollout, seed003, docs(stableIngress()), desiredWeights(40));
    expect(result).toEqual({ ok: true, writes: [{ op: 'create', kind: 'Ingress', document: {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
      metadata: {
        name: 'web-web-canary', namespace: 'shop',
        annotations: {
          'kubernetes.io/ingress.class': 'nginx',
          'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
          'nginx.ingress.kubernetes.io/canary-by-header-value': 'true',
          'nginx.ingress.kubernetes.io/canary': 'true',
          'nginx.ingress.kubernetes.io/canary-weight': '40',
        },
        ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: rollout.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        ingressClassName: 'nginx', tls: [{ hosts: ['web.example.com'], secretName: 'tls' }],
        rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web-canary', port: { number: 80 } } } }] } }],
      },
    } }] });
  });

  it('updates only the weight of an existing canary Ingress, keeping its metadata', () => {
    const first = nginxRouter.transform(rollout, seed003, docs(stableIngress()), desiredWeights(40));
    if (!first.ok) throw new Error('unexpected');
    const created = applyWrites(docs(stableIngress()), first.writes);
    const existing = created.get('Ingress/web-web-canary');
    if (existing?.metadata) existing.metadata = { ...existing.metadata, resourceVersion: '9', uid: 'abc' };
    const next = nginxRouter.transform(rollout, seed003, created, desiredWeights(60));
    expect(next.ok && next.writes.map((w) => [w.op, w.document.metadata?.resourceVersion, w.document.metadata?.annotations?.['nginx.ingress.kubernetes.io/canary-weight']]))
      .toEqual([['replace', '9', '60']]);
  });

  it('annotationPrefix, maxTrafficWeight and canaryIngressAnnotations', () => {
    const config: NginxTrafficRouting = { stableIngress: 'web', annotationPrefix: 'custom.nginx.io', canaryIngressAnnotations: { 'example.com/owner': 'team-a' } };
    const result = nginxRouter.transform(rollout, config, docs(stableIngress()), desiredWeights(250, 1000));
    expect(result.ok && result.writes[0]?.document.metadata?.annotations).toEqual({
      'kubernetes.io/ingress.class': 'nginx', 'custom.nginx.io/canary': 'true', 'custom.nginx.io/canary-weight': '250',
      'custom.nginx.io/canary-weight-total': '1000', 'example.com/owner': 'team-a',
    });
  });

  it('refuses to take over an Ingress of the canary\'s name that the Rollout does not own', () => {
    const squatter: RoutingDocument = { ...stableIngress('web-web-canary'), metadata: { name: 'web-web-canary' } };
    expect(nginxRouter.transform(rollout, seed003, docs(stableIngress(), squatter), desiredWeights(10))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.nginx.stableIngress: Ingress "web-web-canary" exists and is not owned by Rollout "web"'],
    });
  });

  it('a stable Ingress with no path to the stable Service is a problem', () => {
    const ingress = stableIngress();
    ingress.spec = { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 'other' } } }] } }] };
    expect(nginxRouter.transform(rollout, seed003, docs(ingress), desiredWeights(10))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.nginx.stableIngress: Ingress "web" has no rule sending traffic to the stable Service "web-stable"'],
    });
  });

  it('reads all traffic on the stable before the canary Ingress exists', () => {
    expect(nginxRouter.read(rollout, seed003, docs(stableIngress()))).toEqual({ canary: 0, stable: 100, additional: [] });
  });
});
