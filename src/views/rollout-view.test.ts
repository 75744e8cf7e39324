// The `get rollout` screen, exact and without colour, for a Rollout in each phase a user meets.
import { describe, expect, it } from 'vitest';
import { plainText } from './text.js';
import { rolloutView } from './rollout-view.js';
import * as s from './scenarios.test-support.js';

describe('rolloutView', () => {
  it('Healthy: the steps done, the old revision scaled down', () => {
    expect(plainText(rolloutView(s.healthy))).toBe(`
Name:            web
Namespace:       shop
Status:          ✔ Healthy
Strategy:        Canary
  Step:          6/6
  SetWeight:     100
  ActualWeight:  100
Images:          demo:2 (stable)
Replicas:
  Desired:       5
  Current:       5
  Updated:       5
  Ready:         5
  Available:     5

NAME                   KIND        STATUS        AGE    INFO
⟳ web                  Rollout     ✔ Healthy     60m
├──# revision:2
│  └──⧉ web-bbb        ReplicaSet  ✔ Healthy     5m     stable,ready:2/2
│     ├──□ web-bbb-p1  Pod         ✔ Running     5m     ready:1/1
│     └──□ web-bbb-p2  Pod         ✔ Running     4m50s  ready:1/1
└──# revision:1
   └──⧉ web-aaa        ReplicaSet  • ScaledDown  60m
`.slice(1));
  });

  it('Progressing: a canary pod being created, background analysis running with its Job', () => {
    expect(plainText(rolloutView(s.progressing))).toBe(`
Name:            web
Namespace:       shop
Status:          ◌ Progressing
Message:         more replicas need to be updated
Waiting for:     analysis "web-bbb-2-bg" to complete
Strategy:        Canary
  Step:          0/6
  SetWeight:     20
  ActualWeight:  0
Images:          demo:1 (stable)
                 demo:2 (canary)
Replicas:
  Desired:       5
  Current:       5
  Updated:       1
  Ready:         4
  Available:     4

NAME                             KIND         STATUS               AGE  INFO
⟳ web                            Rollout      ◌ Progressing        60m
├──# revision:2
│  ├──⧉ web-bbb                  ReplicaSet   ◌ Progressing        5s   canary,ready:0/1
│  │  └──□ web-bbb-b1            Pod          ◌ ContainerCreating  5s   ready:0/1
│  └──α web-bbb-2-bg             AnalysisRun  ◌ Running            4s   ✔ 1
│     └──⊞ web-bbb-2-bg-smoke-1  Job          ◌ Running            3s
└──# revision:1
   └──⧉ web-aaa                  ReplicaSet   ✔ Healthy            60m  stable,ready:4/4
      ├──□ web-aaa-a1            Pod          ✔ Running            60m  ready:1/1
      ├──□ web-aaa-a2            Pod          ✔ Running            60m  ready:1/1
      ├──□ web-aaa-a3            Pod          ✔ Running            60m  ready:1/1
      └──□ web-aaa-a4            Pod          ✔ Running            60m  ready:1/1
`.slice(1));
  });

  it('Paused at a timed pause step: the time left in "Waiting for"', () => {
    expect(plainText(rolloutView(s.pausedAtStep))).toBe(`
Name:            web
Namespace:       shop
Status:          ॥ Paused
Message:         CanaryPauseStep
Waiting for:     the pause at step 4 of 6 to end in 20s, or a promote
Strategy:        Canary
  Step:          3/6
  SetWeight:     40
  ActualWeight:  40
Images:          demo:1 (stable)
                 demo:2 (canary)
Replicas:
  Desired:       5
  Current:       5
  Updated:       2
  Ready:         5
  Available:     5

NAME                   KIND        STATUS     AGE  INFO
⟳ web                  Rollout     ॥ Paused   60m
├──# revision:2
│  └──⧉ web-bbb        ReplicaSet  ✔ Healthy  2m   canary,ready:2/2
│     ├──□ web-bbb-b1  Pod         ✔ Running  2m   ready:1/1
│     └──□ web-bbb-b2  Pod         ✔ Running  30s  ready:1/1
└──# revision:1
   └──⧉ web-aaa        ReplicaSet  ✔ Healthy  60m  stable,ready:3/3
      ├──□ web-aaa-a1  Pod         ✔ Running  60m  ready:1/1
      ├──□ web-aaa-a2  Pod         ✔ Running  60m  ready:1/1
      └──□ web-aaa-a3  Pod         ✔ Running  60m  ready:1/1
`.slice(1));
  });

  it('Degraded after an abort: the failed AnalysisRun with its counts and Jobs', () => {
    expect(plainText(rolloutView(s.degradedAborted))).toBe(`
Name:            web
Namespace:       shop
Status:          ✖ Degraded
Message:         RolloutAborted: Rollout aborted update to revision 2
Waiting for:     a retry or a new version (the update was aborted)
Strategy:        Canary
  Step:          0/6
  SetWeight:     0
  ActualWeight:  0
Images:          demo:1 (stable)
Replicas:
  Desired:       5
  Current:       5
  Updated:       0
  Ready:         5
  Available:     5

NAME                            KIND         STATUS        AGE    INFO
⟳ web                           Rollout      ✖ Degraded    60m
├──# revision:2
│  ├──⧉ web-bbb                 ReplicaSet   • ScaledDown  10m    canary
│  └──α web-bbb-2-1             AnalysisRun  ✖ Failed      8m20s  ✔ 1,✖ 2
│     ├──⊞ web-bbb-2-1-smoke-1  Job          ✔ Successful  8m20s
│     └──⊞ web-bbb-2-1-smoke-2  Job          ✖ Failed      7m20s
└──# revision:1
   └──⧉ web-aaa                 ReplicaSet   ✔ Healthy     60m    stable,ready:5/5
      ├──□ web-aaa-a1           Pod          ✔ Running     60m    ready:1/1
      ├──□ web-aaa-a2           Pod          ✔ Running     60m    ready:1/1
      ├──□ web-aaa-a3           Pod          ✔ Running     60m    ready:1/1
      ├──□ web-aaa-a4           Pod          ✔ Running     60m    ready:1/1
      └──□ web-aaa-a5           Pod          ✔ Running     60m    ready:1/1
`.slice(1));
  });

  it('Degraded with InvalidSpec: the message, and a crash-looping pod', () => {
    expect(plainText(rolloutView(s.invalidSpec))).toBe(`
Name:            web
Namespace:       shop
Status:          ✖ Degraded
Message:         InvalidSpec: spec.strategy.canary.steps[0].setWeight: must be 0-100, got 150
Waiting for:     a corrected spec (see the message)
Strategy:        Canary
  Step:          6/6
  SetWeight:     100
  ActualWeight:  100
Images:          demo:1 (stable)
Replicas:
  Desired:       5
  Current:       5
  Updated:       5
  Ready:         4
  Available:     4

NAME                   KIND        STATUS              AGE   INFO
⟳ web                  Rollout     ✖ Degraded          60m
└──# revision:1
   └──⧉ web-aaa        ReplicaSet  ◌ Progressing       120m  stable,ready:4/5
      ├──□ web-aaa-a1  Pod         ✔ Running           120m  ready:1/1
      ├──□ web-aaa-a2  Pod         ✔ Running           120m  ready:1/1
      ├──□ web-aaa-a3  Pod         ✔ Running           120m  ready:1/1
      ├──□ web-aaa-a4  Pod         ✔ Running           120m  ready:1/1
      └──□ web-aaa-a5  Pod         ✖ CrashLoopBackOff  90s   ready:0/1,restarts:3
`.slice(1));
  });
});

