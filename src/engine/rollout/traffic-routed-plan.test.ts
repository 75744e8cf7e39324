// A traffic-routed canary planned step by step in the in-memory world: the weights the routers
// are asked for and the ReplicaSet sizes, for the seeds' manifests (001: Istio with
// dynamicStableScale and setCanaryScale; 003: NGINX with setCanaryScale replicas; 004: abort).
import { describe, expect, it } from 'vitest';
import type { Plan } from './plan.js';
import { patchStatus, podsReady, rollout, setImage, settle, sizes, step, world, type World } from './world.test-support.js';

const ISTIO = { istio: { virtualService: { name: 'vsvc', routes: ['primary'] } } };
const SERVICES = {
  'web-canary': { name: 'web-canary', selector: { app: 'web' } },
  'web-stable': { name: 'web-stable', selector: { app: 'web' } },
};

function healthy(replicas: number, steps: unknown[], canary: Record<string, unknown> = {}): World {
  const w = world(rollout({ replicas, steps, canary: { canaryService: 'web-canary', stableService: 'web-stable', trafficRouting: ISTIO, ...canary } }), structuredClone(SERVICES));
  settle(w);
  return w;
}

/** Lets every pause run out and the pods come up, until the Rollout holds somewhere. */
function settleThroughPauses(w: World, pauses = 1): void {
  settle(w);
  for (let i = 0; i < pauses; i++) {
    w.now += 3_600_000;
    settle(w);
  }
}

const routed = (w: World) => w.routed;

describe('traffic-routed canary: seed 001 (Istio, maxSurge 33%, dynamicStableScale, setCanaryScale matchTrafficWeight)', () => {
  const steps = [
    { setCanaryScale: { matchTrafficWeight: true } }, { pause: { duration: 60 } }, { setWeight: 34 },
    { setCanaryScale: { matchTrafficWeight: true } }, { pause: { duration: 60 } }, { setWeight: 67 },
    { setCanaryScale: { matchTrafficWeight: true } }, { pause: { duration: 60 } }, { setWeight: 100 },
  ];

  it('moves weights and sizes together, step by step, and ends at 100% stable on the new version', () => {
    const w = healthy(3, steps, { maxSurge: '33%', dynamicStableScale: true });
    expect(sizes(w)).toEqual({ 1: 3 });
    expect(routed(w)).toEqual({ canary: 0, stable: 100 });
    setImage(w, 'web:2');
    settle(w);
    expect(w.rollout.status).toMatchObject({ currentStepIndex: 1, phase: 'Paused' });
    expect({ sizes: sizes(w), routed: routed(w) }).toEqual({ sizes: { 1: 3, 2: 0 }, routed: { canary: 0, stable: 100 } });

    w.now += 61_000;
    settle(w);
    expect(w.rollout.status?.currentStepIndex).toBe(4);
    expect({ sizes: sizes(w), routed: routed(w) }).toEqual({ sizes: { 1: 2, 2: 2 }, routed: { canary: 34, stable: 66 } });
    expect(w.rollout.status?.canary?.weights).toEqual({
      canary: { weight: 34, podTemplateHash: w.rollout.status?.currentPodHash, serviceName: 'web-canary' },
      stable: { weight: 66, podTemplateHash: w.rollout.status?.stableRS, serviceName: 'web-stable' },
    });

    w.now += 61_000;
    settle(w);
    expect(w.rollout.status?.currentStepIndex).toBe(7);
    expect({ sizes: sizes(w), routed: routed(w) }).toEqual({ sizes: { 1: 1, 2: 3 }, routed: { canary: 67, stable: 33 } });

    w.now += 61_000;
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Healthy', stableRS: w.rollout.status?.currentPodHash });
    expect({ sizes: sizes(w), routed: routed(w) }).toEqual({ sizes: { 1: 0, 2: 3 }, routed: { canary: 0, stable: 100 } });
  });

  it('never routes a weight to the canary before it has the available pods for it', () => {
    const w = healthy(3, steps, { maxSurge: '33%', dynamicStableScale: true });
    setImage(w, 'web:2');
    settleThroughPauses(w, 0);
    w.now += 61_000;
    // Pods never become available: the weight stays at 0 while the canary scales up.
    for (let i = 0; i < 5; i++) step(w);
    expect(sizes(w)).toEqual({ 1: 3, 2: 2 });
    expect(routed(w)).toEqual({ canary: 0, stable: 100 });
    podsReady(w);
    step(w);
    expect(routed(w)).toEqual({ canary: 34, stable: 66 });
  });
});

describe('traffic-routed canary: seed 003 (5 replicas, setCanaryScale replicas 1, dynamicStableScale)', () => {
  it('stable 5 and canary 1, then 3 and 2 at 40%, then 2 and 3 at 60%', () => {
    const steps = [
      { setCanaryScale: { replicas: 1 } }, { pause: { duration: '3m' } }, { setWeight: 40 }, { setCanaryScale: { matchTrafficWeight: true } },
      { pause: { duration: '1m' } }, { setWeight: 60 }, { pause: { duration: '1m' } },
    ];
    const w = healthy(5, steps, { dynamicStableScale: true, trafficRouting: { nginx: { stableIngress: 'web' } } });
    setImage(w, 'web:2');
    settle(w);
    expect({ step: w.rollout.status?.currentStepIndex, sizes: sizes(w), routed: routed(w) }).toEqual({ step: 1, sizes: { 1: 5, 2: 1 }, routed: { canary: 0, stable: 100 } });
    w.now += 181_000;
    settle(w);
    expect({ step: w.rollout.status?.currentStepIndex, sizes: sizes(w), routed: routed(w) }).toEqual({ step: 4, sizes: { 1: 3, 2: 2 }, routed: { canary: 40, stable: 60 } });
    w.now += 61_000;
    settle(w);
    expect({ step: w.rollout.status?.currentStepIndex, sizes: sizes(w), routed: routed(w) }).toEqual({ step: 6, sizes: { 1: 2, 2: 3 }, routed: { canary: 60, stable: 40 } });
  });
});

