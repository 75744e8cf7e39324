import { describe, expect, it } from 'vitest';
import { injectedAffinity, injectedStableHash, injectedTerm, withoutInjectedRule } from './anti-affinity.js';
import type { PlanAction } from './plan.js';
import { planRollout } from './plan-rollout.js';
import { blueGreenWorld, hashOf } from './bluegreen/bluegreen-world.test-support.js';
import { patchStatus, rollout, setImage, settle, snapshot, world, type World } from './world.test-support.js';

const NODE = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['a'] }] }] } };
const OWN_TERM = { weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'zone' } };

describe('the injected rule', () => {
  it('is the term Argo Rollouts injects', () => {
    expect(injectedTerm('abc', 'shop')).toEqual({
      labelSelector: { matchExpressions: [{ key: 'rollouts-pod-template-hash', operator: 'In', values: ['abc'] }] },
      namespaces: ['shop'], topologyKey: 'kubernetes.io/hostname',
    });
  });
  const cases: [string, unknown, Parameters<typeof injectedAffinity>[1], unknown][] = [
    ['preferred, no affinity of its own', undefined, { preferredDuringSchedulingIgnoredDuringExecution: { weight: 50 } },
      { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: injectedTerm('s', 'ns') }] } }],
    ['required, beside a node affinity', { nodeAffinity: NODE }, { requiredDuringSchedulingIgnoredDuringExecution: {} },
      { nodeAffinity: NODE, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [injectedTerm('s', 'ns')] } }],
    ['preferred, after the template\'s own terms', { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [OWN_TERM] } },
      { preferredDuringSchedulingIgnoredDuringExecution: { weight: 1 } },
      { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [OWN_TERM, { weight: 1, podAffinityTerm: injectedTerm('s', 'ns') }] } }],
  ];
  it.each(cases)('injectedAffinity: %s', (_name, own, anti, expected) => {
    const affinity = injectedAffinity(own, anti, 's', 'ns');
    expect(affinity).toEqual(expected);
    expect(injectedStableHash(affinity)).toBe('s');
    expect(withoutInjectedRule(affinity)).toEqual(own);
  });
  it('replacing the rule for a new stable version keeps one rule', () => {
    const once = injectedAffinity(undefined, { requiredDuringSchedulingIgnoredDuringExecution: {} }, 'a', 'ns');
    expect(injectedAffinity(once, { requiredDuringSchedulingIgnoredDuringExecution: {} }, 'b', 'ns'))
      .toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [injectedTerm('b', 'ns')] } });
  });
  it('no rule: no hash, nothing removed', () => {
    expect(injectedStableHash({ nodeAffinity: NODE })).toBeUndefined();
    expect(withoutInjectedRule({ nodeAffinity: NODE })).toEqual({ nodeAffinity: NODE });
  });
});

function affinityOfRevision(w: World, revision: number): unknown {
  return (w.sets.find((rs) => rs.revision === revision)?.template as { spec?: { affinity?: unknown } }).spec?.affinity;
}

describe('antiAffinity in a rollout', () => {
  it('blue-green: the new ReplicaSet keeps off the stable version\'s nodes; the first revision and the Rollout\'s template get no rule', () => {
    const w = blueGreenWorld({ antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 80 } } });
    settle(w);
    expect(affinityOfRevision(w, 1)).toBeUndefined();
    setImage(w, 'web:2');
    settle(w);
    expect(affinityOfRevision(w, 2)).toEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 80, podAffinityTerm: injectedTerm(hashOf(w, 1)!, 'default') }] },
    });
    expect(w.rollout.spec.template?.spec).not.toHaveProperty('affinity');
    // The rule never makes the ReplicaSet look like another template: one ReplicaSet per revision, settled.
    expect(w.sets).toHaveLength(2);
    expect(w.rollout.status?.stableRS).toBe(hashOf(w, 2));
  });

  it('canary: the rule is required when asked, and stays on the ReplicaSet once it is stable', () => {
    const w = world(rollout({ replicas: 2, steps: [{ setWeight: 50 }, { pause: {} }], canary: { antiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } } }));
    settle(w);
    setImage(w, 'web:2');
    settle(w);
    const stable = w.sets[0]!.podHash;
    expect(affinityOfRevision(w, 2)).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [injectedTerm(stable, 'default')] } });
    patchStatus(w, { pauseConditions: null });
    settle(w);
    expect(w.rollout.status?.stableRS).toBe(w.sets.find((rs) => rs.revision === 2)?.podHash);
    expect(injectedStableHash(affinityOfRevision(w, 2))).toBe(stable);
  });

  it('the rule follows a stable version that changed under the new ReplicaSet, without a new ReplicaSet', () => {
    const w = blueGreenWorld({ autoPromotionEnabled: false, antiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } });
    settle(w);
    setImage(w, 'web:2');
    settle(w);
    const rs2 = w.sets.find((rs) => rs.revision === 2)!;
    w.sets = w.sets.map((rs) => (rs === rs2 ? { ...rs, template: { ...(rs.template as object), spec: { ...(rs.template as { spec: object }).spec, affinity: injectedAffinity(undefined, { requiredDuringSchedulingIgnoredDuringExecution: {} }, 'gone', 'default') } } } : rs));
    const plan = planRollout(snapshot(w));
    const set = plan.actions.filter((a): a is Extract<PlanAction, { kind: 'setPodTemplateAffinity' }> => a.kind === 'setPodTemplateAffinity');
    expect(set).toEqual([expect.objectContaining({ name: rs2.name })]);
    expect(injectedStableHash(set[0]!.affinity)).toBe(hashOf(w, 1));
    expect(plan.actions.some((a) => a.kind === 'createReplicaSet')).toBe(false);
  });

  it('a ReplicaSet Argo Rollouts made, with its rule and role labels, is adopted as running the template', () => {
    const w = blueGreenWorld({ antiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} }, activeMetadata: { labels: { role: 'active' } } });
    settle(w);
    const rs1 = w.sets[0]!;
    const t = rs1.template as { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> };
    w.sets = [{ ...rs1, name: 'web-argo', podHash: 'argohash', template: { ...t, metadata: { labels: { ...t.metadata.labels, 'rollouts-pod-template-hash': 'argohash' } },
      spec: { ...t.spec, affinity: injectedAffinity(undefined, { requiredDuringSchedulingIgnoredDuringExecution: {} }, 'older', 'default') } } }];
    w.services = { ...w.services, 'web-active': { name: 'web-active', selector: { app: 'web', 'rollouts-pod-template-hash': 'argohash' } } };
    patchStatus(w, { stableRS: 'argohash', currentPodHash: 'argohash', blueGreen: { activeSelector: 'argohash' } });
    const plan = planRollout(snapshot(w));
    expect(plan.actions.filter((a) => a.kind === 'createReplicaSet' || a.kind === 'scaleReplicaSet')).toEqual([]);
  });
});
