import { describe, expect, it } from 'vitest';
import type { Rollout } from '../../api/types.js';
import type { WorkloadScaleDown } from './deployment-scale-down.js';
import { planRollout, STRATEGY_PLANNERS, type StrategyPlanner } from './plan-rollout.js';
import type { ObservedWorkload } from './snapshot.js';
import { resolveWorkload, workloadProblems, WORKLOAD_GENERATION_ANNOTATION } from './workload-ref.js';
import { edit, rollout, settle, sizes, snapshot, step, world, type World } from './world.test-support.js';

const TEMPLATE = { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } };

function deployment(over: Partial<ObservedWorkload> = {}): ObservedWorkload {
  return { kind: 'Deployment', name: 'web', generation: 4, template: TEMPLATE, selector: { matchLabels: { app: 'web' } }, replicas: 3, available: 3, ...over };
}

/** A Rollout of 3 replicas naming Deployment `web`, with no template (and, unless given, no selector). */
function referencing(scaleDown?: WorkloadScaleDown, spec: Record<string, unknown> = {}): Rollout {
  const r = rollout({ replicas: 3, steps: [{ setWeight: 50 }, { pause: {} }] });
  const { template: _t, selector: _s, ...rest } = r.spec;
  return { ...r, spec: { ...rest, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', ...(scaleDown ? { scaleDown } : {}) }, ...spec } as Rollout['spec'] };
}

describe('the template and selector taken from a Deployment', () => {
  const rows: [name: string, r: Rollout, w: ObservedWorkload, template: unknown, selector: unknown][] = [
    ['no selector of its own: the Deployment\'s', referencing(), deployment(), TEMPLATE, { matchLabels: { app: 'web' } }],
    ['its own selector is kept', referencing(undefined, { selector: { matchLabels: { tier: 'front' } } }), deployment(), TEMPLATE, { matchLabels: { tier: 'front' } }],
    ['a Deployment without a selector (as observed)', referencing(), deployment({ selector: undefined }), TEMPLATE, undefined],
  ];
  it.each(rows)('%s', (_name, r, w, template, selector) => {
    const resolved = resolveWorkload(r, w);
    expect(resolved.spec.template).toEqual(template);
    expect(resolved.spec.selector).toEqual(selector);
    expect(resolved.spec.workloadRef).toEqual(r.spec.workloadRef);
  });

  it('leaves a Rollout without a workloadRef, or with the Deployment missing, as it is', () => {
    const plain = rollout();
    expect(resolveWorkload(plain, undefined)).toBe(plain);
    expect(resolveWorkload(referencing(), null)).toEqual(referencing());
  });

  const problems: [name: string, r: Rollout, w: ObservedWorkload | null, expected: { path: string; message: string; kind?: string }[]][] = [
    ['found, selector matches', referencing(), deployment(), []],
    ['missing', { ...referencing(), metadata: { name: 'web', namespace: 'shop' } }, null, [
      { path: 'spec.workloadRef.name', message: 'Deployment "web" not found in namespace "shop"', kind: 'missing-reference' }]],
    ['its own selector does not select the Deployment\'s template', referencing(undefined, { selector: { matchLabels: { app: 'other' } } }), deployment(), [
      { path: 'spec.selector.matchLabels.app', message: 'selector app="other" does not match the template label Deployment "web" spec.template.metadata.labels.app ("web")' }]],
    ['the Deployment has no selector', referencing(), deployment({ selector: undefined }), [
      { path: 'spec.workloadRef.name', message: 'the selector of Deployment "web": is required: a label selector matching the pod template labels' }]],
  ];
  it.each(problems)('problems: %s', (_name, r, w, expected) => {
    expect(workloadProblems(r, w)).toEqual(expected);
  });
});

/** The Deployment's pods count as available as long as it has them; the Rollout's pods become available one at a time. */
function migrate(scaleDown: WorkloadScaleDown | undefined): { w: World; observed: { deployment: number; rollout: number; phase?: string }[] } {
  const w = world(referencing(scaleDown));
  w.workload = deployment();
  const observed: { deployment: number; rollout: number; phase?: string }[] = [];
  for (let i = 0; i < 20; i++) {
    const plan = step(w);
    // One more pod of the Rollout becomes available per round.
    w.sets = w.sets.map((rs) => ({ ...rs, ready: Math.min(rs.replicas, rs.ready + 1), available: Math.min(rs.replicas, rs.available + 1) }));
    observed.push({ deployment: w.workload.replicas, rollout: w.sets.reduce((n, rs) => n + rs.available, 0), phase: plan.status.phase });
    const last = observed.at(-2);
    if (plan.actions.length === 0 && plan.status.phase === 'Healthy' && last?.phase === 'Healthy') break;
  }
  return { w, observed };
}

describe('a Deployment taken over', () => {
  it('is planned from the Deployment: its template, the generation recorded in the annotation and the status', () => {
    const w = world(referencing());
    w.workload = deployment();
    const plan = step(w);
    const create = plan.actions.find((a) => a.kind === 'createReplicaSet');
    expect(create && create.kind === 'createReplicaSet' ? create.template : undefined).toEqual(TEMPLATE);
    expect(plan.actions[0]).toMatchObject({ kind: 'setWorkloadGeneration', generation: '4' });
    expect(plan.status.workloadObservedGeneration).toBe('4');
    expect(plan.status.selector).toBe('app=web');
    expect(w.rollout.metadata?.annotations?.[WORKLOAD_GENERATION_ANNOTATION]).toBe('4');
    expect(step(w).actions.some((a) => a.kind === 'setWorkloadGeneration')).toBe(false);
  });

  it('progressively: the Deployment loses one pod per Rollout pod available, never leaving fewer than 3, and ends at 0', () => {
    const { observed } = migrate('progressively');
    for (const o of observed) expect(o.deployment + o.rollout).toBeGreaterThanOrEqual(3);
    expect(observed.map((o) => o.deployment).filter((d, i, all) => d !== all[i - 1])).toEqual([3, 2, 1, 0]);
    expect(observed.at(-1)).toMatchObject({ deployment: 0, rollout: 3, phase: 'Healthy' });
  });

  it('onsuccess: the Deployment keeps its 3 pods until the Rollout is Healthy, then goes to 0', () => {
    const { observed } = migrate('onsuccess');
    const healthyAt = observed.findIndex((o) => o.phase === 'Healthy');
    expect(healthyAt).toBeGreaterThan(0);
    // Drained by the plan after the one that wrote Healthy, never before.
    expect(observed.slice(0, healthyAt + 1).every((o) => o.deployment === 3)).toBe(true);
    expect(observed.at(-1)).toMatchObject({ deployment: 0, phase: 'Healthy' });
  });

  it('never: the Deployment is left as it is', () => {
    const { observed } = migrate('never');
    expect(observed.every((o) => o.deployment === 3)).toBe(true);
    expect(observed.at(-1)?.phase).toBe('Healthy');
  });

  it('a new template in the Deployment is a new revision with the canary steps; the drained Deployment stays at 0', () => {
    const { w } = migrate('progressively');
    w.workload = { ...w.workload!, generation: 5, template: { ...TEMPLATE, spec: { containers: [{ name: 'web', image: 'web:2' }] } } };
    settle(w);
    step(w);
    const first = w.plans.findLast((p) => p.actions.some((a) => a.kind === 'createReplicaSet'));
    expect(first?.status.workloadObservedGeneration).toBe('5');
    expect(w.rollout.status?.phase, JSON.stringify(w.plans.at(-1)?.notes)).toBe('Paused');
    expect(sizes(w)).toEqual({ 1: 2, 2: 2 });
    expect(w.workload?.replicas).toBe(0);
  });

  it('a Deployment missing holds the Rollout with a missing reference and changes nothing', () => {
    const w = world(referencing('onsuccess'));
    w.workload = null;
    const plan = planRollout(snapshot(w));
    expect(plan.actions).toEqual([]);
    expect(plan.status.phase).toBe('Degraded');
    expect(plan.status.message).toContain('spec.workloadRef.name: Deployment "web" not found');
  });

  it('a workloadRef removed (a template given instead) clears the annotation and the observed generation, and leaves the Deployment alone', () => {
    const { w } = migrate('onsuccess');
    edit(w, (spec) => {
      delete spec.workloadRef;
      spec.template = TEMPLATE as Rollout['spec']['template'];
      spec.selector = { matchLabels: { app: 'web' } };
    });
    w.workload = undefined;
    const plan = step(w);
    expect(plan.actions[0]).toEqual({ kind: 'setWorkloadGeneration', reason: 'the Rollout no longer references a workload' });
    expect(plan.status.workloadObservedGeneration).toBeUndefined();
    expect(plan.actions.some((a) => a.kind === 'scaleDeployment')).toBe(false);
  });
});

describe('every strategy planner is given the resolved Rollout', () => {
  it('the planner sees the Deployment\'s template and selector, and never the workloadRef problems', () => {
    const seen: Rollout[] = [];
    const spy: StrategyPlanner = (snap) => {
      seen.push(snap.rollout);
      return STRATEGY_PLANNERS.canary(snap);
    };
    const w = world(referencing('onsuccess'));
    w.workload = deployment();
    planRollout(snapshot(w), { canary: spy, blueGreen: spy });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.spec.template).toEqual(TEMPLATE);
    expect(seen[0]?.spec.selector).toEqual({ matchLabels: { app: 'web' } });
  });
});
