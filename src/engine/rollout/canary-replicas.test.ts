// Argo Rollouts' TestCalculateReplicaCountsForCanary (utils/replicaset/canary_test.go), case for
// case: each row is run the way Argo runs it, through the canary target (one step with the row's
// setWeight and setCanaryScale, stable hash "stable", desired hash "canary") and then the basic or
// the traffic-routed arithmetic.
import { describe, expect, it } from 'vitest';
import { basicCanaryReplicas, canaryReplicas, olderReplicasAfterScaleDown, type ReplicaSetCounts } from './canary-replicas.js';
import { canaryTarget, type CanaryStepLike } from './canary-target.js';
import { trafficRoutedCanaryReplicas } from './canary-traffic-replicas.js';
import type { IntOrPercent } from './int-or-percent.js';

interface ArgoCase {
  readonly replicas: number;
  readonly setWeight?: number;
  readonly maxSurge?: IntOrPercent;
  readonly maxUnavailable?: IntOrPercent;
  readonly promoteFull?: boolean;
  /** [spec.replicas, status.availableReplicas] */
  readonly stable: readonly [number, number];
  readonly canary: readonly [number, number];
  readonly older?: readonly [number, number];
  readonly setCanaryScale?: CanaryStepLike['setCanaryScale'];
  readonly trafficRouting?: boolean;
  readonly abortScaleDownDelaySeconds?: number;
  readonly abort?: boolean;
  readonly minPodsPerReplicaSet?: number;
  readonly expected: { readonly canary: number; readonly stable: number };
}

const rs = ([replicas, available]: readonly [number, number]): ReplicaSetCounts => ({ replicas, available });

// In Argo's table an unset maxSurge/maxUnavailable is intstr's zero value: the integer 0.
function runArgoCase(c: ArgoCase): { canary: number; stable: number } {
  const target = canaryTarget({
    steps: [{ setWeight: c.setWeight ?? 0, setCanaryScale: c.setCanaryScale }],
    currentStepIndex: 0,
    promoteFull: c.promoteFull,
    aborted: c.abort,
    stableRS: 'stable',
    currentPodHash: 'canary',
    trafficRouted: c.trafficRouting,
    abortScaleDownDelaySeconds: c.abortScaleDownDelaySeconds,
  });
  if (c.trafficRouting === true) {
    return trafficRoutedCanaryReplicas({
      replicas: c.replicas,
      weight: target.weight,
      canaryScaleReplicas: target.replicas,
      minPodsPerReplicaSet: c.minPodsPerReplicaSet,
      aborted: c.abort,
    });
  }
  return basicCanaryReplicas({
    replicas: c.replicas,
    weight: target.weight,
    maxSurge: c.maxSurge ?? 0,
    maxUnavailable: c.maxUnavailable ?? 0,
    stable: rs(c.stable),
    canary: rs(c.canary),
    older: c.older ? [rs(c.older)] : [],
  });
}

