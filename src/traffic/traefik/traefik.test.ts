import { describe, expect, it } from 'vitest';
import type { TraefikTrafficRouting } from '../../api/types.js';
import { applyWrites, contractRollout as rollout, desiredWeights, runRouterContract } from '../contract.js';
import { documentKey, type DesiredTraffic, type RoutingDocument } from '../router.js';
import { traefikRouter } from './index.js';

const config: TraefikTrafficRouting = { weightedTraefikServiceName: 'web-wrr' };
const PATH = 'spec.strategy.canary.trafficRouting.traefik.weightedTraefikServiceName';

/** A weighted TraefikService as a user writes it, with `services` as its `spec.weighted.services`. */
function wrr(services: unknown, extra: Record<string, unknown> = {}): RoutingDocument {
  return {
    apiVersion: 'traefik.io/v1alpha1', kind: 'TraefikService',
    metadata: { name: 'web-wrr', namespace: 'shop', resourceVersion: '7', labels: { team: 'shop' } },
    spec: { weighted: { services, ...extra } },
  };
}
const docs = (doc: RoutingDocument | null) => new Map<string, RoutingDocument | null>([[documentKey({ kind: 'TraefikService', name: 'web-wrr' }), doc]]);
const plain = () => wrr([{ name: 'web-stable', port: 80, weight: 100 }, { name: 'web-canary', port: 80, weight: 0 }]);

runRouterContract('traefik', { router: traefikRouter, config, documents: () => docs(plain()) });
runRouterContract('traefik with maxTrafficWeight 1000 and an unmanaged entry', {
  router: traefikRouter, config, maxWeight: 1000,
  documents: () => docs(wrr([{ name: 'legacy', kind: 'TraefikService', weight: 3 }, { name: 'web-canary', port: 'http' }, { name: 'web-stable', port: 'http' }])),
});

/** The `spec.weighted.services` the transform writes, or its problems. */
function written(doc: RoutingDocument | null, desired: DesiredTraffic): unknown {
  const result = traefikRouter.transform(rollout, config, docs(doc), desired);
  if (!result.ok) return result.problems;
  return result.writes.map((w) => [w.op, w.kind, (w.document.spec?.['weighted'] as { services?: unknown }).services]);
}

