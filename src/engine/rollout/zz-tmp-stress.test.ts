// Properties of the basic canary arithmetic, checked by simulating ReplicaSets: a plan's counts
// become the ReplicaSets' spec.replicas at once (a scale-down removes unready pods first, as the
// ReplicaSet controller does), and pods become available later, a few at a time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canaryReplicas, weightedCanaryStableSplit, type ReplicaSetCounts } from './canary-replicas.js';
import { canaryFenceposts, type IntOrPercent } from './int-or-percent.js';

interface World {
  readonly canary: ReplicaSetCounts;
  readonly stable: ReplicaSetCounts;
  readonly older: readonly ReplicaSetCounts[];
}
interface Rollout {
  readonly replicas: number;
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
}

const all = (w: World): ReplicaSetCounts[] => [w.canary, w.stable, ...w.older];
const totalReplicas = (w: World): number => all(w).reduce((sum, rs) => sum + rs.replicas, 0);
const totalAvailable = (w: World): number => all(w).reduce((sum, rs) => sum + rs.available, 0);

function limits(r: Rollout): { ceiling: number; floor: number; maxSurge: number } {
  const f = canaryFenceposts(r.maxSurge, r.maxUnavailable, r.replicas);
  if (!f.ok) throw new Error(f.error.message);
  return { ceiling: r.replicas + f.maxSurge, floor: r.replicas - f.maxUnavailable, maxSurge: f.maxSurge };
}

function plan(r: Rollout, weight: number, w: World) {
  return canaryReplicas({ ...r, weight, canary: w.canary, stable: w.stable, older: w.older });
}

function scale(rs: ReplicaSetCounts, replicas: number): ReplicaSetCounts {
  return { replicas, available: Math.min(replicas, rs.available) };
}

function apply(w: World, p: ReturnType<typeof plan>): World {
  return { canary: scale(w.canary, p.canary), stable: scale(w.stable, p.stable), older: w.older.map((rs, i) => scale(rs, p.older[i] ?? rs.replicas)) };
}

function ready(w: World, pods: number): World {
  const up = (rs: ReplicaSetCounts): ReplicaSetCounts => ({ replicas: rs.replicas, available: Math.min(rs.replicas, rs.available + pods) });
  return { canary: up(w.canary), stable: up(w.stable), older: w.older.map(up) };
}

const unchanged = (w: World, p: ReturnType<typeof plan>): boolean =>
  p.canary === w.canary.replicas && p.stable === w.stable.replicas && p.older.every((n, i) => n === w.older[i]?.replicas);

const fencepost = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 60 }).map((p) => `${p}%`));
const rollout = fc.record({ replicas: fc.integer({ min: 1, max: 25 }), maxSurge: fencepost, maxUnavailable: fencepost });

// A steady stable, or a rollout interrupted part-way (an older ReplicaSet still holds some pods).
const start = (r: Rollout) => fc.integer({ min: 0, max: r.replicas }).map((older): World => ({
  canary: { replicas: 0, available: 0 },
  stable: { replicas: r.replicas - older, available: r.replicas - older },
  older: older > 0 ? [{ replicas: older, available: older }] : [],
}));

type Action = { kind: 'weight'; weight: number } | { kind: 'ready'; pods: number };
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map((weight): Action => ({ kind: 'weight', weight })),
  fc.integer({ min: 0, max: 5 }).map((pods): Action => ({ kind: 'ready', pods })),
);

// Plans, applies and waits for every pod until nothing changes; undefined if it never settles.
function settle(r: Rollout, weight: number, from: World): World | undefined {
  let w = from;
  for (let i = 0; i < 4 * r.replicas + 20; i++) {
    const p = plan(r, weight, w);
    if (unchanged(w, p) && totalAvailable(w) === totalReplicas(w)) return w;
    w = ready(apply(w, p), Number.MAX_SAFE_INTEGER);
  }
  return undefined;
}

