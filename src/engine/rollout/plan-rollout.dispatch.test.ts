// planRollout's dispatch: every strategy goes through the same checks, then to its own planner.
import { describe, expect, it } from 'vitest';
import { SUPPORTED } from '../../api/supported.js';
import type { Plan } from './plan.js';
import { planBlueGreen } from './bluegreen/plan-bluegreen.js';
import { INVALID_SPEC_RECHECK_MS, MISSING_REFERENCE_RECHECK_MS, planRollout, rolloutStrategy, STRATEGY_PLANNERS, type StrategyPlanner } from './plan-rollout.js';
import type { RolloutSnapshot } from './snapshot.js';
import { rollout, snapshot, template, world } from './world.test-support.js';

/** Planners that record what reached them and answer with an empty plan. */
function recording(): { planners: Record<'canary' | 'blueGreen', StrategyPlanner>; seen: [string, RolloutSnapshot][] } {
  const seen: [string, RolloutSnapshot][] = [];
  const answer = (name: string) => (snap: RolloutSnapshot): Plan => {
    seen.push([name, snap]);
    return { actions: [], events: [], notes: [name], status: snap.rollout.status ?? {} };
  };
  return { planners: { canary: answer('canary'), blueGreen: answer('blueGreen') }, seen };
}

const blueGreen = () => rollout({ spec: { strategy: { blueGreen: { activeService: 'web-active' } } } });

describe('planRollout dispatches by strategy', () => {
  it('has a planner for every strategy in the supported table', () => {
    expect(Object.keys(STRATEGY_PLANNERS).sort()).toEqual(Object.keys(SUPPORTED.strategies).sort());
  });

  it.each([
    ['canary', rollout()],
    ['blueGreen', blueGreen()],
    ['canary', rollout({ spec: { strategy: {} } })],
  ] as const)('%s', (want, r) => {
    expect(rolloutStrategy(r)).toBe(want);
  });

  it('gives a valid canary to the canary planner, with its status cleaned', () => {
    const { planners, seen } = recording();
    const r = { ...rollout(), status: { currentStepIndex: 'two' } } as unknown as ReturnType<typeof rollout>;
    const plan = planRollout(snapshot(world(r)), planners);
    expect(seen.map(([name]) => name)).toEqual(['canary']);
    expect(seen[0]?.[1].rollout.status).toEqual({});
    expect(plan.warnings?.[0]).toMatch(/^malformed status fields ignored and rebuilt: /);
  });

  it('holds a Rollout with problems before any planner sees it', () => {
    const { planners, seen } = recording();
    const plan = planRollout(snapshot(world(rollout({ steps: [{ setWeight: 150 }] }))), planners);
    expect(seen).toEqual([]);
    expect(plan.status.phase).toBe('Degraded');
    expect(plan.status.conditions?.find((c) => c.type === 'InvalidSpec')?.message).toMatch(/^spec\.strategy\.canary\.steps\[0\]\.setWeight: /);
  });

  it('gives blue-green to its planner once its row is true; until then holds it, naming the field', () => {
    const { planners, seen } = recording();
    const w = world(blueGreen());
    const plan = planRollout(snapshot(w), planners);
    if (SUPPORTED.strategies.blueGreen) {
      expect(seen.map(([name]) => name)).toEqual(['blueGreen']);
    } else {
      expect(seen).toEqual([]);
      expect(plan.status.message).toBe('InvalidSpec: spec.strategy.blueGreen: is not supported by this version of Kanary yet; the rollout is held as it is');
      expect(plan.nextCheckAt).toBe(w.now + INVALID_SPEC_RECHECK_MS);
    }
  });

  it('looks again soon when one of the problems is a missing reference', () => {
    const { planners } = recording();
    const w = world(rollout({ canary: { stableService: 'gone' } }), { gone: null });
    expect(planRollout(snapshot(w), planners).nextCheckAt).toBe(w.now + MISSING_REFERENCE_RECHECK_MS);
  });

  it('the blue-green slot plans the first ReplicaSet of a blue-green Rollout', () => {
    const plan = planBlueGreen(snapshot(world(blueGreen(), { 'web-active': { name: 'web-active', selector: { app: 'web' } } })));
    expect(plan.actions.map((a) => a.kind)).toEqual(['createReplicaSet']);
    expect(plan.status.conditions?.find((c) => c.type === 'InvalidSpec')).toBeUndefined();
  });
});

describe('an analysis template whose metric uses a provider Kanary does not run', () => {
  it('holds the Rollout with InvalidSpec naming the field, and creates no AnalysisRun', () => {
    const w = world(rollout({ steps: [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'dd' }] } }] }));
    const dd = template('dd');
    w.templates['AnalysisTemplate/dd'] = { ...dd, spec: { metrics: [{ name: 'errors', provider: { plugin: { 'argoproj-labs/sample': {} } } }] } } as typeof dd;
    const plan = planRollout(snapshot(w));
    expect(plan.actions.filter((a) => a.kind === 'createAnalysisRun')).toEqual([]);
    expect(plan.actions).toEqual([]);
    expect(plan.status.message).toBe('InvalidSpec: spec.strategy.canary.steps[1].analysis.templates[0].templateName: AnalysisTemplate "dd" '
      + 'spec.metrics[0].provider.plugin: metric provider "plugin" is not supported by this version of Kanary yet; the rollout is held as it is');
    expect(plan.nextCheckAt).toBe(w.now + INVALID_SPEC_RECHECK_MS);
  });
});