describe('traefik transform', () => {
  const cases: [string, RoutingDocument | null, DesiredTraffic, unknown][] = [
    ['sets the canary and the stable entries, keeping their other fields', plain(), desiredWeights(25),
      [['replace', 'TraefikService', [{ name: 'web-stable', port: 80, weight: 75 }, { name: 'web-canary', port: 80, weight: 25 }]]]],
    ['writes nothing when the weights are already set', wrr([{ name: 'web-stable', weight: 60 }, { name: 'web-canary', weight: 40 }]), desiredWeights(40), []],
    ['leaves entries it does not manage as they are (a mirror TraefikService, another Service)',
      wrr([{ name: 'shadow', kind: 'TraefikService', weight: 5 }, { name: 'web-canary', weight: 10 }, { name: 'web-stable', weight: 90, namespace: 'shop', middlewares: [{ name: 'auth' }] }]),
      desiredWeights(100),
      [['replace', 'TraefikService', [{ name: 'shadow', kind: 'TraefikService', weight: 5 }, { name: 'web-canary', weight: 100 }, { name: 'web-stable', weight: 0, namespace: 'shop', middlewares: [{ name: 'auth' }] }]]]],
    ['gives entries without a weight one (Traefik counts them as 1, so 1/1 is not 0/100)', wrr([{ name: 'web-canary' }, { name: 'web-stable' }]), desiredWeights(0),
      [['replace', 'TraefikService', [{ name: 'web-canary', weight: 0 }, { name: 'web-stable', weight: 100 }]]]],
    ['sets the first entry of a name only, as Argo does', wrr([{ name: 'web-canary', port: 80, weight: 9 }, { name: 'web-canary', port: 81, weight: 9 }, { name: 'web-stable', weight: 1 }]), desiredWeights(30),
      [['replace', 'TraefikService', [{ name: 'web-canary', port: 80, weight: 30 }, { name: 'web-canary', port: 81, weight: 9 }, { name: 'web-stable', weight: 70 }]]]],
    ['routes out of maxTrafficWeight: the stable gets the rest of it', plain(), desiredWeights(250, 1000),
      [['replace', 'TraefikService', [{ name: 'web-stable', port: 80, weight: 750 }, { name: 'web-canary', port: 80, weight: 250 }]]]],
    ['does not route additional destinations (Argo\'s Traefik router ignores them): the stable gets the rest',
      plain(), { ...desiredWeights(20), stable: { weight: 70, serviceName: 'web-stable' }, additional: [{ weight: 10, serviceName: 'web-exp' }] },
      [['replace', 'TraefikService', [{ name: 'web-stable', port: 80, weight: 80 }, { name: 'web-canary', port: 80, weight: 20 }]]]],
    ['a missing TraefikService names the field', null, desiredWeights(10), [`${PATH}: TraefikService "web-wrr" not found in namespace "shop"`]],
    ['a TraefikService that is not weighted (a mirroring one) names the field', { ...plain(), spec: { mirroring: { name: 'web-stable', mirrors: [] } } }, desiredWeights(10),
      [`${PATH}: TraefikService "web-wrr" has no spec.weighted.services: it must be a weighted TraefikService listing the canary and stable Services`]],
    ['services that are not a list', wrr({ name: 'web-canary' }), desiredWeights(10),
      [`${PATH}: TraefikService "web-wrr" has no spec.weighted.services: it must be a weighted TraefikService listing the canary and stable Services`]],
    ['an entry without a name', wrr([{ name: 'web-canary' }, { weight: 3 }, { name: 'web-stable' }]), desiredWeights(10),
      [`${PATH}: TraefikService "web-wrr": spec.weighted.services[1] has no name`]],
    ['an entry that is not an object', wrr([{ name: 'web-canary' }, 'web-stable']), desiredWeights(10),
      [`${PATH}: TraefikService "web-wrr": spec.weighted.services[1] has no name`]],
    ['no entry for the canary Service', wrr([{ name: 'web-stable', weight: 100 }]), desiredWeights(10),
      [`${PATH}: TraefikService "web-wrr": spec.weighted.services has no entry named "web-canary" (the canaryService)`]],
    ['no entry for the stable Service', wrr([{ name: 'web-canary', weight: 0 }, { name: 'web', weight: 100 }]), desiredWeights(10),
      [`${PATH}: TraefikService "web-wrr": spec.weighted.services has no entry named "web-stable" (the stableService)`]],
  ];
  it.each(cases)('%s', (_name, doc, desired, want) => {
    expect(written(doc, desired)).toEqual(want);
  });

  it('keeps the rest of the document: metadata, resourceVersion, sticky and other spec fields', () => {
    const doc = wrr([{ name: 'web-canary', weight: 0 }, { name: 'web-stable', weight: 100 }], { sticky: { cookie: { name: 'lvl1' } } });
    const result = traefikRouter.transform(rollout, config, docs(doc), desiredWeights(50));
    if (!result.ok) throw new Error(result.problems.join('; '));
    expect(result.writes[0]?.document).toEqual({ ...doc, spec: { weighted: { services: [{ name: 'web-canary', weight: 50 }, { name: 'web-stable', weight: 50 }], sticky: { cookie: { name: 'lvl1' } } } } });
  });

  it('an empty weightedTraefikServiceName is a problem naming it', () => {
    expect(traefikRouter.transform(rollout, { weightedTraefikServiceName: '' }, docs(null), desiredWeights(10))).toEqual({
      ok: false, problems: [`${PATH}: must name the weighted TraefikService, got ""`],
    });
  });
});

describe('traefik read', () => {
  it('reads the canary and stable entries\' weights, an entry without one as 1', () => {
    expect(traefikRouter.read(rollout, config, docs(plain()))).toEqual({ canary: 0, stable: 100, additional: [] });
    expect(traefikRouter.read(rollout, config, docs(wrr([{ name: 'web-canary' }, { name: 'web-stable', weight: 3 }])))).toEqual({ canary: 1, stable: 3, additional: [] });
  });

  it('says nothing of a TraefikService that lacks an entry', () => {
    expect(traefikRouter.read(rollout, config, docs(wrr([{ name: 'web-stable', weight: 100 }])))).toBeUndefined();
  });

  it('reads back what it wrote', () => {
    const result = traefikRouter.transform(rollout, config, docs(plain()), desiredWeights(35));
    if (!result.ok) throw new Error('unexpected');
    expect(traefikRouter.read(rollout, config, applyWrites(docs(plain()), result.writes))).toEqual({ canary: 35, stable: 65, additional: [] });
  });

  it('asks for the TraefikService at traefik.io first, then at Traefik v2\'s traefik.containo.us', () => {
    expect(traefikRouter.documents(rollout, config)).toEqual([
      { kind: 'TraefikService', name: 'web-wrr', apiVersions: ['traefik.io/v1alpha1', 'traefik.containo.us/v1alpha1'] },
    ]);
  });
});
