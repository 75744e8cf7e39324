import { describe, expect, it } from 'vitest';
import type { SmiTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout as rollout, desiredWeights, runRouterContract } from '../contract.js';
import { documentKey, type RoutingDocument } from '../router.js';
import { smiRouter } from './index.js';

const service = (name: string): RoutingDocument => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector: { app: 'web' } } });
const docs = (...list: RoutingDocument[]) => new Map<string, RoutingDocument | null>(list.map((d) => [documentKey({ kind: d.kind ?? '', name: d.metadata?.name ?? '' }), d]));
const owner = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: rollout.uid, controller: true, blockOwnerDeletion: true };

runRouterContract('smi', { router: smiRouter, config: {}, documents: () => docs(service('web-stable')) });
runRouterContract('smi with rootService and trafficSplitName', {
  router: smiRouter, config: { rootService: 'web', trafficSplitName: 'web-split' }, documents: () => docs(service('web')),
});

describe('smi transform', () => {
  it('creates the TrafficSplit as Argo does: named after the Rollout, the stable Service as root, canary first', () => {
    expect(smiRouter.transform(rollout, {}, docs(service('web-stable')), desiredWeights(20))).toEqual({ ok: true, writes: [{ op: 'create', kind: 'TrafficSplit', document: {
      apiVersion: 'split.smi-spec.io/v1alpha1', kind: 'TrafficSplit',
      metadata: { name: 'web', namespace: 'shop', ownerReferences: [owner] },
      spec: { service: 'web-stable', backends: [{ service: 'web-canary', weight: 20 }, { service: 'web-stable', weight: 80 }] },
    } }] });
  });

  it('routes additional destinations between the canary and the stable', () => {
    const desired = { ...desiredWeights(20), stable: { weight: 70, serviceName: 'web-stable' }, additional: [{ weight: 10, serviceName: 'web-exp' }] };
    const result = smiRouter.transform(rollout, { rootService: 'web' }, docs(service('web')), desired);
    expect(result.ok && result.writes[0]?.document.spec).toEqual({
      service: 'web', backends: [{ service: 'web-canary', weight: 20 }, { service: 'web-exp', weight: 10 }, { service: 'web-stable', weight: 70 }],
    });
  });

  it('reads a v1alpha1 split\'s quantity weights ("25") as numbers, and writes nothing when they already match', () => {
    const split: RoutingDocument = {
      apiVersion: 'split.smi-spec.io/v1alpha1', kind: 'TrafficSplit', metadata: { name: 'web', resourceVersion: '4', ownerReferences: [owner] },
      spec: { service: 'web-stable', backends: [{ service: 'web-canary', weight: '25' }, { service: 'web-stable', weight: '75' }] },
    };
    const current = docs(service('web-stable'), split);
    expect(smiRouter.read(rollout, {}, current)).toEqual({ canary: 25, stable: 75, additional: [] });
    expect(smiRouter.transform(rollout, {}, current, desiredWeights(25))).toEqual({ ok: true, writes: [] });
    const next = smiRouter.transform(rollout, {}, current, desiredWeights(50));
    expect(next.ok && next.writes.map((w) => [w.op, w.document.metadata?.resourceVersion, w.document.spec])).toEqual([['replace', '4', {
      service: 'web-stable', backends: [{ service: 'web-canary', weight: 50 }, { service: 'web-stable', weight: 50 }],
    }]]);
  });

  it('refuses a TrafficSplit of that name the Rollout does not own', () => {
    const squatter: RoutingDocument = { apiVersion: 'split.smi-spec.io/v1alpha3', kind: 'TrafficSplit', metadata: { name: 'web' }, spec: {} };
    expect(smiRouter.transform(rollout, {}, docs(service('web-stable'), squatter), desiredWeights(10))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.smi.trafficSplitName: TrafficSplit "web" exists and is not owned by Rollout "web"'],
    });
  });

  it('a missing root Service is a problem naming rootService', () => {
    const config: SmiTrafficRouting = { rootService: 'apex' };
    expect(smiRouter.transform(rollout, config, docs(), desiredWeights(10))).toEqual({
      ok: false, problems: ['spec.strategy.canary.trafficRouting.smi.rootService: the root Service "apex" of the TrafficSplit was not found in namespace "shop"'],
    });
  });

  it('reads all traffic on the stable before the split exists, and asks for the split at every version Kanary writes', () => {
    expect(smiRouter.read(rollout, {}, docs(service('web-stable')))).toEqual({ canary: 0, stable: 100, additional: [] });
    expect(smiRouter.documents(rollout, {})[1]).toEqual({ kind: 'TrafficSplit', name: 'web', owned: true, apiVersions: ['v1alpha1', 'v1alpha2', 'v1alpha3'] });
    const created = smiRouter.transform(rollout, {}, docs(service('web-stable')), desiredWeights(30));
    if (!created.ok) throw new Error('unexpected');
    expect(smiRouter.read(rollout, {}, applyWrites(docs(service('web-stable')), created.writes))).toEqual({ canary: 30, stable: 70, additional: [] });
  });
});
