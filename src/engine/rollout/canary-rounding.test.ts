import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  desiredWeightReplicas,
  minPodsPerReplicaSet,
  podsCountedAvailable,
  weightedCanaryStableSplit,
  type ReplicaSetCounts,
} from './canary-rounding.js';

describe('weightedCanaryStableSplit, Argo TestApproximateWeightedNewStableReplicaCounts', () => {
  // [replicas, weight, maxSurge, canary, stable], with Argo's comment: the canary's share of pods.
  const rows: [number, number, number, number, number][] = [
    [0, 0, 0, 0, 0], [0, 50, 0, 0, 0], [0, 100, 0, 0, 0], // 0%
    [0, 0, 1, 0, 0], [0, 50, 1, 0, 0], [0, 100, 1, 0, 0], // 0%

    [1, 0, 0, 0, 1], [1, 1, 0, 0, 1], [1, 49, 0, 0, 1], // 0%
    [1, 50, 0, 1, 0], [1, 99, 0, 1, 0], [1, 100, 0, 1, 0], // 100%

    [1, 0, 1, 0, 1], // 0%
    [1, 1, 1, 1, 1], [1, 49, 1, 1, 1], [1, 50, 1, 1, 1], [1, 99, 1, 1, 1], // 50%
    [1, 100, 1, 1, 0], // 100%

    [2, 0, 0, 0, 2], // 0%
    [2, 1, 0, 1, 1], [2, 50, 0, 1, 1], [2, 99, 0, 1, 1], // 50%
    [2, 100, 0, 2, 0], // 100%

    [2, 0, 1, 0, 2], // 0%
    [2, 1, 1, 1, 2], // 33.3%
    [2, 50, 1, 1, 1], // 50%
    [2, 99, 1, 2, 1], // 66.6%
    [2, 100, 1, 2, 0], // 100%

    [3, 10, 0, 1, 2], [3, 25, 0, 1, 2], [3, 33, 0, 1, 2], [3, 34, 0, 1, 2], [3, 49, 0, 1, 2], // 33.3%
    [3, 50, 0, 2, 1], // 66.6%

    [3, 10, 1, 1, 3], [3, 25, 1, 1, 3], // 25%
    [3, 33, 1, 1, 2], [3, 34, 1, 1, 2], // 33.3%
    [3, 49, 1, 2, 2], [3, 50, 1, 2, 2], // 50%

    [10, 0, 1, 0, 10], // 0%
    [10, 1, 0, 1, 9], [10, 14, 0, 1, 9], // 10%
    [10, 15, 0, 2, 8], [10, 16, 0, 2, 8], // 20%
    [10, 99, 0, 9, 1], // 90%
    [10, 100, 1, 10, 0], // 100%

    [10, 0, 1, 0, 10], // 0%
    [10, 1, 1, 1, 10], // 9.1%
    [10, 18, 1, 2, 9], [10, 19, 1, 2, 9], // 18.1%
    [10, 20, 1, 2, 8], [10, 23, 1, 2, 8], // 20%
    [10, 24, 1, 3, 8], [10, 25, 1, 3, 8], // 27.2%
    [10, 99, 1, 10, 1], // 90.9%
    [10, 100, 1, 10, 0], // 100%
  ];
  it.each(rows)('TestApproximateWeightedNewStableReplicaCounts_replicas:%d_weight:%d_surge:%d -> canary %d, stable %d',
    (replicas, weight, maxSurge, canary, stable) => {
      expect(weightedCanaryStableSplit(replicas, weight, maxSurge)).toEqual({ canary, stable });
    });

  // Where Kanary deliberately differs from Argo: Argo finds no candidate and returns 0 canary pods.
  it.each([
    [10, 95, 9, 1], [2, 75, 1, 1], [5, 90, 4, 1], [25, 98, 24, 1], [50, 99, 49, 1],
  ])('without surge, %d replicas at %d%% keep a stable pod (Argo: no canary at all)', (replicas, weight, canary, stable) => {
    expect(weightedCanaryStableSplit(replicas, weight, 0)).toEqual({ canary, stable });
  });

  it('keeps both sides for a 1-99 weight with more than one pod, and never needs more than one extra pod', () => {
    const replicas = fc.oneof(fc.integer({ min: 2, max: 500 }), fc.constantFrom(2, 5, 10, 25, 50));
    fc.assert(fc.property(replicas, fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 5 }), (replicas, weight, maxSurge) => {
      const { canary, stable } = weightedCanaryStableSplit(replicas, weight, maxSurge);
      const total = canary + stable;
      return canary >= 1 && stable >= 1 && total >= replicas && total <= replicas + (maxSurge > 0 ? 1 : 0);
    }));
  });

  it('0% and 100% are exact', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 5 }), (replicas, maxSurge) => {
      const none = weightedCanaryStableSplit(replicas, 0, maxSurge);
      const all = weightedCanaryStableSplit(replicas, 100, maxSurge);
      return none.canary === 0 && none.stable === replicas && all.canary === replicas && all.stable === 0;
    }));
  });
});

describe('desiredWeightReplicas, Argo TestTrafficWeightToReplicas', () => {
  const rows: [number, number, number, number][] = [
    [10, 0, 100, 0], [10, 20, 100, 2], [10, 25, 100, 3], [10, 33, 100, 4], [10, 99, 100, 10], [10, 100, 100, 10],
    [23, 100_000_000, 100_000_000, 23],
  ];
  it.each(rows)('TestTrafficWeightToReplicas: %d replicas at %d of %d -> %d', (replicas, weight, maxWeight, expected) => {
    expect(desiredWeightReplicas(replicas, weight, maxWeight)).toBe(expected);
  });
  it('defaults to weights out of 100', () => {
    expect(desiredWeightReplicas(4, 50)).toBe(2);
  });
});

describe('podsCountedAvailable, Argo TestGetReplicasForScaleDown', () => {
  const rows: [string, ReplicaSetCounts | undefined, boolean, number][] = [
    ['TestGetReplicasForScaleDown: test rs is nil', undefined, false, 0],
    ['TestGetReplicasForScaleDown: test expected replicas is less than actual replicas', { replicas: 3, available: 5 }, false, 3],
    ['TestGetReplicasForScaleDown: test ignore availability', { replicas: 3, available: 2 }, true, 3],
    ['TestGetReplicasForScaleDown: test not ignore availability', { replicas: 3, available: 2 }, false, 2],
  ];
  it.each(rows)('%s', (_name, rs, trustSpec, expected) => {
    expect(podsCountedAvailable(rs, trustSpec)).toBe(expected);
  });
});

describe('minPodsPerReplicaSet', () => {
  const rows: [string, number, number | undefined, number, number][] = [
    ['raises a non-zero count', 1, 2, 10, 2],
    ['leaves zero alone', 0, 2, 10, 0],
    ['leaves a larger count alone', 5, 2, 10, 5],
    ['does nothing when unset', 1, undefined, 10, 1],
    ['is capped at replicas', 1, 2, 1, 1],
  ];
  it.each(rows)('%s', (_name, count, minPods, replicas, expected) => {
    expect(minPodsPerReplicaSet(count, minPods, replicas)).toBe(expected);
  });
});
