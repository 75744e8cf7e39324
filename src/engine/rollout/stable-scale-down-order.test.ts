// The order of writes at the end of a canary: the stable ReplicaSet loses its last pod only once
// the stable Service (and, routed, the traffic) no longer depends on it, in the same plan or a
// later one. Pods come up a few at a time, so every in-between state is planned from.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from './plan.js';
import { patchStatus, rollout, settle, setImage, step, world, type World } from './world.test-support.js';

const HASH = 'rollouts-pod-template-hash';
const SERVICES = {
  'web-canary': { name: 'web-canary', selector: { app: 'web' } },
  'web-stable': { name: 'web-stable', selector: { app: 'web' } },
};
const ISTIO = { istio: { virtualService: { name: 'vsvc', routes: ['primary'] } } };

function healthy(replicas: number, steps: unknown[], canary: Record<string, unknown> = {}): World {
  const w = world(rollout({ replicas, steps, canary: { canaryService: 'web-canary', stableService: 'web-stable', ...canary } }), structuredClone(SERVICES));
  settle(w);
  return w;
}

/** Up to `n` more pods of each ReplicaSet become available. */
function podsUp(w: World, n: number): void {
  w.sets = w.sets.map((rs) => ({ ...rs, ready: Math.min(rs.replicas, rs.available + n), available: Math.min(rs.replicas, rs.available + n) }));
}

/**
 * What must hold after a plan is applied: every Service that selects a ReplicaSet selects one
 * with available pods (I2), and a stable ReplicaSet scaled to 0 before promotion no longer gets
 * traffic from the router, before or after the plan.
 */
function orderViolations(w: World, plan: Plan, stableBefore: string | undefined, routedBefore: World['routed']): string[] {
  const problems: string[] = [];
  for (const svc of Object.values(w.services)) {
    const hash = svc?.selector[HASH];
    if (!svc || !hash) continue;
    const rs = w.sets.find((s) => s.podHash === hash);
    if (rs && rs.available === 0) problems.push(`${svc.name} selects ${rs.name}, which has no available pods (actions: ${plan.actions.map((a) => `${a.kind} ${'name' in a ? a.name : ''}${'to' in a ? `->${a.to}` : ''}${'service' in a ? a.service : ''}`).join(', ')})`);
  }
  const stable = w.sets.find((s) => s.podHash === stableBefore);
  const scaledToZero = plan.actions.some((a) => a.kind === 'scaleReplicaSet' && a.name === stable?.name && a.to === 0);
  // The weights move before the scale-down: in an earlier plan, or earlier in this one.
  const weightsAt = plan.actions.findIndex((a) => a.kind === 'setTrafficWeights' && a.weights.stable.weight === 0);
  const scaleAt = plan.actions.findIndex((a) => a.kind === 'scaleReplicaSet' && a.name === stable?.name && a.to === 0);
  const drained = (routedBefore?.stable ?? 0) === 0 || (weightsAt >= 0 && weightsAt < scaleAt);
  if (scaledToZero && plan.status.stableRS === stableBefore && w.routed && !drained) {
    problems.push(`stable ${stable?.name} scaled to 0 while the router still sends it traffic (${JSON.stringify(routedBefore)} -> ${JSON.stringify(w.routed)})`);
  }
  return problems;
}

/** Drives an update to the end, `upPerPlan` pods coming up after each plan; returns what went wrong. */
function drive(w: World, upPerPlan: readonly number[], limit = 200): string[] {
  setImage(w, 'web:2');
  const problems: string[] = [];
  for (let i = 0; i < limit; i++) {
    const stableBefore = w.rollout.status?.stableRS;
    const routedBefore = w.routed;
    const plan = step(w);
    problems.push(...orderViolations(w, plan, stableBefore, routedBefore));
    podsUp(w, upPerPlan[i % upPerPlan.length] ?? 1);
    if (w.rollout.status?.phase === 'Paused' && w.rollout.status.pauseConditions) patchStatus(w, { pauseConditions: null });
    w.now += 1_000;
    if (w.rollout.status?.phase === 'Healthy' && w.rollout.status.stableRS === w.rollout.status.currentPodHash) return problems;
  }
  return [...problems, `not Healthy after ${limit} plans: ${JSON.stringify(w.rollout.status?.phase)}`];
}

