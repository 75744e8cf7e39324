import { describe, expect, it } from 'vitest';
import type { AlbTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout as rollout, desiredWeights, runRouterContract } from '../contract.js';
import { documentKey, type RoutingDocument } from '../router.js';
import { albRouter } from './index.js';

/** Seed 002's Ingress: the stable Service's backend on port `use-annotation`, plus a second path the router must leave alone. */
function ingress(name = 'web', service = 'web-stable'): RoutingDocument {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
    metadata: { name, namespace: 'shop', resourceVersion: '3', annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' }, labels: { app: 'web' } },
    spec: {
      ingressClassName: 'alb',
      rules: [{ http: { paths: [
        { path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { name: 'use-annotation' } } } },
        { path: '/admin', pathType: 'Prefix', backend: { service: { name: 'admin', port: { number: 80 } } } },
      ] } }],
    },
  };
}
const docs = (...list: RoutingDocument[]) => new Map<string, RoutingDocument | null>(list.map((d) => [documentKey({ kind: 'Ingress', name: d.metadata?.name ?? '' }), d]));
const seed002: AlbTrafficRouting = { ingress: 'web', servicePort: 80 };

runRouterContract('alb', { router: albRouter, config: seed002, documents: () => docs(ingress()) });
runRouterContract('alb with two Ingresses, a rootService and maxTrafficWeight 1000', {
  router: albRouter, config: { ingresses: ['web', 'web-internal'], servicePort: 8080, rootService: 'web-root' },
  documents: () => docs(ingress('web', 'web-root'), ingress('web-internal', 'web-root')), maxWeight: 1000,
});

describe('alb transform', () => {
  it('writes Argo\'s forward action: canary, the additional destinations, then the stable with the rest', () => {
    const desired = { ...desiredWeights(20), additional: [{ weight: 5, serviceName: 'exp-baseline' }, { weight: 5, serviceName: 'exp-canary' }] };
    const result = albRouter.transform(rollout, seed002, docs(ingress()), desired);
    if (!result.ok) throw new Error(result.problems.join('; '));
    const expected = ingress();
    expected.metadata!.annotations = {
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/actions.web-stable': '{"Type":"forward","ForwardConfig":{"TargetGroups":['
        + '{"ServiceName":"web-canary","ServicePort":"80","Weight":20},{"ServiceName":"exp-baseline","ServicePort":"80","Weight":5},'
        + '{"ServiceName":"exp-canary","ServicePort":"80","Weight":5},{"ServiceName":"web-stable","ServicePort":"80","Weight":70}]}}',
      'rollouts.argoproj.io/managed-alb-annotations': '{"web":["alb.ingress.kubernetes.io/actions.web-stable"]}',
    };
    expect(result.writes).toEqual([{ op: 'replace', kind: 'Ingress', document: expected }]);
    expect(albRouter.read(rollout, seed002, applyWrites(docs(ingress()), result.writes))).toEqual({
      canary: 20, stable: 70, additional: [{ weight: 5, serviceName: 'exp-baseline' }, { weight: 5, serviceName: 'exp-canary' }],
    });
  });

  it('annotationPrefix, rootService and stickinessConfig; another Rollout\'s record, and the deprecated record, are kept', () => {
    const config: AlbTrafficRouting = { ingress: 'web', servicePort: 443, rootService: 'web-root', annotationPrefix: 'custom.alb.io', stickinessConfig: { enabled: true, durationSeconds: 60 } };
    const shared = ingress('web', 'web-root');
    shared.metadata!.annotations!['rollouts.argoproj.io/managed-alb-annotations'] = '{"zz":["custom.alb.io/actions.zz"],"other":["custom.alb.io/actions.other"]}';
    shared.metadata!.annotations!['rollouts.argoproj.io/managed-alb-actions'] = 'other:custom.alb.io/actions.other';
    const result = albRouter.transform(rollout, config, docs(shared), desiredWeights(10));
    const annotations = result.ok ? result.writes[0]?.document.metadata?.annotations : undefined;
    expect(annotations?.['custom.alb.io/actions.web-root']).toBe('{"Type":"forward","ForwardConfig":{"TargetGroups":['
      + '{"ServiceName":"web-canary","ServicePort":"443","Weight":10},{"ServiceName":"web-stable","ServicePort":"443","Weight":90}],'
      + '"TargetGroupStickinessConfig":{"Enabled":true,"DurationSeconds":60}}}');
    // Go marshals a map with its keys sorted.
    expect(annotations?.['rollouts.argoproj.io/managed-alb-annotations'])
      .toBe('{"other":["custom.alb.io/actions.other"],"web":["custom.alb.io/actions.web-root"],"zz":["custom.alb.io/actions.zz"]}');
    expect(annotations?.['rollouts.argoproj.io/managed-alb-actions']).toBe('other:custom.alb.io/actions.other');
  });

  it('a disabled stickinessConfig is left out, as Argo leaves it; an enabled one out of AWS\'s range is a problem naming the field', () => {
    const off = albRouter.transform(rollout, { ...seed002, stickinessConfig: { enabled: false, durationSeconds: 60 } }, docs(ingress()), desiredWeights(10));
    expect(off.ok && off.writes[0]?.document.metadata?.annotations?.['alb.ingress.kubernetes.io/actions.web-stable']).not.toContain('Stickiness');
    expect(albRouter.transform(rollout, { ...seed002, stickinessConfig: { enabled: true, durationSeconds: 0 } }, docs(ingress()), desiredWeights(10))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.alb.stickinessConfig.durationSeconds: must be 1-604800 seconds (7 days) when enabled, got 0'],
    });
  });

  it('a managed-annotations record that is not Argo\'s JSON is a problem naming the Ingress, never overwritten', () => {
    const bad = ingress();
    bad.metadata!.annotations!['rollouts.argoproj.io/managed-alb-annotations'] = 'web:alb.ingress.kubernetes.io/actions.web-stable,';
    expect(albRouter.transform(rollout, seed002, docs(bad), desiredWeights(10))).toEqual({ ok: false, problems: [
      'spec.strategy.canary.trafficRouting.alb.ingress: Ingress "web" annotation rollouts.argoproj.io/managed-alb-annotations is not a JSON object of annotation key lists; fix or remove it',
    ] });
  });

  it('an Ingress with no rule to the action\'s Service is a problem naming the field', () => {
    expect(albRouter.transform(rollout, seed002, docs(ingress('web', 'other')), desiredWeights(10))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.alb.ingress: Ingress "web" has no rule sending traffic to the Service "web-stable" (stableService)'],
    });
  });

  it('reads all traffic on the stable before the action exists, and a malformed action the same way', () => {
    expect(albRouter.read(rollout, seed002, docs(ingress()))).toEqual({ canary: 0, stable: 100, additional: [] });
    const broken = ingress();
    broken.metadata!.annotations!['alb.ingress.kubernetes.io/actions.web-stable'] = '{not json';
    expect(albRouter.read(rollout, seed002, docs(broken))).toEqual({ canary: 0, stable: 100, additional: [] });
  });
});
