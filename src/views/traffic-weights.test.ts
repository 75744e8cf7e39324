// The traffic block of `get rollout`: set, routed now and verified, as a named table, and the
// lines it adds to the screen.
import { describe, expect, it } from 'vitest';
import type { Rollout } from '../api/types.js';
import { plainText } from './text.js';
import { rolloutView } from './rollout-view.js';
import * as s from './scenarios.test-support.js';
import { trafficWeightsView, type RoutedWeightsView } from './traffic-weights.js';

const routedRollout = (weights?: NonNullable<NonNullable<Rollout['status']>['canary']>['weights']): Rollout => ({
  ...s.pausedAtStep.rollout,
  spec: { ...s.pausedAtStep.rollout.spec, strategy: { canary: { ...s.pausedAtStep.rollout.spec.strategy.canary, trafficRouting: { istio: { virtualService: { name: 'v' } } } } } },
  status: { ...s.pausedAtStep.rollout.status, canary: { ...(weights ? { weights } : {}) } },
});
const w = (canary: number, stable: number, extra: Record<string, unknown> = {}) => ({ canary: { weight: canary }, stable: { weight: stable }, ...extra });

describe('trafficWeightsView', () => {
  const rows: { name: string; rollout: Rollout; routed?: RoutedWeightsView; expected: ReturnType<typeof trafficWeightsView> }[] = [
    { name: 'no traffic routing: nothing', rollout: s.pausedAtStep.rollout, routed: { canary: 0, stable: 100, additional: [] }, expected: undefined },
    { name: 'set and routed agree; verification not reported', rollout: routedRollout(w(20, 80)), routed: { canary: 20, stable: 80, additional: [] },
      expected: { set: 'canary 20, stable 80', routed: 'canary 20, stable 80', verified: 'not reported', differs: false } },
    { name: 'an experiment\'s destinations; verified', rollout: routedRollout(w(20, 70, { additional: [{ weight: 10, serviceName: 'exp' }], verified: true })),
      routed: { canary: 20, stable: 70, additional: [{ weight: 10, serviceName: 'exp' }] },
      expected: { set: 'canary 20, stable 70, exp 10', routed: 'canary 20, stable 70, exp 10', verified: 'yes', differs: false } },
    { name: 'the documents route something else', rollout: routedRollout(w(20, 80, { verified: false })), routed: { canary: 0, stable: 100, additional: [] },
      expected: { set: 'canary 20, stable 80', routed: 'canary 0, stable 100', verified: 'no', differs: true } },
    { name: 'nothing set yet, documents unreadable', rollout: routedRollout(), routed: undefined,
      expected: { set: 'none yet', routed: 'not readable', verified: 'not reported', differs: false } },
  ];
  it.each(rows)('$name', ({ rollout, routed, expected }) => {
    expect(trafficWeightsView(rollout, routed)).toEqual(expected);
  });

  it('get rollout shows the block under the weights', () => {
    const text = plainText(rolloutView({ ...s.pausedAtStep, rollout: routedRollout(w(20, 80)), routed: { canary: 0, stable: 100, additional: [] } }));
    expect(text).toContain([
      'Traffic:',
      `${'  Set:'.padEnd(17)}canary 20, stable 80`,
      `${'  Routed:'.padEnd(17)}canary 0, stable 100 (not what was set)`,
      `${'  Verified:'.padEnd(17)}not reported`,
    ].join('\n'));
  });
});
