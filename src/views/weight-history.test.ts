import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanaryStep } from '../api/types.js';
import { NOW, ago, rollout } from './fixtures.test-support.js';
import { recordWeight, setWeightAt, setWeightFromEvents, weightChart, weightPlan, type WeightSample } from './weight-history.js';

const STEPS: CanaryStep[] = [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }, { pause: { duration: '30s' } }, { setWeight: 60 }, { setWeight: 80 }];

describe('setWeightAt', () => {
  it.each([
    ['the first step sets 20', 0, 20],
    ['a pause keeps the weight before it', 1, 20],
    ['the third step sets 40', 2, 40],
    ['the last step', 5, 80],
    ['past the last step: everything on the new version', 6, 100],
  ])('%s', (_what, index, want) => expect(setWeightAt(STEPS, index)).toBe(want));

  it('before any setWeight the weight is 0', () => {
    expect(setWeightAt([{ pause: {} }, { setWeight: 50 }], 0)).toBe(0);
  });

  it('the plan: each step, then 100', () => {
    expect(weightPlan(STEPS)).toEqual([20, 20, 40, 40, 60, 80, 100]);
    expect(weightPlan([])).toEqual([100]);
  });
});

const at = (seconds: number) => Date.parse(ago(seconds));

describe('setWeightFromEvents', () => {
  it('follows the current update from RolloutUpdated through each completed step', () => {
    const points = setWeightFromEvents(STEPS, [
      { reason: 'RolloutStepCompleted', message: 'Rollout step 1/6 completed (setWeight: 20)', lastTimestamp: ago(50) },
      { reason: 'RolloutUpdated', message: 'Rollout updated to revision 2', lastTimestamp: ago(60) },
      { reason: 'RolloutStepCompleted', message: 'Rollout step 2/6 completed (pause)', lastTimestamp: ago(30) },
      { reason: 'RolloutStepCompleted', message: 'Rollout step 3/6 completed (setWeight: 40)', lastTimestamp: ago(29) },
    ]);
    expect(points).toEqual([{ at: at(60), weight: 20 }, { at: at(50), weight: 20 }, { at: at(30), weight: 40 }, { at: at(29), weight: 40 }]);
  });

  it('an abort drops to 0; completing is 100; events of an older update are left out', () => {
    const events = [
      { reason: 'RolloutCompleted', message: 'Rollout completed update to revision 1', lastTimestamp: ago(600) },
      { reason: 'RolloutUpdated', message: 'Rollout updated to revision 2', lastTimestamp: ago(60) },
      { type: 'Warning', reason: 'RolloutAborted', message: 'Rollout aborted update to revision 2', lastTimestamp: ago(20) },
    ];
    expect(setWeightFromEvents(STEPS, events)).toEqual([{ at: at(60), weight: 20 }, { at: at(20), weight: 0 }]);
    expect(setWeightFromEvents(STEPS, [...events, { reason: 'RolloutCompleted', message: 'done', lastTimestamp: ago(5) }]).at(-1)).toEqual({ at: at(5), weight: 100 });
  });

  it('no update in the events (they expire after an hour): no points', () => {
    expect(setWeightFromEvents(STEPS, [{ reason: 'RolloutStepCompleted', message: 'Rollout step 1/6 completed', lastTimestamp: ago(5) }])).toEqual([]);
  });
});

describe('recordWeight', () => {
  it('appends only a change, and keeps the newest `limit`', () => {
    let h: readonly WeightSample[] = [];
    h = recordWeight(h, { at: 1, setWeight: 20, actualWeight: 0 }, 3);
    h = recordWeight(h, { at: 2, setWeight: 20, actualWeight: 0 }, 3);
    h = recordWeight(h, { at: 3, setWeight: 20, actualWeight: 20 }, 3);
    h = recordWeight(h, { at: 4, setWeight: 40, actualWeight: 20 }, 3);
    h = recordWeight(h, { at: 5, setWeight: 40, actualWeight: 40 }, 3);
    expect(h.map((s) => s.at)).toEqual([3, 4, 5]);
  });

  it('property: never more than the limit, never two equal neighbours, the newest change always kept', () => {
    const sample = fc.record({ setWeight: fc.integer({ min: 0, max: 100 }), actualWeight: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }) });
    fc.assert(fc.property(fc.array(sample, { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (samples, limit) => {
      let h: readonly WeightSample[] = [];
      samples.forEach((s, i) => { h = recordWeight(h, { at: i, ...s }, limit); });
      expect(h.length).toBeLessThanOrEqual(limit);
      for (let i = 1; i < h.length; i++) expect([h[i]!.setWeight, h[i]!.actualWeight]).not.toEqual([h[i - 1]!.setWeight, h[i - 1]!.actualWeight]);
      const last = samples.at(-1);
      if (last) expect([h.at(-1)!.setWeight, h.at(-1)!.actualWeight]).toEqual([last.setWeight, last.actualWeight]);
    }));
  });
});

describe('weightChart', () => {
  it('joins the plan, the events\' set weights and the samples; actual only where seen', () => {
    const chart = weightChart(rollout({ phase: 'Paused', currentStepIndex: 1 }), [
      { reason: 'RolloutUpdated', message: 'Rollout updated to revision 2', lastTimestamp: ago(60) },
    ], [{ at: NOW - 30_000, setWeight: 20, actualWeight: 20 }, { at: NOW - 10_000, setWeight: 20 }]);
    expect(chart.plan).toEqual([20, 20, 40, 40, 60, 80, 100]);
    expect(chart.set).toEqual([{ at: at(60), weight: 20 }, { at: NOW - 30_000, weight: 20 }, { at: NOW - 10_000, weight: 20 }]);
    expect(chart.actual).toEqual([{ at: NOW - 30_000, weight: 20 }]);
    expect(chart.routed).toBe(false);
    expect(chart.routerWeight).toBeUndefined();
  });

  it('an event in the second of the first sample, or later, gives way to the samples: event times have whole seconds', () => {
    // Seen by the dashboard: 20 at .305, then 60 at .700. The step's event says 60 at .000 of the
    // same second, though it happened after .305: kept, it would draw 60 before 20.
    const second = Math.floor(NOW / 1000) * 1000 - 60_000;
    const chart = weightChart(rollout({ phase: 'Paused', currentStepIndex: 3 }, { strategy: { canary: { steps: STEPS } } }), [
      { reason: 'RolloutUpdated', message: 'Rollout updated to revision 2', lastTimestamp: new Date(second - 5_000).toISOString() },
      { reason: 'RolloutStepCompleted', message: 'Rollout step 2/6 completed (pause)', lastTimestamp: new Date(second).toISOString() },
    ], [{ at: second + 305, setWeight: 20 }, { at: second + 700, setWeight: 40 }]);
    expect(chart.set).toEqual([{ at: second - 5_000, weight: 20 }, { at: second + 305, weight: 20 }, { at: second + 700, weight: 40 }]);
  });

  it('a traffic-routed Rollout says so and carries the router\'s weight', () => {
    const r = rollout({ phase: 'Paused' }, { strategy: { canary: { steps: STEPS, trafficRouting: { nginx: { stableIngress: 'web' } } } } });
    const chart = weightChart(r, [], [], 20);
    expect(chart).toMatchObject({ routed: true, routerWeight: 20, set: [], actual: [] });
  });
});
