// Malformed input never crashes the planner, and a spec that does not validate never moves a
// ReplicaSet. Any JSON value is put at a path of a Rollout paused mid-update (its spec, its
// status, or one of its observed ReplicaSets), and the planner must still answer.
import fc from 'fast-check';
import { junk, setAt } from '../../../test/support/json-fuzz.js';
import { describe, expect, it } from 'vitest';
import { planRollout } from './plan-rollout.js';
import { rollout, setImage, settle, snapshot, world, type World } from './world.test-support.js';

/** A 5-replica canary paused at step 1 (20%): 4 stable pods, 1 canary pod, all ready. */
function pausedMidUpdate(): World {
  const w = world(rollout({ steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }] }));
  settle(w);
  setImage(w, 'web:2');
  settle(w);
  return w;
}

const SPEC_PATHS = [
  ['spec', 'replicas'], ['spec', 'selector'], ['spec', 'selector', 'matchLabels'], ['spec', 'template'], ['spec', 'template', 'spec'],
  ['spec', 'template', 'metadata', 'labels'], ['spec', 'strategy'], ['spec', 'strategy', 'canary'], ['spec', 'strategy', 'canary', 'steps'],
  ['spec', 'strategy', 'canary', 'steps', 0], ['spec', 'strategy', 'canary', 'steps', 0, 'setWeight'], ['spec', 'strategy', 'canary', 'steps', 1, 'pause'],
  ['spec', 'strategy', 'canary', 'steps', 1, 'pause', 'duration'], ['spec', 'strategy', 'canary', 'maxSurge'], ['spec', 'strategy', 'canary', 'maxUnavailable'],
  ['spec', 'strategy', 'canary', 'analysis'], ['spec', 'paused'], ['spec', 'progressDeadlineSeconds'], ['spec', 'revisionHistoryLimit'],
  ['spec', 'minReadySeconds'], ['spec', 'restartAt'], ['spec', 'rollbackWindow'], ['metadata', 'name'], ['metadata', 'annotations'],
] as const;
const STATUS_PATHS = [
  ['status'], ['status', 'currentStepIndex'], ['status', 'stableRS'], ['status', 'currentPodHash'], ['status', 'pauseConditions'],
  ['status', 'pauseConditions', 0, 'startTime'], ['status', 'conditions'], ['status', 'canary'], ['status', 'abort'], ['status', 'abortedAt'],
  ['status', 'promoteFull'], ['status', 'collisionCount'], ['status', 'restartedAt'], ['status', 'observedGeneration'], ['status', 'controllerPause'],
] as const;


const junkValue = junk('50%', '-5%', '101%', '1h', '-1s');

/**
 * Each property runs 2,000 cases, as four tests of 500: a property runs synchronously, and on a
 * loaded machine 2,000 cases in one test (11 s on a quiet 2-core machine) held the worker past
 * vitest's own RPC timeout. Each part draws its cases from its own random seed.
 */
const PARTS = [1, 2, 3, 4];
const RUNS = 500;
const FUZZ_TIMEOUT_MS = 60_000;

