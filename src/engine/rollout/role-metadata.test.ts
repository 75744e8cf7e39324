import { describe, expect, it } from 'vitest';
import type { PodTemplateMetadata, RolloutStatus } from '../../api/types.js';
import { planRollout } from './plan-rollout.js';
import type { PlanAction } from './plan.js';
import { roleOf } from './role-metadata.js';
import { userTemplate } from './replica-sets.js';
import type { ObservedPod } from './snapshot.js';
import { blueGreenWorld, hashOf } from './bluegreen/bluegreen-world.test-support.js';
import { patchStatus, rollout, setImage, settle, snapshot, step, world, type World } from './world.test-support.js';

const CANARY_META = { labels: { role: 'canary', canary: 'yes' }, annotations: { 'example.com/role': 'canary' } };
const STABLE_META = { labels: { role: 'stable' } };
const PREVIEW_META = { labels: { role: 'preview' } };
const ACTIVE_META = { labels: { role: 'active' }, annotations: { 'example.com/serving': 'true' } };

function canaryWorld(): World {
  const w = world(rollout({ replicas: 4, steps: [{ setWeight: 50 }, { pause: {} }], canary: { canaryMetadata: CANARY_META, stableMetadata: STABLE_META } }));
  w.pods = [];
  settle(w);
  return w;
}

function podsOf(w: World, revision: number): ObservedPod[] {
  const hash = w.sets.find((rs) => rs.revision === revision)?.podHash;
  return (w.pods ?? []).filter((p) => p.podHash === hash);
}

function templateLabels(w: World, revision: number): Record<string, string> | undefined {
  return (w.sets.find((rs) => rs.revision === revision)?.template as { metadata?: { labels?: Record<string, string> } }).metadata?.labels;
}

describe('roleOf (Argo\'s rules)', () => {
  const canary = rollout({ canary: { canaryMetadata: CANARY_META, stableMetadata: STABLE_META } });
  const bg = rollout({ spec: { strategy: { blueGreen: { activeService: 'a', activeMetadata: ACTIVE_META, previewMetadata: PREVIEW_META } } } });
  const cases: [string, typeof canary, RolloutStatus, string, string | undefined, PodTemplateMetadata | undefined][] = [
    ['canary, the first revision', canary, {}, 'n', 'stable', STABLE_META],
    ['canary, settled', canary, { stableRS: 'n' }, 'n', 'stable', STABLE_META],
    ['canary, mid-update: the new version', canary, { stableRS: 's' }, 'n', 'canary', CANARY_META],
    ['canary, mid-update: the stable version', canary, { stableRS: 's' }, 's', 'stable', STABLE_META],
    ['canary, mid-update: an older version', canary, { stableRS: 's' }, 'o', undefined, undefined],
    ['blue-green, settled', bg, { stableRS: 'n' }, 'n', 'active', ACTIVE_META],
    ['blue-green, before the switch: the new version', bg, { stableRS: 's', blueGreen: { activeSelector: 's' } }, 'n', 'preview', PREVIEW_META],
    ['blue-green, after the switch (post-promotion): the new version', bg, { stableRS: 's', blueGreen: { activeSelector: 'n' } }, 'n', 'active', ACTIVE_META],
    ['blue-green, after the switch: the stable version', bg, { stableRS: 's', blueGreen: { activeSelector: 'n' } }, 's', 'active', ACTIVE_META],
    ['blue-green, an older version', bg, { stableRS: 's' }, 'o', undefined, undefined],
  ];
  it.each(cases)('%s', (_name, r, status, hash, name, metadata) => {
    const role = roleOf(r, status, 'n', hash);
    expect(role?.name).toBe(name);
    expect(role?.metadata).toEqual(metadata);
  });
});