const T = 'TestCalculateReplicaCountsForCanary';
const argoCases: Record<string, ArgoCase> = {
  [`${T}: Do not add extra RSs in scaleDownCount when .Spec.Replica < AvailableReplicas`]:
    { replicas: 10, setWeight: 100, maxSurge: 3, maxUnavailable: 0, stable: [7, 8], canary: [6, 3], expected: { stable: 7, canary: 6 } },
  [`${T}: Use max surge int to scale up canary`]:
    { replicas: 10, setWeight: 20, maxSurge: 2, maxUnavailable: 0, stable: [10, 10], canary: [0, 0], expected: { stable: 10, canary: 2 } },
  [`${T}: Use max surge percentage to scale up canary`]:
    { replicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stable: [10, 10], canary: [0, 0], expected: { stable: 10, canary: 2 } },
  [`${T}: Scale down extra stable replicas`]:
    { replicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stable: [10, 10], canary: [2, 2], expected: { stable: 8, canary: 2 } },
  [`${T}: Do not go past max surge`]:
    { replicas: 10, setWeight: 30, maxSurge: 2, maxUnavailable: 0, stable: [10, 10], canary: [0, 0], expected: { stable: 10, canary: 2 } },
  [`${T}: Use max unavailable int to scale down stableRS`]:
    { replicas: 10, setWeight: 20, maxSurge: 0, maxUnavailable: 2, stable: [10, 10], canary: [0, 0], expected: { stable: 8, canary: 0 } },
  [`${T}: Use max surge percentage to scale down stableRS`]:
    { replicas: 10, setWeight: 20, maxSurge: 0, maxUnavailable: '20%', stable: [10, 10], canary: [0, 0], expected: { stable: 8, canary: 0 } },
  [`${T}: Do not go past max unavailable`]:
    { replicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 2, stable: [10, 10], canary: [0, 0], expected: { stable: 8, canary: 0 } },
  [`${T}: Use Max Surge and Max Unavailable`]:
    { replicas: 10, setWeight: 50, maxSurge: 2, maxUnavailable: 1, stable: [10, 10], canary: [0, 0], expected: { stable: 9, canary: 2 } },
  [`${T}: Scale canaryRS to zero on setWeight of 0%`]:
    { replicas: 10, setWeight: 0, maxSurge: 1, maxUnavailable: 1, stable: [10, 10], canary: [1, 1], expected: { stable: 10, canary: 0 } },
  [`${T}: Scale stable to zero on setWeight of 100%`]:
    { replicas: 10, setWeight: 100, maxSurge: 1, maxUnavailable: 1, stable: [1, 1], canary: [10, 10], expected: { stable: 0, canary: 10 } },
  [`${T}: Do not scale canaryRS down to zero on non-zero weight`]:
    { replicas: 1, setWeight: 20, maxSurge: 1, maxUnavailable: 0, stable: [1, 1], canary: [0, 0], expected: { stable: 1, canary: 1 } },
  [`${T}: Do not scale canaryRS down to zero on non-100 weight`]:
    { replicas: 1, setWeight: 90, maxSurge: 1, maxUnavailable: 0, stable: [1, 1], canary: [0, 0], expected: { stable: 1, canary: 1 } },
  [`${T}: Scale canaryRS to zero on <50 weight without surge`]:
    { replicas: 1, setWeight: 49, maxSurge: 0, maxUnavailable: 1, stable: [1, 1], canary: [0, 0], expected: { stable: 1, canary: 0 } },
  [`${T}: Scale stableRS down to zero on >=50 weight without surge`]:
    { replicas: 1, setWeight: 51, maxSurge: 0, maxUnavailable: 1, stable: [1, 1], canary: [0, 0], expected: { stable: 0, canary: 0 } },
  [`${T}: Scale canaryRS to one on >=50 weight without surge and stable replicas`]:
    { replicas: 1, setWeight: 51, maxSurge: 0, maxUnavailable: 1, stable: [0, 0], canary: [0, 0], expected: { stable: 0, canary: 1 } },
  [`${T}: Scale up Stable before canaryRS`]:
    { replicas: 10, setWeight: 30, maxSurge: 1, maxUnavailable: 0, stable: [1, 1], canary: [0, 0], older: [3, 3], expected: { stable: 7, canary: 1 } },
  [`${T}: Scale down canaryRS and stable`]:
    { replicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 3, stable: [8, 5], canary: [4, 4], expected: { stable: 7, canary: 3 } },
  [`${T}: Scale down stable and canary available`]:
    { replicas: 10, setWeight: 100, maxSurge: 1, maxUnavailable: 0, stable: [10, 2], canary: [10, 8], expected: { stable: 2, canary: 9 } },
  [`${T}: Do not scale down canaryRS or stable when older RS count >= scaleDownCount`]:
    { replicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 1, stable: [8, 6], canary: [4, 2], older: [3, 3], expected: { stable: 8, canary: 4 } },
  [`${T}: Do not round past maxSurge with uneven setWeight divisor`]:
    { replicas: 10, setWeight: 5, maxSurge: 0, maxUnavailable: 1, stable: [10, 10], canary: [0, 0], expected: { stable: 9, canary: 0 } },
  [`${T}: Do not round past maxSurge with uneven setWeight divisor (part 2)`]:
    { replicas: 10, setWeight: 5, maxSurge: 0, maxUnavailable: 1, stable: [9, 9], canary: [0, 0], expected: { stable: 9, canary: 1 } },
  [`${T}: Use maxUnavailable of 1 when percentage of maxUnavailable and maxSurge result in 0 replicas`]:
    { replicas: 10, setWeight: 10, maxSurge: '0%', maxUnavailable: '0%', stable: [10, 10], canary: [0, 0], expected: { stable: 9, canary: 0 } },
  [`${T}: For canary replicas, use setCanaryScale.replicas when specified along with trafficRouting (and ignore setWeight)`]:
    { replicas: 1, setWeight: 100, stable: [1, 1], canary: [0, 0], setCanaryScale: { replicas: 9 }, trafficRouting: true, expected: { stable: 1, canary: 9 } },
  [`${T}: Use setCanaryScale.weight for canary replicas when specified with trafficRouting (and ignore setWeight)`]:
    { replicas: 4, setWeight: 100, stable: [4, 4], canary: [0, 0], setCanaryScale: { weight: 200 }, trafficRouting: true, expected: { stable: 4, canary: 8 } },
  [`${T}: Ignore setCanaryScale replicas/weight when matchTrafficWeight is true`]:
    { replicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stable: [10, 10], canary: [0, 0], setCanaryScale: { replicas: 9, weight: 100, matchTrafficWeight: true }, trafficRouting: true, expected: { stable: 10, canary: 2 } },
  [`${T}: Ignore setCanaryScale when trafficRouting is missing and use setWeight for replicas`]:
    { replicas: 10, setWeight: 20, maxSurge: '20%', maxUnavailable: 0, stable: [10, 10], canary: [0, 0], setCanaryScale: { replicas: 9, weight: 100 }, expected: { stable: 10, canary: 2 } },
  [`${T}: honor maxSurge during scale up when stableRS unavailable`]:
    { replicas: 4, setWeight: 100, maxSurge: 1, maxUnavailable: 0, stable: [4, 1], canary: [0, 0], expected: { stable: 4, canary: 1 } },
  [`${T}: scale down to maxunavailable without exceeding maxSurge`]:
    { replicas: 3, setWeight: 99, maxSurge: 0, maxUnavailable: 2, stable: [3, 3], canary: [0, 0], expected: { stable: 1, canary: 0 } },
  [`${T}: scale down to maxunavailable without exceeding maxSurge (part 2)`]:
    { replicas: 3, setWeight: 99, maxSurge: 0, maxUnavailable: 2, stable: [1, 1], canary: [0, 0], expected: { stable: 1, canary: 2 } },
  [`${T}: honor maxUnavailable during scale down stableRS unavailable`]:
    { replicas: 4, setWeight: 100, maxSurge: 1, maxUnavailable: 0, stable: [4, 1], canary: [1, 1], expected: { stable: 3, canary: 1 } },
  [`${T}: honor maxUnavailable when aborting or reducing weight part 1`]:
    { replicas: 4, setWeight: 0, maxSurge: 1, maxUnavailable: 0, stable: [0, 0], canary: [4, 4], expected: { stable: 1, canary: 4 } },
  [`${T}: honor maxUnavailable when aborting or reducing weight part 2`]:
    { replicas: 4, setWeight: 0, maxSurge: 1, maxUnavailable: 0, stable: [1, 0], canary: [4, 4], expected: { stable: 1, canary: 4 } },
  [`${T}: honor maxUnavailable when aborting or reducing weight part 3`]:
    { replicas: 4, setWeight: 0, maxSurge: 1, maxUnavailable: 0, stable: [1, 1], canary: [4, 4], expected: { stable: 1, canary: 3 } },
  [`${T}: promote full does not consider weight`]:
    { promoteFull: true, replicas: 4, setWeight: 1, maxSurge: 4, maxUnavailable: 4, stable: [4, 4], canary: [0, 0], expected: { stable: 0, canary: 4 } },
  [`${T}: promote full still honors maxSurge/maxUnavailable`]:
    { promoteFull: true, replicas: 4, setWeight: 1, maxSurge: 3, maxUnavailable: 0, stable: [4, 4], canary: [0, 0], expected: { stable: 4, canary: 3 } },
  [`${T}: aborted with abortScaleDownDelaySeconds:0 and setCanaryScale`]:
    { replicas: 1, setCanaryScale: { replicas: 1 }, trafficRouting: true, abortScaleDownDelaySeconds: 0, abort: true, stable: [1, 1], canary: [1, 1], expected: { stable: 1, canary: 1 } },
  [`${T}: aborted with abortScaleDownDelaySeconds>0 and setCanaryScale`]:
    { replicas: 1, setCanaryScale: { replicas: 1 }, trafficRouting: true, abortScaleDownDelaySeconds: 30, abort: true, stable: [1, 1], canary: [1, 1], expected: { stable: 1, canary: 0 } },
  [`${T}: Honor MinPodsPerReplicaSet when using trafficRouting and starting canary`]:
    { replicas: 10, setWeight: 5, stable: [10, 10], canary: [0, 0], trafficRouting: true, minPodsPerReplicaSet: 2, expected: { stable: 10, canary: 2 } },
  [`${T}: Cap MinPodsPerReplicaSet when it exceeds rollout replicas with trafficRouting`]:
    { replicas: 1, setWeight: 100, promoteFull: true, stable: [1, 1], canary: [0, 0], trafficRouting: true, minPodsPerReplicaSet: 2, expected: { stable: 1, canary: 1 } },
  // The worked examples of CalculateReplicaCountsForBasicCanary's doc comment.
  ['canary.go doc example: replicas 10, weight 10, surge 1, unavailable 1']:
    { replicas: 10, setWeight: 10, maxSurge: 1, maxUnavailable: 1, stable: [10, 10], canary: [0, 0], expected: { stable: 9, canary: 1 } },
  ['canary.go doc example: replicas 10, weight 30, surge 3, unavailable 0']:
    { replicas: 10, setWeight: 30, maxSurge: 3, maxUnavailable: 0, stable: [10, 10], canary: [0, 0], expected: { stable: 10, canary: 3 } },
  ['canary.go doc example: replicas 10, weight 30, surge 0, unavailable 5']:
    { replicas: 10, setWeight: 30, maxSurge: 0, maxUnavailable: 5, stable: [10, 10], canary: [0, 0], expected: { stable: 7, canary: 0 } },
  // Stale in Argo: the comment predates approximateWeightedCanaryStableReplicaCounts and says
  // stable 9; the current code surges to 1 canary of 11 pods (9.1%, closer to 5% than 1 of 10).
  ['canary.go doc example (stale, the comment says stable 9): replicas 10, weight 5, surge 1, unavailable 1']:
    { replicas: 10, setWeight: 5, maxSurge: 1, maxUnavailable: 1, stable: [10, 10], canary: [0, 0], expected: { stable: 10, canary: 1 } },
  ['canary.go doc example: replicas 1, weight 5, surge 1, unavailable 0']:
    { replicas: 1, setWeight: 5, maxSurge: 1, maxUnavailable: 0, stable: [1, 1], canary: [0, 0], expected: { stable: 1, canary: 1 } },
  ['canary.go doc example: replicas 1, weight 95, surge 1, unavailable 0']:
    { replicas: 1, setWeight: 95, maxSurge: 1, maxUnavailable: 0, stable: [1, 1], canary: [0, 0], expected: { stable: 1, canary: 1 } },
};

