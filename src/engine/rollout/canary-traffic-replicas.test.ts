import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canaryTarget } from './canary-target.js';
import { dynamicAbortWeight, trafficRoutedCanaryReplicas } from './canary-traffic-replicas.js';

describe('trafficRoutedCanaryReplicas', () => {
  it('TestCalculateReplicaCountsForCanaryTrafficRouting: the stable stays fully scaled', () => {
    expect(trafficRoutedCanaryReplicas({ replicas: 10, weight: 10 })).toEqual({ canary: 1, stable: 10 });
  });
  it('honours maxTrafficWeight', () => {
    expect(trafficRoutedCanaryReplicas({ replicas: 10, weight: 250, maxWeight: 1000 })).toEqual({ canary: 3, stable: 10 });
  });
});

// Argo's TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale: the Rollout has one step
// `setWeight: <setWeight>` (Argo passes its "rolloutMaxReplicas" there) plus the row's steps; the
// canary ReplicaSet's pods are all available.
interface DynamicCase {
  readonly replicas: number;
  readonly setWeight: number;
  readonly abort: boolean;
  readonly steps?: readonly number[];
  readonly currentWeights: { readonly canary: number; readonly stable: number };
  readonly canaryReplicas?: number;
  readonly stable?: { readonly replicas: number; readonly available: number };
  readonly expected: { readonly canary: number; readonly stable: number };
}
const D = 'TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale';
const dynamicCases: Record<string, DynamicCase> = {
  [`${D}: Should scale stable replica up depending on next expected canary downscale step, if abort is true`]:
    { replicas: 10, setWeight: 20, abort: true, steps: [60], currentWeights: { canary: 60, stable: 40 }, canaryReplicas: 6, stable: { replicas: 4, available: 4 }, expected: { canary: 6, stable: 8 } },
  [`${D}: Should scale stable replica up depending on available canary replicas, if actual number of canaries is less than expected and abort is true`]:
    { replicas: 10, setWeight: 20, abort: true, steps: [60], currentWeights: { canary: 60, stable: 40 }, canaryReplicas: 1, stable: { replicas: 4, available: 4 }, expected: { canary: 6, stable: 8 } },
  [`${D}: Should scale stable replica up depending on available stable replicas, if abort is true`]:
    { replicas: 10, setWeight: 20, abort: true, steps: [60], currentWeights: { canary: 60, stable: 40 }, canaryReplicas: 2, stable: { replicas: 8, available: 4 }, expected: { canary: 6, stable: 8 } },
  [`${D}: Should scale stable up as if canaries are scaled down to 0 if stable and canary replicas not passed, and abort is true`]:
    { replicas: 10, setWeight: 20, abort: true, steps: [60], currentWeights: { canary: 60, stable: 40 }, expected: { canary: 6, stable: 10 } },
  [`${D}: Should scale down stable`]:
    { replicas: 10, setWeight: 10, abort: false, currentWeights: { canary: 10, stable: 90 }, expected: { canary: 1, stable: 9 } },
  [`${D}: Should take max of desired canary (20) > actual (10)`]:
    { replicas: 10, setWeight: 20, abort: false, currentWeights: { canary: 10, stable: 90 }, expected: { canary: 2, stable: 9 } },
  [`${D}: Should leave canary scaled up if there is still traffic to it on abort`]:
    { replicas: 10, setWeight: 20, abort: true, currentWeights: { canary: 20, stable: 80 }, expected: { canary: 2, stable: 10 } },
  [`${D}: Should reduce canary when there is less traffic to it on abort`]:
    { replicas: 10, setWeight: 20, abort: true, currentWeights: { canary: 10, stable: 90 }, expected: { canary: 1, stable: 10 } },
};

describe('trafficRoutedCanaryReplicas with dynamicStableScale, Argo cases', () => {
  it.each(Object.entries(dynamicCases))('%s', (_name, c) => {
    const stepWeights = [c.setWeight, ...(c.steps ?? [])];
    const target = canaryTarget({
      steps: stepWeights.map((setWeight) => ({ setWeight })),
      currentStepIndex: 0,
      aborted: c.abort,
      stableRS: 'stable',
      currentPodHash: 'canary',
      trafficRouted: true,
    });
    expect(trafficRoutedCanaryReplicas({
      replicas: c.replicas,
      weight: target.weight,
      dynamicStableScale: true,
      aborted: c.abort,
      currentWeights: c.currentWeights,
      stepWeights,
      canary: c.canaryReplicas === undefined ? undefined : { replicas: c.canaryReplicas, available: c.canaryReplicas },
      stable: c.stable,
    })).toEqual(c.expected);
  });
});

describe('dynamicAbortWeight', () => {
  const rows: [string, number[], { replicas: number; available: number } | undefined, { replicas: number; available: number } | undefined, number][] = [
    ['steps back to the last step needing fewer pods', [20, 60], { replicas: 6, available: 6 }, { replicas: 4, available: 4 }, 20],
    ['all the way to 0 once the stable can take everything and the canary is down', [20, 60], { replicas: 0, available: 0 }, { replicas: 10, available: 10 }, 0],
    // Argo issue #4898: the canary's own available pods hold the weight up, even with a full stable.
    ['held up by the canary pods still available', [20, 60], { replicas: 6, available: 6 }, { replicas: 10, available: 10 }, 20],
    ['0 with no ReplicaSets to go by', [20, 60], undefined, undefined, 0],
    ['counts the canary pods when more are available than the stable misses', [20, 60, 80], { replicas: 8, available: 8 }, { replicas: 9, available: 9 }, 60],
  ];
  it.each(rows)('%s', (_name, steps, canary, stable, expected) => {
    expect(dynamicAbortWeight(10, steps, canary, stable)).toBe(expected);
  });
});

describe('trafficRoutedCanaryReplicas properties', () => {
  const weights = fc.integer({ min: 0, max: 100 }).map((canary) => ({ canary, stable: 100 - canary }));
  it('without dynamicStableScale the stable keeps every replica', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 100 }), fc.option(weights, { nil: undefined }), (replicas, weight, currentWeights) =>
      trafficRoutedCanaryReplicas({ replicas, weight, currentWeights }).stable === replicas));
  });
  it('with dynamicStableScale the stable keeps pods for the traffic it still gets', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 100 }), weights, fc.boolean(), (replicas, weight, currentWeights, aborted) => {
      const { canary, stable } = trafficRoutedCanaryReplicas({ replicas, weight, currentWeights, aborted, dynamicStableScale: true });
      return stable >= Math.ceil((currentWeights.stable * replicas) / 100) && (!aborted || canary >= Math.ceil((currentWeights.canary * replicas) / 100));
    }));
  });
  it('a non-zero weight always gets a canary pod', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 100 }), (replicas, weight) =>
      trafficRoutedCanaryReplicas({ replicas, weight }).canary >= 1));
  });
});