describe('canaryMetadata and stableMetadata', () => {
  it('a first revision is created with the stable metadata and its record', () => {
    const w = canaryWorld();
    const create = w.plans[0]!.actions.find((a) => a.kind === 'createReplicaSet') as Extract<PlanAction, { kind: 'createReplicaSet' }>;
    expect((create.template as { metadata: { labels: Record<string, string> } }).metadata.labels).toMatchObject({ app: 'web', role: 'stable' });
    expect(create.annotations).toEqual({ 'rollout.argoproj.io/ephemeral-metadata': '{"labels":{"role":"stable"}}' });
    expect(podsOf(w, 1).map((p) => p.labels?.['role'])).toEqual(['stable', 'stable', 'stable', 'stable']);
  });

  it('an update: canary pods carry the canary metadata, stable pods the stable metadata', () => {
    const w = canaryWorld();
    setImage(w, 'web:2');
    settle(w);
    expect(w.rollout.status?.phase).toBe('Paused');
    expect(podsOf(w, 2)).toHaveLength(2);
    for (const p of podsOf(w, 2)) {
      expect(p.labels).toMatchObject({ role: 'canary', canary: 'yes' });
      expect(p.annotations).toMatchObject({ 'example.com/role': 'canary' });
    }
    for (const p of podsOf(w, 1)) expect(p.labels?.['role']).toBe('stable');
  });

  it('on promotion the same pods become stable in place, the canary-only keys go, and the old version loses its role', () => {
    const w = canaryWorld();
    setImage(w, 'web:2');
    settle(w);
    const canaryPods = podsOf(w, 2).map((p) => p.name);
    patchStatus(w, { pauseConditions: null });
    settle(w);
    expect(w.rollout.status?.stableRS).toBe(hashOf(w, 2));
    const after = podsOf(w, 2);
    expect(after.map((p) => p.name)).toEqual(expect.arrayContaining(canaryPods));
    for (const p of after) {
      expect(p.labels).toMatchObject({ app: 'web', role: 'stable' });
      expect(p.labels).not.toHaveProperty('canary');
      expect(p.annotations).not.toHaveProperty('example.com/role');
    }
    expect(templateLabels(w, 2)).toMatchObject({ role: 'stable' });
    expect(templateLabels(w, 2)).not.toHaveProperty('canary');
    expect(templateLabels(w, 1)).not.toHaveProperty('role');
    expect(w.sets.find((rs) => rs.revision === 1)?.ephemeralMetadata).toBeUndefined();
  });

  it('the ReplicaSet carrying role labels is still recognised as running the template (no new ReplicaSet, no restart)', () => {
    const w = canaryWorld();
    const before = w.sets.map((rs) => rs.name);
    expect(settle(w)).toBe(1);
    expect(w.sets.map((rs) => rs.name)).toEqual(before);
  });

  it('a pod left behind by a crash between the template and the pods is caught up, stale canary keys included', () => {
    const w = canaryWorld();
    const stable = w.sets[0]!;
    w.pods = [...(w.pods ?? []), { name: 'late', podHash: stable.podHash, createdAt: w.now, ready: true, labels: { app: 'web', role: 'canary', canary: 'yes', team: 'a' } }];
    const plan = planRollout(snapshot(w));
    expect(plan.actions).toEqual([{ kind: 'setPodMetadata', name: 'late', labels: { role: 'stable', canary: null }, annotations: {}, reason: 'pods of the stable version carry its metadata' }]);
  });

  it('metadata removed from the spec is taken off the template and the pods', () => {
    const w = canaryWorld();
    w.rollout = { ...w.rollout, spec: { ...w.rollout.spec, strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } } } };
    settle(w);
    expect(templateLabels(w, 1)).not.toHaveProperty('role');
    for (const p of podsOf(w, 1)) expect(p.labels).not.toHaveProperty('role');
    expect(w.sets[0]!.ephemeralMetadata).toBeUndefined();
  });

  it('a Rollout with no role metadata plans nothing about it', () => {
    const w = world(rollout({ replicas: 2 }));
    w.pods = [];
    settle(w);
    const kinds = w.plans.flatMap((p) => p.actions.map((a) => a.kind));
    expect(kinds).not.toContain('setPodTemplateMetadata');
    expect(kinds).not.toContain('setPodMetadata');
  });
});

describe('activeMetadata and previewMetadata', () => {
  it('the preview carries the preview metadata, then the active metadata once the active Service selects it', () => {
    const w = blueGreenWorld({ autoPromotionEnabled: false, activeMetadata: ACTIVE_META, previewMetadata: PREVIEW_META, scaleDownDelaySeconds: 30 });
    w.pods = [];
    settle(w);
    for (const p of podsOf(w, 1)) expect(p.labels?.['role']).toBe('active');
    setImage(w, 'web:2');
    settle(w);
    expect(w.rollout.status?.phase).toBe('Paused');
    for (const p of podsOf(w, 2)) expect(p.labels?.['role']).toBe('preview');
    for (const p of podsOf(w, 1)) expect(p.annotations?.['example.com/serving']).toBe('true');
    const previewPods = podsOf(w, 2).map((p) => p.name);
    patchStatus(w, { pauseConditions: null });
    // One plan: the switch and the role change happen together.
    step(w);
    expect(w.rollout.status?.blueGreen?.activeSelector).toBe(hashOf(w, 2));
    const after = podsOf(w, 2);
    expect(after.map((p) => p.name)).toEqual(previewPods);
    for (const p of after) expect(p).toMatchObject({ labels: { role: 'active' }, annotations: { 'example.com/serving': 'true' } });
    settle(w);
    // The version kept for a switch back has no role any more (as in Argo).
    for (const p of podsOf(w, 1)) expect(p.labels).not.toHaveProperty('role');
  });
});

describe('userTemplate (what an experiment copies from the stable version)', () => {
  it('leaves out the role metadata and an injected anti-affinity rule, keeps everything else', () => {
    const rs = {
      name: 'web-a', podHash: 'a', replicas: 1, statusReplicas: 1, ready: 1, available: 1, revision: 1, createdAt: 0,
      ephemeralMetadata: { labels: { role: 'stable' }, annotations: { note: 'x' } },
      template: {
        metadata: { labels: { app: 'web', role: 'stable' }, annotations: { note: 'x', keep: 'y' } },
        spec: { containers: [{ name: 'c', image: 'i' }], affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchExpressions: [{ key: 'rollouts-pod-template-hash', operator: 'In', values: ['z'] }] }, topologyKey: 'kubernetes.io/hostname' }] } } },
      },
    };
    expect(userTemplate(rs)).toEqual({ metadata: { labels: { app: 'web' }, annotations: { keep: 'y' } }, spec: { containers: [{ name: 'c', image: 'i' }] } });
  });
});