describe('canary replica counts, Argo Rollouts cases', () => {
  it.each(Object.entries(argoCases))('%s', (_name, c) => {
    expect(runArgoCase(c)).toEqual(c.expected);
  });
});

describe('basicCanaryReplicas without a separate stable', () => {
  // A stable that is the canary itself is passed as no stable: the canary then takes every replica.
  it('TestCalculateReplicaCountsForNewDeployment: the stable is the canary', () => {
    const target = canaryTarget({ steps: [{ setWeight: 10 }], currentStepIndex: 0, stableRS: 'stable', currentPodHash: 'canary' });
    expect(basicCanaryReplicas({ replicas: 10, weight: target.weight, maxSurge: 0, maxUnavailable: 1, canary: { replicas: 10, available: 0 } }))
      .toEqual({ canary: 10, stable: 0 });
  });
  it('TestCalculateReplicaCountsForCanaryStableRSdEdgeCases: no stable yet', () => {
    const target = canaryTarget({ steps: [{ setWeight: 10 }], currentStepIndex: 0, stableRS: '', currentPodHash: '' });
    expect(target.weight).toBe(100);
    expect(basicCanaryReplicas({ replicas: 10, weight: target.weight, maxSurge: 0, maxUnavailable: 1, canary: { replicas: 9, available: 9 } }))
      .toEqual({ canary: 10, stable: 0 });
  });
  it('TestCalculateReplicaCountsForCanaryStableRSdEdgeCases: the stable is the canary', () => {
    expect(basicCanaryReplicas({ replicas: 10, weight: 10, maxSurge: 0, maxUnavailable: 1, canary: { replicas: 9, available: 9 } }))
      .toEqual({ canary: 10, stable: 0 });
  });
  it('a canary that does not exist yet stays at 0 (Argo sizes it once created)', () => {
    expect(basicCanaryReplicas({ replicas: 10, weight: 20, maxSurge: 2, maxUnavailable: 0, stable: { replicas: 10, available: 10 } }))
      .toEqual({ canary: 0, stable: 10 });
  });
  it('defaults maxSurge and maxUnavailable to 25%', () => {
    expect(basicCanaryReplicas({ replicas: 4, weight: 50, stable: { replicas: 4, available: 4 }, canary: { replicas: 0, available: 0 } }))
      .toEqual({ canary: 1, stable: 3 });
  });
  it('an unreadable maxSurge counts as 0/0, as in Argo (validation reports it)', () => {
    expect(basicCanaryReplicas({ replicas: 10, weight: 20, maxSurge: 'lots', maxUnavailable: 2, stable: { replicas: 10, available: 10 }, canary: { replicas: 0, available: 0 } }))
      .toEqual({ canary: 0, stable: 10 });
  });
});