describe('planRollout on malformed input', () => {
  it.each(PARTS)('never throws, whatever value sits at any path of the spec, the status or a ReplicaSet (part %i of 4)', () => {
    const paths = fc.oneof(
      fc.constantFrom(...SPEC_PATHS).map((p) => ({ where: 'rollout' as const, path: p })),
      fc.constantFrom(...STATUS_PATHS).map((p) => ({ where: 'rollout' as const, path: p })),
    );
    // ReplicaSets come typed from the API server: odd numbers and templates, never wrong types.
    const count = fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constant(1e9));
    const setEdit = fc.record({ index: fc.integer({ min: 0, max: 1 }), field: fc.constantFrom('replicas', 'available', 'ready', 'revision', 'createdAt'), value: count });
    fc.assert(fc.property(fc.array(fc.record({ at: paths, value: junkValue }), { minLength: 1, maxLength: 3 }), fc.array(setEdit, { maxLength: 2 }), (edits, setEdits) => {
      const w = pausedMidUpdate();
      for (const { at, value } of edits) setAt(w.rollout, at.path, value);
      for (const e of setEdits) (w.sets[e.index] as unknown as Record<string, number>)[e.field] = e.value;
      const plan = planRollout(snapshot(w));
      expect(plan.status).toBeTypeOf('object');
      expect(Array.isArray(plan.actions)).toBe(true);
    }), { numRuns: RUNS });
  }, FUZZ_TIMEOUT_MS);

  it.each(PARTS)('moves no ReplicaSet when the spec does not validate, and says why (part %i of 4)', () => {
    let invalidSeen = 0;
    fc.assert(fc.property(fc.constantFrom(...SPEC_PATHS), junkValue, (path, value) => {
      const w = pausedMidUpdate();
      setAt(w.rollout, path, value);
      const plan = planRollout(snapshot(w));
      const invalid = plan.status.conditions?.find((c) => c.type === 'InvalidSpec');
      if (invalid) {
        invalidSeen++;
        expect(plan.actions).toEqual([]);
        expect(invalid.message).not.toBe('');
      }
    }), { numRuns: RUNS });
    // The property says something only if invalid specs were among the cases.
    expect(invalidSeen).toBeGreaterThan(RUNS / 4);
  }, FUZZ_TIMEOUT_MS);

  it.each(PARTS)('treats a malformed status field exactly as if it were absent, and says so (part %i of 4)', () => {
    let malformedSeen = 0;
    fc.assert(fc.property(fc.constantFrom(...STATUS_PATHS.filter((p) => p.length > 1)), junkValue, (path, value) => {
      const w = pausedMidUpdate();
      setAt(w.rollout, path, value);
      const plan = planRollout(snapshot(w));
      const field = path[1] as string;
      const without = structuredClone(w.rollout);
      delete (without.status as Record<string, unknown>)[field];
      const absent = planRollout({ ...snapshot(w), rollout: without });
      const warning = plan.warnings?.find((x) => x.startsWith('malformed status fields ignored'));
      if (warning) {
        malformedSeen++;
        expect(warning).toContain(`status.${field}`);
        const { warnings: _w, ...rest } = plan;
        const { warnings: _a, ...restAbsent } = absent;
        expect(rest).toEqual(restAbsent);
      }
    }), { numRuns: RUNS });
    expect(malformedSeen).toBeGreaterThan(RUNS / 4);
  }, FUZZ_TIMEOUT_MS);
});

describe('planRollout on a step index outside the steps', () => {
  it.each([
    ['below 0 starts from the first step', -1, 0],
    ['past the end means every step is done', 99, 3],
  ])('%s', (_name, index, want) => {
    const w = pausedMidUpdate();
    w.rollout = { ...w.rollout, status: { ...w.rollout.status, currentStepIndex: index } };
    const plan = planRollout(snapshot(w));
    expect(plan.warnings).toContain(`status.currentStepIndex ${index} is outside the 3 steps: taken as ${want}`);
    expect(plan.status.currentStepIndex === want || plan.status.currentStepIndex === want + 1).toBe(true);
  });
});

describe('specProblems keeps every problem of a well-shaped spec', () => {
  it('a semantic problem and a missing Service are reported together; a shape problem alone', () => {
    const w = pausedMidUpdate();
    w.rollout = { ...w.rollout, spec: { ...w.rollout.spec, strategy: { canary: { ...w.rollout.spec.strategy.canary, maxSurge: 0, maxUnavailable: 0, stableService: 'gone' } } } };
    w.services = { gone: null };
    const message = planRollout(snapshot(w)).status.conditions?.find((c) => c.type === 'InvalidSpec')?.message ?? '';
    expect(message).toContain('maxUnavailable');
    expect(message).toContain('spec.strategy.canary.stableService: Service "gone" not found');
    const shape = { ...w.rollout, spec: { ...w.rollout.spec, replicas: 'five' as unknown as number } };
    const shaped = planRollout({ ...snapshot(w), rollout: shape }).status.conditions?.find((c) => c.type === 'InvalidSpec')?.message ?? '';
    expect(shaped).toContain('spec.replicas');
    expect(shaped).not.toContain('not found');
  });
});
