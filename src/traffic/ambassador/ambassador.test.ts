import { describe, expect, it } from 'vitest';
import type { AmbassadorTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout as rollout, desiredWeights, runRouterContract } from '../contract.js';
import { documentKey, type RoutingDocument } from '../router.js';
import { ambassadorRouter } from './index.js';
import { canaryMappingName, canaryServiceField } from './mapping.js';

const owner = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: rollout.uid, controller: true, blockOwnerDeletion: true };

/** The user's Mapping, with fields Kanary must copy to the canary as they are. */
function mapping(name = 'web', spec: Record<string, unknown> = {}, apiVersion = 'getambassador.io/v2'): RoutingDocument {
  return {
    apiVersion, kind: 'Mapping',
    metadata: { name, namespace: 'shop', resourceVersion: '3', labels: { team: 'a' }, annotations: { note: 'mine' } },
    spec: { prefix: '/web/', hostname: 'web.example.com', service: 'web-stable.shop:8080', timeout_ms: 3000, ambassador_id: ['edge'], ...spec },
  };
}
/** Another Mapping of the same namespace the Rollout does not name. */
const other = mapping('admin', { prefix: '/admin/', service: 'admin:80' });
const docs = (...list: RoutingDocument[]) => new Map<string, RoutingDocument | null>(list.map((d) => [documentKey({ kind: 'Mapping', name: d.metadata?.name ?? '' }), d]));
const config: AmbassadorTrafficRouting = { mappings: ['web'] };

runRouterContract('ambassador', { router: ambassadorRouter, config, documents: () => docs(mapping(), other) });
runRouterContract('ambassador with two Mappings (v3alpha1)', {
  router: ambassadorRouter, config: { mappings: ['web', 'web-grpc'] },
  documents: () => docs(mapping('web', {}, 'getambassador.io/v3alpha1'), mapping('web-grpc', { prefix: '/grpc/', grpc: true, service: 'web-stable:9090' }, 'getambassador.io/v3alpha1')),
});