describe('olderReplicasAfterScaleDown', () => {
  const base = { replicas: 10, weight: 30, maxSurge: 0 };
  const rows: [string, Parameters<typeof olderReplicasAfterScaleDown>[0], number[]][] = [
    ['gives what availability allows', { ...base, maxUnavailable: 1, stable: { replicas: 8, available: 8 }, older: [{ replicas: 3, available: 3 }] }, [1]],
    ['drops unavailable pods first, at no cost', { ...base, maxUnavailable: 1, stable: { replicas: 8, available: 8 }, older: [{ replicas: 3, available: 1 }] }, [1]],
    ['then what availability allows', { ...base, maxUnavailable: 1, stable: { replicas: 9, available: 9 }, older: [{ replicas: 3, available: 2 }] }, [0]],
    ['newest first, then the next', { ...base, maxUnavailable: 2, canary: { replicas: 7, available: 7 }, older: [{ replicas: 2, available: 2 }, { replicas: 3, available: 3 }] }, [0, 1]],
    ['nothing while below the floor', { ...base, maxUnavailable: 1, stable: { replicas: 6, available: 6 }, older: [{ replicas: 3, available: 3 }] }, [3]],
    ['already scaled down stays so', { ...base, maxUnavailable: 1, stable: { replicas: 10, available: 10 }, older: [{ replicas: 0, available: 0 }] }, [0]],
  ];
  it.each(rows)('%s', (_name, input, expected) => {
    expect(olderReplicasAfterScaleDown(input)).toEqual(expected);
  });
});

describe('canaryReplicas', () => {
  it('without traffic routing: canary, stable and older together', () => {
    expect(canaryReplicas({
      replicas: 10, weight: 30, maxSurge: 1, maxUnavailable: 0,
      stable: { replicas: 1, available: 1 }, canary: { replicas: 0, available: 0 }, older: [{ replicas: 3, available: 3 }],
    })).toEqual({ canary: 1, stable: 7, older: [3] });
  });
  it('with traffic routing: older ReplicaSets are left to the scale-down delay', () => {
    expect(canaryReplicas({
      replicas: 10, weight: 20, stable: { replicas: 10, available: 10 }, canary: { replicas: 0, available: 0 },
      older: [{ replicas: 4, available: 4 }], trafficRouting: {},
    })).toEqual({ canary: 2, stable: 10, older: [4] });
  });
  it('with traffic routing, setCanaryScale replicas win', () => {
    expect(canaryReplicas({ replicas: 10, weight: 0, canaryScaleReplicas: 3, trafficRouting: {} }))
      .toEqual({ canary: 3, stable: 10, older: [] });
  });
});