describe('the stable ReplicaSet loses its last pod only after the stable Service moved', () => {
  it.each([
    // The fault suite's update: the last step is a pause, so weight 100 comes after the steps.
    ['5 replicas, steps 20 / pause / 60 / pause, one pod up per plan', 5, [{ setWeight: 20 }, { pause: { duration: '2s' } }, { setWeight: 60 }, { pause: { duration: '2s' } }], {}, [1]],
    ['5 replicas, same steps, pods up two at a time', 5, [{ setWeight: 20 }, { pause: { duration: '2s' } }, { setWeight: 60 }, { pause: { duration: '2s' } }], {}, [2]],
    ['3 replicas, a setWeight 100 step', 3, [{ setWeight: 50 }, { setWeight: 100 }, { pause: { duration: '5s' } }], {}, [1]],
    ['4 replicas, maxSurge 0, maxUnavailable 1', 4, [{ setWeight: 50 }], { maxSurge: 0, maxUnavailable: 1 }, [1]],
    ['10 replicas, maxSurge 1, maxUnavailable 2', 10, [{ setWeight: 30 }, { pause: {} }], { maxSurge: 1, maxUnavailable: 2 }, [1, 0, 3]],
    ['3 replicas, Istio with dynamicStableScale', 3, [{ setWeight: 34 }, { pause: { duration: 5 } }, { setWeight: 100 }], { trafficRouting: ISTIO, dynamicStableScale: true }, [1]],
  ])('%s', (_name, replicas, steps, canary, up) => {
    const w = healthy(replicas, steps, canary);
    expect(drive(w, up)).toEqual([]);
  });

  it('in the plan that scales the stable to 0, the stable Service moves first', () => {
    const w = healthy(5, [{ setWeight: 20 }, { pause: { duration: '2s' } }, { setWeight: 60 }, { pause: { duration: '2s' } }]);
    const stableRS = w.rollout.status?.stableRS;
    setImage(w, 'web:2');
    for (let i = 0; i < 100; i++) {
      const plan = step(w);
      const toZero = plan.actions.findIndex((a) => a.kind === 'scaleReplicaSet' && a.to === 0 && a.name.endsWith(stableRS ?? '?'));
      if (toZero >= 0 && plan.status.stableRS === stableRS) {
        const moved = plan.actions.findIndex((a) => a.kind === 'setServiceSelector' && a.service === 'web-stable');
        expect(moved).toBeGreaterThanOrEqual(0);
        expect(moved).toBeLessThan(toZero);
        return;
      }
      podsUp(w, 1);
      if (plan.status.pauseConditions) patchStatus(w, { pauseConditions: null });
      w.now += 1_000;
    }
    // The stable was never scaled to 0 before promotion: the order held by construction.
  });
});

describe('property: no Service ever selects a ReplicaSet without available pods, whatever the pace of pods', () => {
  const stepArb = fc.oneof(
    fc.integer({ min: 0, max: 10 }).map((n) => ({ setWeight: n * 10 })),
    fc.constant({ pause: { duration: '1s' } }),
    fc.constant({ pause: {} }),
  );
  const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('10%', '25%', '50%'));

  it('holds for canaries without traffic routing', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10 }), fc.array(stepArb, { minLength: 1, maxLength: 5 }), intOrPercent, intOrPercent,
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }).filter((xs) => xs.some((x) => x > 0)),
      (replicas, steps, maxSurge, maxUnavailable, up) => {
        const unavailable = typeof maxUnavailable === 'number' ? maxUnavailable : Math.floor((replicas * Number(maxUnavailable.slice(0, -1))) / 100);
        const surge = typeof maxSurge === 'number' ? maxSurge : Math.ceil((replicas * Number(maxSurge.slice(0, -1))) / 100);
        // Both 0 is invalid; maxUnavailable >= replicas allows a moment with no pod at all (by the user's choice).
        fc.pre(surge + unavailable > 0 && unavailable < replicas);
        const w = healthy(replicas, steps, { maxSurge, maxUnavailable });
        expect(drive(w, up)).toEqual([]);
      },
    ), { numRuns: 150 });
  });

  it('holds for Istio-routed canaries, with and without dynamicStableScale', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10 }), fc.array(stepArb, { minLength: 1, maxLength: 5 }), fc.boolean(),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }).filter((xs) => xs.some((x) => x > 0)),
      (replicas, steps, dynamicStableScale, up) => {
        const w = healthy(replicas, steps, { trafficRouting: ISTIO, dynamicStableScale });
        expect(drive(w, up)).toEqual([]);
      },
    ), { numRuns: 100 });
  });
});