describe('basic canary properties', () => {
  it('along any rollout: never more pods than replicas + maxSurge, never fewer available than replicas - maxUnavailable once reached', () => {
    const scenario = rollout.chain((r) => fc.tuple(fc.constant(r), start(r), fc.array(action, { maxLength: 40 })));
    fc.assert(fc.property(scenario, ([r, initial, actions]) => {
      const { ceiling, floor } = limits(r);
      let w = initial;
      let weight = 0;
      for (const a of actions) {
        if (a.kind === 'weight') weight = a.weight;
        const before = totalAvailable(w);
        w = apply(w, plan(r, weight, w));
        expect(totalReplicas(w)).toBeLessThanOrEqual(ceiling);
        if (before >= floor) expect(totalAvailable(w)).toBeGreaterThanOrEqual(floor);
        if (a.kind === 'ready') w = ready(w, a.pods);
      }
    }), { numRuns: 500000 });
  });

  it('from any fully available state within the ceiling: one plan keeps both limits', () => {
    const state = rollout.chain((r) => {
      const { ceiling } = limits(r);
      const count = fc.integer({ min: 0, max: ceiling });
      return fc.tuple(fc.constant(r), count, count, fc.array(count, { maxLength: 2 }), fc.integer({ min: 0, max: 100 }))
        .filter(([, c, s, o]) => c + s + o.reduce((a, b) => a + b, 0) <= ceiling);
    });
    fc.assert(fc.property(state, ([r, c, s, o, weight]) => {
      const { ceiling, floor } = limits(r);
      const w: World = { canary: { replicas: c, available: c }, stable: { replicas: s, available: s }, older: o.map((n) => ({ replicas: n, available: n })) };
      const after = apply(w, plan(r, weight, w));
      expect(totalReplicas(after)).toBeLessThanOrEqual(ceiling);
      if (totalAvailable(w) >= floor) expect(totalAvailable(after)).toBeGreaterThanOrEqual(floor);
    }), { numRuns: 30000 });
  });

  it('settles at the weighted split, with older ReplicaSets gone, and planning again changes nothing', () => {
    const scenario = rollout.chain((r) => fc.tuple(fc.constant(r), start(r), fc.integer({ min: 0, max: 100 })));
    fc.assert(fc.property(scenario, ([r, initial, weight]) => {
      const settled = settle(r, weight, initial);
      expect(settled).toBeDefined();
      if (settled === undefined) return;
      expect({ canary: settled.canary.replicas, stable: settled.stable.replicas }).toEqual(weightedCanaryStableSplit(r.replicas, weight, limits(r).maxSurge));
      expect(settled.older.every((rs) => rs.replicas === 0)).toBe(true);
      expect(unchanged(settled, plan(r, weight, settled))).toBe(true);
    }), { numRuns: 500000 });
  });

  it('a weight of 1-99 with more than one replica settles with a canary and a stable', () => {
    const scenario = rollout.filter((r) => r.replicas > 1).chain((r) => fc.tuple(fc.constant(r), start(r), fc.integer({ min: 1, max: 99 })));
    fc.assert(fc.property(scenario, ([r, initial, weight]) => {
      const settled = settle(r, weight, initial);
      expect(settled?.canary.replicas).toBeGreaterThanOrEqual(1);
      expect(settled?.stable.replicas).toBeGreaterThanOrEqual(1);
    }), { numRuns: 500000 });
  });

  it('moving from one settled weight to another settles again (promotion steps and aborts)', () => {
    const scenario = rollout.chain((r) => fc.tuple(fc.constant(r), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 })));
    fc.assert(fc.property(scenario, ([r, weights]) => {
      let w: World | undefined = { canary: { replicas: 0, available: 0 }, stable: { replicas: r.replicas, available: r.replicas }, older: [] };
      for (const weight of weights) {
        w = settle(r, weight, w);
        expect(w).toBeDefined();
        if (w === undefined) return;
      }
    }), { numRuns: 5000 });
  });
});