describe('rolloutView with a workloadRef', () => {
  const deployment = (replicas: number, ready: number) => ({
    metadata: { name: 'web', creationTimestamp: new Date(s.healthy.now - 90 * 60_000).toISOString() },
    spec: { replicas }, status: { replicas: ready, readyReplicas: ready, availableReplicas: ready },
  });
  const referencing = (scaleDown?: 'onsuccess' | 'progressively') => ({
    ...s.healthy.rollout,
    spec: { ...s.healthy.rollout.spec, template: undefined, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', ...(scaleDown ? { scaleDown } : {}) } },
  });

  it('shows the Deployment first in the tree, with its replicas: drained', () => {
    const lines = plainText(rolloutView({ ...s.healthy, rollout: referencing('onsuccess'), workload: deployment(0, 0) })).split('\n');
    const tree = lines.slice(lines.findIndex((l) => l.startsWith('NAME')));
    expect(tree.slice(0, 4).join('\n')).toBe(`
NAME                   KIND        STATUS        AGE    INFO
⟳ web                  Rollout     ✔ Healthy     60m
├──⊡ web               Deployment  • ScaledDown  90m    workloadRef,scaleDown:onsuccess,replicas:0
├──# revision:2`.slice(1));
  });

  it('shows the Deployment still running its pods (scaleDown unset is never)', () => {
    const text = plainText(rolloutView({ ...s.healthy, rollout: referencing(), workload: deployment(3, 2) }));
    expect(text).toContain('├──⊡ web               Deployment  ◌ Progressing  90m    workloadRef,scaleDown:never,ready:2/3');
  });

  it('shows no Deployment node when none was read', () => {
    expect(plainText(rolloutView({ ...s.healthy, rollout: referencing('onsuccess') }))).not.toContain('Deployment');
  });
});
