// The suite every traffic router runs (STYLE.md: small plug-in interfaces, one shared contract
// test): the transform's writes, applied, read back as the desired weights; transforming again
// writes nothing; missing documents are problems naming the field, never exceptions; the
// transform never edits a document it did not name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentKey, type DesiredTraffic, type DocumentWrite, type Documents, type RoutedRollout, type RoutingDocument, type TrafficRouter } from './router.js';

export const contractRollout: RoutedRollout = {
  name: 'web', namespace: 'shop', uid: '00000000-0000-4000-8000-00000000c0de', canaryService: 'web-canary', stableService: 'web-stable',
};

/** Desired weights: `canary` to the canary, the rest of `maxWeight` to the stable. */
export function desiredWeights(canary: number, maxWeight = 100, hashes = { canary: 'c4n4ry', stable: '5t4b1e' }): DesiredTraffic {
  return {
    canary: { weight: canary, serviceName: contractRollout.canaryService, podTemplateHash: hashes.canary },
    stable: { weight: maxWeight - canary, serviceName: contractRollout.stableService, podTemplateHash: hashes.stable },
    additional: [], maxWeight,
  };
}

/** The documents after the writes, as the API server would hold them. */
export function applyWrites(docs: Documents, writes: readonly DocumentWrite[]): Map<string, RoutingDocument | null> {
  const next = new Map(docs);
  for (const w of writes) next.set(documentKey({ kind: w.kind, name: w.document.metadata?.name ?? '' }), w.op === 'delete' ? null : structuredClone(w.document));
  return next;
}

export interface RouterContractSetup<Config> {
  readonly router: TrafficRouter<Config>;
  readonly config: Config;
  /** The user's documents before any update, keyed by `documentKey`. */
  readonly documents: () => Map<string, RoutingDocument | null>;
  /** `maxTrafficWeight`, when the router honours one. */
  readonly maxWeight?: number;
}

export function runRouterContract<Config>(name: string, setup: RouterContractSetup<Config>): void {
  const { router, config } = setup;
  const max = setup.maxWeight ?? 100;
  describe(`traffic router contract: ${name}`, () => {
    it('routes any weight: the writes, applied, read back as the desired weights', () => {
      fc.assert(fc.property(fc.integer({ min: 0, max }), (weight) => {
        const desired = desiredWeights(weight, max);
        const result = router.transform(contractRollout, config, setup.documents(), desired);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const after = applyWrites(setup.documents(), result.writes);
        const read = router.read(contractRollout, config, after);
        expect(read?.canary).toBe(weight);
        expect(read?.stable).toBe(max - weight);
      }));
    });

    it('transforming again writes nothing (a fixed point)', () => {
      fc.assert(fc.property(fc.integer({ min: 0, max }), (weight) => {
        const desired = desiredWeights(weight, max);
        const first = router.transform(contractRollout, config, setup.documents(), desired);
        if (!first.ok) throw new Error(first.problems.join('; '));
        const again = router.transform(contractRollout, config, applyWrites(setup.documents(), first.writes), desired);
        expect(again).toEqual({ ok: true, writes: [] });
      }));
    });

    it('writes only documents it names, in the Rollout\'s namespace', () => {
      const named = new Set(router.documents(contractRollout, config).map(documentKey));
      const result = router.transform(contractRollout, config, setup.documents(), desiredWeights(30, max));
      if (!result.ok) throw new Error(result.problems.join('; '));
      expect(result.writes.length).toBeGreaterThan(0);
      for (const w of result.writes) expect(named).toContain(documentKey({ kind: w.kind, name: w.document.metadata?.name ?? '' }));
    });

    it('a missing document is a problem naming the field, never an exception', () => {
      const empty = new Map<string, RoutingDocument | null>(router.documents(contractRollout, config).map((ref) => [documentKey(ref), null]));
      const result = router.transform(contractRollout, config, empty, desiredWeights(10, max));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.join('\n')).toContain(router.configPath ?? `spec.strategy.canary.trafficRouting.${router.type}`);
      expect(result.problems.join('\n')).toMatch(/not found/);
      expect(router.read(contractRollout, config, empty)).toBeUndefined();
    });

    it('leaves the user\'s documents unchanged (the writes are copies)', () => {
      const docs = setup.documents();
      const before = JSON.stringify([...docs]);
      router.transform(contractRollout, config, docs, desiredWeights(50, max));
      expect(JSON.stringify([...docs])).toBe(before);
    });
  });
}