describe('traffic-routed canary: abort and older ReplicaSets', () => {
  const steps = [{ setWeight: 50 }, { pause: {} }];

  it('seed 004: an abort sends all traffic to the stable at once; the canary keeps its pods for abortScaleDownDelaySeconds (30), then goes', () => {
    const w = healthy(1, steps);
    setImage(w, 'web:2');
    settle(w);
    expect({ sizes: sizes(w), routed: routed(w) }).toEqual({ sizes: { 1: 1, 2: 1 }, routed: { canary: 50, stable: 50 } });
    patchStatus(w, { abort: true });
    const plan = step(w);
    expect(routed(w)).toEqual({ canary: 0, stable: 100 });
    const canaryRS = w.sets.find((rs) => rs.revision === 2)!;
    expect(plan.actions).toContainEqual(expect.objectContaining({ kind: 'setScaleDownDeadline', name: canaryRS.name, deadline: new Date(w.now + 30_000).toISOString().replace('.000Z', 'Z') }));
    expect(plan.actions.some((a) => a.kind === 'scaleReplicaSet' && a.to < a.from)).toBe(false);
    expect(plan.nextCheckAt).toBe(w.now + 30_000);
    settle(w);
    expect({ phase: w.rollout.status?.phase, sizes: sizes(w) }).toEqual({ phase: 'Degraded', sizes: { 1: 1, 2: 1 } });
    w.now += 30_000;
    settle(w);
    expect({ phase: w.rollout.status?.phase, sizes: sizes(w), routed: routed(w) }).toEqual({ phase: 'Degraded', sizes: { 1: 1, 2: 0 }, routed: { canary: 0, stable: 100 } });
  });

  it('abortScaleDownDelaySeconds 0 scales the canary down with the weights; a retry clears an old deadline', () => {
    const w = healthy(1, steps, { abortScaleDownDelaySeconds: 0 });
    setImage(w, 'web:2');
    settle(w);
    patchStatus(w, { abort: true });
    const plan = step(w);
    const kinds = plan.actions.map((a) => (a.kind === 'scaleReplicaSet' ? `scale ${a.from}->${a.to}` : a.kind));
    expect(kinds.indexOf('setTrafficWeights')).toBeLessThan(kinds.indexOf('scale 1->0'));
    w.sets = w.sets.map((rs) => (rs.revision === 2 ? { ...rs, scaleDownDeadline: w.now } : rs));
    patchStatus(w, { abort: undefined });
    const retried = step(w);
    expect(retried.actions).toContainEqual(expect.objectContaining({ kind: 'setScaleDownDeadline', deadline: null }));
  });

  it('with dynamicStableScale an abort steps traffic back as the stable gets its pods again', () => {
    const w = healthy(4, [{ setWeight: 25 }, { pause: { duration: 10 } }, { setWeight: 75 }, { pause: {} }], { dynamicStableScale: true });
    setImage(w, 'web:2');
    settle(w);
    w.now += 11_000;
    settle(w);
    expect({ sizes: sizes(w), routed: routed(w) }).toEqual({ sizes: { 1: 1, 2: 3 }, routed: { canary: 75, stable: 25 } });
    patchStatus(w, { abort: true });
    const weights: number[] = [];
    const plans: Plan[] = [];
    for (let i = 0; i < 8; i++) {
      plans.push(step(w));
      weights.push(routed(w)?.canary ?? -1);
      podsReady(w);
    }
    // Never more weight than the stable's available pods leave to the canary; it only goes down.
    expect(weights.every((x, i) => i === 0 || x <= (weights[i - 1] ?? 100))).toBe(true);
    expect(weights.at(-1)).toBe(0);
    expect(sizes(w)).toEqual({ 1: 4, 2: 0 });
  });

  it('the previous stable keeps its pods for scaleDownDelaySeconds after a promotion, then scales down', () => {
    const w = healthy(2, [{ setWeight: 50 }, { pause: {} }]);
    setImage(w, 'web:2');
    settle(w);
    patchStatus(w, { pauseConditions: null });
    settle(w);
    expect(w.rollout.status?.phase).toBe('Healthy');
    expect(sizes(w)).toEqual({ 1: 2, 2: 2 });
    const deadline = w.sets.find((rs) => rs.revision === 1)?.scaleDownDeadline;
    expect(deadline).toBe(Math.floor(w.now / 1000) * 1000 + 30_000);
    expect(w.plans.at(-1)?.nextCheckAt).toBeLessThanOrEqual(deadline ?? 0);
    w.now = (deadline ?? 0) + 1;
    settle(w);
    expect(sizes(w)).toEqual({ 1: 0, 2: 2 });
  });
});
