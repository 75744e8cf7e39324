import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canaryPodsNeeded } from './plan-canary.js';
import { planRollout } from './plan-rollout.js';
import { edit, patchStatus, podsReady, rollout, setImage, settle, sizes, snapshot, step, world, type World } from './world.test-support.js';

const STEPS = [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }, { pause: { duration: '2s' } }, { setWeight: 60 }, { setWeight: 80 }];

/** A 5-replica canary that has completed its first revision and is Healthy. */
function healthy(steps: unknown[] = STEPS, canary: Record<string, unknown> = {}): World {
  const w = world(rollout({ steps, canary: { canaryService: 'web-canary', stableService: 'web-stable', ...canary } }), {
    'web-canary': { name: 'web-canary', selector: { app: 'web' } },
    'web-stable': { name: 'web-stable', selector: { app: 'web' } },
  });
  settle(w);
  return w;
}

describe('planRollout: a new Rollout', () => {
  it('goes to full scale without steps and becomes Healthy', () => {
    const w = healthy();
    expect(sizes(w)).toEqual({ 1: 5 });
    const s = w.rollout.status!;
    expect(s.phase).toBe('Healthy');
    expect(s.stableRS).toBe(s.currentPodHash);
    expect(s.currentStepIndex).toBe(STEPS.length);
    expect(s.availableReplicas).toBe(5);
    expect(s.selector).toBe('app=web');
    expect(s.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(s.conditions?.find((c) => c.type === 'Healthy')).toMatchObject({ status: 'True', reason: 'RolloutHealthy' });
  });

  it('names the ReplicaSet <rollout>-<hash> and labels it with its revision', () => {
    const w = world(rollout());
    const plan = step(w);
    const create = plan.actions.find((a) => a.kind === 'createReplicaSet');
    expect(create).toMatchObject({ name: `web-${plan.status.currentPodHash}`, revision: 1, replicas: 5 });
  });

  it('points both Services at the stable pods once they are available', () => {
    const w = healthy();
    expect(w.services['web-stable']?.selector['rollouts-pod-template-hash']).toBe(w.rollout.status?.stableRS);
    expect(w.services['web-canary']?.selector['rollouts-pod-template-hash']).toBe(w.rollout.status?.stableRS);
  });
});

describe('planRollout: the canary steps of a 5-replica Rollout', () => {
  it('walks setWeight 20 / pause / 40 / pause 2s / 60 / 80 with the expected sizes and selectors', () => {
    const w = healthy();
    const stableHash = w.rollout.status!.stableRS;
    setImage(w, 'web:2');
    settle(w);
    // setWeight 20: one canary pod, four stable, then paused at step 2.
    expect(sizes(w)).toEqual({ 1: 4, 2: 1 });
    expect(w.rollout.status).toMatchObject({ currentStepIndex: 1, phase: 'Paused', message: 'CanaryPauseStep', controllerPause: true });
    expect(w.services['web-stable']?.selector['rollouts-pod-template-hash']).toBe(stableHash);
    expect(w.services['web-canary']?.selector['rollouts-pod-template-hash']).toBe(w.rollout.status!.currentPodHash);

    // Promote: the pause condition is removed by the user; 40%, then a 2 s pause.
    patchStatus(w, { pauseConditions: null });
    settle(w);
    expect(sizes(w)).toEqual({ 1: 3, 2: 2 });
    expect(w.rollout.status).toMatchObject({ currentStepIndex: 3, phase: 'Paused' });
    const paused = planRollout(snapshot(w));
    expect(paused.actions).toEqual([]);
    expect(paused.nextCheckAt).toBe(w.now + 2000);

    w.now += 2000;
    settle(w);
    // 60 then 80 then promoted: the new ReplicaSet is stable and the old one is gone.
    expect(sizes(w)).toEqual({ 1: 0, 2: 5 });
    expect(w.rollout.status).toMatchObject({ phase: 'Healthy', currentStepIndex: 6, stableRS: w.rollout.status!.currentPodHash });
    expect(w.services['web-stable']?.selector['rollouts-pod-template-hash']).toBe(w.rollout.status!.currentPodHash);
    const reasons = w.plans.flatMap((p) => p.events.map((e) => e.reason));
    expect(reasons).toEqual(expect.arrayContaining(['RolloutUpdated', 'RolloutStepCompleted', 'RolloutPaused', 'RolloutResumed', 'RolloutCompleted', 'ScalingReplicaSet']));
  });

  it('promote --full skips every remaining step', () => {
    const w = healthy();
    setImage(w, 'web:2');
    settle(w);
    patchStatus(w, { promoteFull: true });
    settle(w);
    expect(sizes(w)).toEqual({ 1: 0, 2: 5 });
    expect(w.rollout.status).toMatchObject({ phase: 'Healthy', currentStepIndex: STEPS.length });
    expect(w.rollout.status?.promoteFull).toBeUndefined();
  });

  it('abort brings the stable back to full and scales the canary away; retry starts again at step 0', () => {
    const w = healthy();
    setImage(w, 'web:2');
    settle(w);
    patchStatus(w, { pauseConditions: null });
    settle(w);
    expect(sizes(w)).toEqual({ 1: 3, 2: 2 });
    patchStatus(w, { abort: true });
    settle(w);
    expect(sizes(w)).toEqual({ 1: 5, 2: 0 });
    expect(w.rollout.status).toMatchObject({ phase: 'Degraded', abort: true, message: 'RolloutAborted: Rollout aborted update to revision 2' });
    expect(w.rollout.status?.abortedAt).toBeDefined();
    expect(w.services['web-canary']?.selector['rollouts-pod-template-hash']).toBe(w.rollout.status!.stableRS);

    patchStatus(w, { abort: false, currentStepIndex: 0, pauseConditions: null });
    settle(w);
    expect(sizes(w)).toEqual({ 1: 4, 2: 1 });
    expect(w.rollout.status).toMatchObject({ phase: 'Paused', currentStepIndex: 1 });
    expect(w.rollout.status?.abortedAt).toBeUndefined();
  });

  it('a new template mid-canary supersedes the canary: steps restart and the old canary scales down', () => {
    const w = healthy();
    setImage(w, 'web:2');
    settle(w);
    setImage(w, 'web:3');
    settle(w);
    expect(sizes(w)).toEqual({ 1: 4, 2: 0, 3: 1 });
    expect(w.rollout.status).toMatchObject({ currentStepIndex: 1, phase: 'Paused' });
  });

  it('a changed steps list restarts at step 0', () => {
    const w = healthy();
    setImage(w, 'web:2');
    settle(w);
    patchStatus(w, { pauseConditions: null });
    settle(w);
    expect(w.rollout.status?.currentStepIndex).toBe(3);
    edit(w, (spec) => { spec.strategy.canary!.steps = [{ setWeight: 10 }, { pause: {} }]; });
    settle(w);
    expect(w.rollout.status).toMatchObject({ currentStepIndex: 1, phase: 'Paused' });
  });

  it('undo to the stable revision is fast-tracked without steps', () => {
    const w = healthy();
    setImage(w, 'web:2');
    settle(w);
    const plans = w.plans.length;
    setImage(w, 'web:1');
    settle(w);
    // The old ReplicaSet is reused (no new pods) and deployed again as revision 3.
    expect(sizes(w)).toEqual({ 2: 0, 3: 5 });
    expect(w.rollout.status).toMatchObject({ phase: 'Healthy', currentStepIndex: STEPS.length });
    expect(w.plans.slice(plans).flatMap((p) => p.actions.map((a) => a.kind))).not.toContain('createReplicaSet');
  });

  it('a manual pause holds the steps', () => {
    const w = healthy([{ setWeight: 20 }, { setWeight: 40 }]);
    edit(w, (spec) => { spec.paused = true; });
    setImage(w, 'web:2');
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Paused', message: 'manually paused', currentStepIndex: 0 });
  });

  it('deletes scaled-down ReplicaSets beyond revisionHistoryLimit, oldest first', () => {
    const w = healthy([], { });
    edit(w, (spec) => { spec.revisionHistoryLimit = 1; });
    for (const image of ['web:2', 'web:3', 'web:4']) {
      setImage(w, image);
      settle(w);
    }
    expect(Object.keys(sizes(w)).map(Number).sort()).toEqual([3, 4]);
  });
});

describe('planRollout: invalid specs freeze the Rollout', () => {
  it('lists every problem in InvalidSpec, touches no ReplicaSet, and requeues slowly', () => {
    const w = healthy();
    edit(w, (spec) => {
      spec.strategy.canary!.steps = [{ setWeight: 150 }];
      spec.strategy.canary!.maxSurge = 0;
      spec.strategy.canary!.maxUnavailable = 0;
    });
    const plan = step(w);
    expect(plan.actions).toEqual([]);
    expect(plan.status.phase).toBe('Degraded');
    const invalid = plan.status.conditions?.find((c) => c.type === 'InvalidSpec');
    expect(invalid?.message).toContain('spec.strategy.canary.steps[0].setWeight');
    expect(invalid?.message).toContain('maxUnavailable');
    expect(plan.nextCheckAt).toBe(w.now + 5 * 60_000);
    expect(sizes(w)).toEqual({ 1: 5 });
  });

  it('reports a missing Service and looks again soon', () => {
    const w = healthy();
    w.services['web-stable'] = null;
    const plan = step(w);
    expect(plan.actions).toEqual([]);
    expect(plan.status.message).toContain('spec.strategy.canary.stableService: Service "web-stable" not found');
    expect(plan.nextCheckAt).toBe(w.now + 10_000);
  });

  it('holds features this version does not run rather than skipping them', () => {
    const w = healthy([{ setWeight: 20 }, { plugin: { name: 'acme/step' } }]);
    setImage(w, 'web:2');
    const plan = step(w);
    expect(plan.actions).toEqual([]);
    expect(plan.status.message).toContain('steps[1].plugin: is not supported by this version of Kanary yet');
  });
});

describe('planRollout: progress deadline', () => {
  it('marks ProgressDeadlineExceeded when nothing moves for progressDeadlineSeconds, and aborts with progressDeadlineAbort', () => {
    const w = healthy([{ setWeight: 20 }], {});
    edit(w, (spec) => { spec.progressDeadlineSeconds = 60; spec.progressDeadlineAbort = true; });
    setImage(w, 'web:2');
    step(w); // pods never become available
    step(w);
    w.now += 61_000;
    const plan = step(w);
    expect(plan.status.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(plan.status.abort).toBe(true);
    expect(plan.status.phase).toBe('Degraded');
  });
});

describe('planRollout: properties', () => {
  const arb = fc.record({
    replicas: fc.integer({ min: 1, max: 10 }),
    weights: fc.array(fc.integer({ min: 1, max: 99 }), { minLength: 1, maxLength: 4 }),
    surge: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('25%', '50%', '0%')),
    unavailable: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('25%', '0%')),
  }).filter((r) => !((r.surge === 0 || r.surge === '0%') && (r.unavailable === 0 || r.unavailable === '0%')));

  it('settles every update to the new version, never above replicas + maxSurge, and re-planning changes nothing', () => {
    fc.assert(fc.property(arb, ({ replicas, weights, surge, unavailable }) => {
      const w = world(rollout({ replicas, steps: weights.map((setWeight) => ({ setWeight })), canary: { maxSurge: surge, maxUnavailable: unavailable } }));
      settle(w);
      setImage(w, 'web:2');
      const ceiling = replicas + Math.ceil(typeof surge === 'number' ? surge : (replicas * parseInt(surge, 10)) / 100);
      // With one pod of slack a reconcile moves one pod, so each weight change (and the final
      // move to 100%) can take two reconciles per replica; allow that and a little more.
      const budget = (weights.length + 1) * (2 * replicas + 4);
      for (let i = 0; i < budget; i++) {
        const plan = step(w);
        const total = w.sets.reduce((sum, rs) => sum + rs.replicas, 0);
        if (total > Math.max(ceiling, replicas)) throw new Error(`total ${total} above ${ceiling}`);
        podsReady(w);
        if (plan.actions.length === 0 && w.rollout.status?.phase === 'Healthy') break;
      }
      expect(w.rollout.status?.phase).toBe('Healthy');
      expect(sizes(w)).toEqual({ 1: 0, 2: replicas });
      const again = planRollout(snapshot(w));
      expect(again.actions).toEqual([]);
      expect(again.status).toEqual(w.rollout.status);
    }), { numRuns: 200 });
  });
});

describe('replicaProgressThreshold', () => {
  it.each([
    ['no threshold: all of them', 4, undefined, 4],
    ['50 percent of 4', 4, { type: 'Percent' as const, value: 50 }, 2],
    ['33 percent of 4 rounds up', 4, { type: 'Percent' as const, value: 33 }, 2],
    ['one pod', 4, { type: 'Pod' as const, value: 1 }, 1],
    ['more pods than the target', 2, { type: 'Pod' as const, value: 5 }, 2],
  ])('%s', (_name, target, threshold, want) => {
    expect(canaryPodsNeeded(target, threshold)).toBe(want);
  });

  it('moves on once enough canary pods are available (and not before without it)', () => {
    const run = (canary: Record<string, unknown>) => {
      const w = healthy([{ setWeight: 60 }, { pause: {} }], canary);
      setImage(w, 'web:2');
      step(w);
      podsReady(w);
      // Later pods never become ready.
      for (let i = 0; i < 5; i++) step(w);
      return w.rollout.status?.currentStepIndex;
    };
    expect(run({ replicaProgressThreshold: { type: 'Pod', value: 1 } })).toBe(1);
    expect(run({})).toBe(0);
  });
});