describe('ambassador transform', () => {
  it('creates the canary Mapping as Argo does: <mapping>-canary, the spec copied with the canary Service and the weight, owned by the Rollout', () => {
    expect(ambassadorRouter.transform(rollout, config, docs(mapping(), other), desiredWeights(25))).toEqual({ ok: true, writes: [{ op: 'create', kind: 'Mapping', document: {
      apiVersion: 'getambassador.io/v2', kind: 'Mapping',
      metadata: { name: 'web-canary', namespace: 'shop', ownerReferences: [owner] },
      spec: { prefix: '/web/', hostname: 'web.example.com', service: 'web-canary.shop:8080', timeout_ms: 3000, ambassador_id: ['edge'], weight: 25 },
    } }] });
  });

  it('moves the weight of an existing canary Mapping, keeping its metadata; nothing when it already routes the weight', () => {
    const created = ambassadorRouter.transform(rollout, config, docs(mapping()), desiredWeights(25));
    if (!created.ok) throw new Error(created.problems.join('; '));
    const after = applyWrites(docs(mapping()), created.writes);
    const canary = after.get('Mapping/web-canary');
    if (canary?.metadata) canary.metadata = { ...canary.metadata, resourceVersion: '8', uid: 'u1', generation: 1 };
    expect(ambassadorRouter.transform(rollout, config, after, desiredWeights(25))).toEqual({ ok: true, writes: [] });
    const next = ambassadorRouter.transform(rollout, config, after, desiredWeights(75));
    expect(next.ok && next.writes.map((w) => [w.op, w.document.metadata?.resourceVersion, w.document.metadata?.uid, w.document.spec?.['weight']])).toEqual([['replace', '8', 'u1', 75]]);
  });

  it('at weight 0 sets the canary Mapping to 0 first, deletes it once it is at 0, and creates none', () => {
    const canary = (weight: number): RoutingDocument => ({
      apiVersion: 'getambassador.io/v2', kind: 'Mapping', metadata: { name: 'web-canary', namespace: 'shop', resourceVersion: '9', ownerReferences: [owner] },
      spec: { ...mapping().spec, service: 'web-canary.shop:8080', weight },
    });
    const zero = ambassadorRouter.transform(rollout, config, docs(mapping(), canary(75)), desiredWeights(0));
    expect(zero.ok && zero.writes.map((w) => [w.op, w.document.spec?.['weight']])).toEqual([['replace', 0]]);
    expect(ambassadorRouter.transform(rollout, config, docs(mapping(), canary(0)), desiredWeights(0))).toEqual({ ok: true, writes: [{ op: 'delete', kind: 'Mapping', document: canary(0) }] });
    expect(ambassadorRouter.transform(rollout, config, docs(mapping()), desiredWeights(0))).toEqual({ ok: true, writes: [] });
    expect(ambassadorRouter.read(rollout, config, applyWrites(docs(mapping(), canary(0)), [{ op: 'delete', kind: 'Mapping', document: canary(0) }]))).toEqual({ canary: 0, stable: 100, additional: [] });
  });

  it('takes over a canary Mapping Argo Rollouts created (no owner), and refuses one another controller owns', () => {
    const argo: RoutingDocument = { apiVersion: 'getambassador.io/v2', kind: 'Mapping', metadata: { name: 'web-canary', namespace: 'shop', resourceVersion: '5' }, spec: { ...mapping().spec, service: 'web-canary.shop:8080', weight: 25 } };
    expect(ambassadorRouter.read(rollout, config, docs(mapping(), argo))).toEqual({ canary: 25, stable: 75, additional: [] });
    const adopted = ambassadorRouter.transform(rollout, config, docs(mapping(), argo), desiredWeights(25));
    expect(adopted.ok && adopted.writes.map((w) => [w.op, w.document.metadata?.ownerReferences, w.document.spec?.['weight']])).toEqual([['replace', [owner], 25]]);
    const foreign = { ...argo, metadata: { ...argo.metadata, ownerReferences: [{ ...owner, name: 'other', uid: 'someone-else' }] } };
    expect(ambassadorRouter.transform(rollout, config, docs(mapping(), foreign), desiredWeights(25))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.ambassador.mappings[0]: Mapping "web-canary" exists and is controlled by another owner than Rollout "web"'],
    });
  });

  it('puts back a canary Mapping edited by hand, and follows an edit of the Mapping it copies', () => {
    const first = ambassadorRouter.transform(rollout, config, docs(mapping()), desiredWeights(25));
    if (!first.ok) throw new Error('unexpected');
    const edited = applyWrites(docs(mapping()), first.writes);
    const canary = edited.get('Mapping/web-canary');
    if (canary?.spec) canary.spec = { ...canary.spec, service: 'elsewhere:80' };
    const back = ambassadorRouter.transform(rollout, config, edited, desiredWeights(25));
    expect(back.ok && back.writes.map((w) => w.document.spec?.['service'])).toEqual(['web-canary.shop:8080']);
    const followed = ambassadorRouter.transform(rollout, config, applyWrites(docs(mapping('web', { timeout_ms: 9000 })), first.writes), desiredWeights(25));
    expect(followed.ok && followed.writes.map((w) => w.document.spec?.['timeout_ms'])).toEqual([9000]);
  });

  it.each([
    ['a Mapping that sets a weight', { mappings: ['web'] }, docs(mapping('web', { weight: 10 })), 100,
      'spec.strategy.canary.trafficRouting.ambassador.mappings[0]: Mapping "web" sets spec.weight (10); a Mapping the Rollout names must not set a weight: the canary Mapping Kanary creates beside it carries the canary\'s'],
    ['a Mapping without a service', { mappings: ['web'] }, docs(mapping('web', { service: undefined })), 100,
      'spec.strategy.canary.trafficRouting.ambassador.mappings[0]: Mapping "web" has no spec.service'],
    ['a Mapping to another Service', { mappings: ['web', 'admin'] }, docs(mapping(), other), 100,
      'spec.strategy.canary.trafficRouting.ambassador.mappings[1]: Mapping "admin" sends traffic to "admin:80", not to the stable Service "web-stable" (spec.service must name it, as in web-stable or web-stable.shop:80)'],
    ['a Mapping not found', { mappings: ['web', 'gone'] }, docs(mapping()), 100,
      'spec.strategy.canary.trafficRouting.ambassador.mappings[1]: Mapping "gone" not found in namespace "shop"'],
    ['no Mapping named', { mappings: [] }, docs(mapping()), 100, 'spec.strategy.canary.trafficRouting.ambassador.mappings: names no Mapping'],
    ['maxTrafficWeight other than 100', { mappings: ['web'] }, docs(mapping()), 1000,
      'spec.strategy.canary.trafficRouting.maxTrafficWeight: Ambassador\'s Mapping weights are percentages, so it must be 100 (or left out) with ambassador, got 1000'],
  ] as const)('%s is a problem naming the field', (_, cfg, current, max, problem) => {
    expect(ambassadorRouter.transform(rollout, { mappings: [...cfg.mappings] }, current, desiredWeights(20, max))).toEqual({ ok: false, problems: [problem] });
  });

  it('names the Mappings and their canaries at v2, then v3alpha1', () => {
    expect(ambassadorRouter.documents(rollout, { mappings: ['web'] })).toEqual([
      { kind: 'Mapping', name: 'web', apiVersions: ['v2', 'v3alpha1'] },
      { kind: 'Mapping', name: 'web-canary', owned: true, apiVersions: ['v2', 'v3alpha1'] },
    ]);
  });
});

describe('ambassador names and services', () => {
  it('cuts a long Mapping name to 246 characters before -canary, as Argo does', () => {
    expect(canaryMappingName('a'.repeat(300))).toBe(`${'a'.repeat(246)}-canary`);
    expect(canaryMappingName('web')).toBe('web-canary');
  });

  it.each([
    ['web-stable', 'web-canary'],
    ['web-stable:8080', 'web-canary:8080'],
    ['web-stable.shop', 'web-canary.shop'],
    ['web-stable.shop.svc.cluster.local:443', 'web-canary.shop.svc.cluster.local:443'],
    ['https://web-stable.shop:8443', 'https://web-canary.shop:8443'],
    ['web-stable-v2:80', undefined],
    ['api.web-stable:80', undefined],
    ['10.0.0.1:80', undefined],
  ] as const)('service %s -> %s', (service, canary) => {
    expect(canaryServiceField(service, 'web-stable', 'web-canary')).toBe(canary);
  });
});
