// The Experiment planner, reconcile by reconcile: what it creates, when it starts analyses, how it
// ends, and that planning again from the state a plan produces changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExperimentAction } from './experiment-plan.js';
import { podTemplateHash } from '../rollout/pod-template-hash.js';
import { planExperiment } from './plan-experiment.js';
import { analysisTemplate, applyToWorld, experiment, snapshot, T0, template, world, type World } from './experiment-world.test-support.js';

const kinds = (actions: readonly ExperimentAction[]) => actions.map((a) => `${a.kind} ${a.name}`);
const step = (w: World, ready = true) => {
  const plan = planExperiment(snapshot(w));
  return { plan, next: applyToWorld(w, plan, ready) };
};
const setRun = (w: World, name: string, phase: string, message?: string): World =>
  ({ ...w, runs: { ...w.runs, [name]: { name, terminating: false, ...w.runs[name], phase, ...(message ? { message } : {}) } } });

describe('planExperiment', () => {
  it('creates one ReplicaSet per template, named <experiment>-<template>, and is Pending', () => {
    const { plan } = step(world(experiment()));
    expect(kinds(plan.actions)).toEqual(['createReplicaSet exp-baseline', 'createReplicaSet exp-canary']);
    expect(plan.status.phase).toBe('Pending');
    const first = plan.actions[0];
    const rs = first?.kind === 'createReplicaSet' ? first.replicaSet : {};
    const hash = (rs['metadata'] as { labels: Record<string, string> }).labels['rollouts-pod-template-hash'];
    expect(rs).toMatchObject({
      metadata: { annotations: { 'experiment.argoproj.io/name': 'exp', 'experiment.argoproj.io/template-name': 'baseline' } },
      spec: { replicas: 1, selector: { matchLabels: { app: 'demo', v: 'baseline', 'rollouts-pod-template-hash': hash } },
        template: { metadata: { labels: { app: 'demo', v: 'baseline', 'rollouts-pod-template-hash': hash } } } },
    });
  });

  it('gives each template its own pod-template hash', () => {
    const { plan } = step(world(experiment()));
    const hashes = plan.actions.map((a) => (a.kind === 'createReplicaSet' ? (a.replicaSet['metadata'] as { labels: Record<string, string> }).labels['rollouts-pod-template-hash'] : ''));
    expect(new Set(hashes).size).toBe(2);
  });

  it('takes the next name when a ReplicaSet that is not ours holds it, and records the collision count', () => {
    const w = world(experiment());
    w.foreign.replicaSets.add('exp-baseline');
    const { plan } = step(w);
    expect(kinds(plan.actions)).toContain('createReplicaSet exp-baseline-1');
    expect(plan.status.templateStatuses?.find((t) => t.name === 'baseline')?.collisionCount).toBe(1);
  });

  it('starts the analyses once every template is available, with availableAt and the template args resolved', () => {
    const ex = experiment({ analyses: [{ name: 'cmp', templateName: 'cmp', args: [{ name: 'hash', value: '{{templates.canary.podTemplateHash}}' }] }] });
    let w = world(ex, [analysisTemplate('cmp', [{ name: 'hash' }])]);
    w = step(w, false).next;
    expect(step(w, false).plan.actions).toEqual([]);
    w = applyToWorld(w, { actions: [], status: w.experiment.status!, events: [], notes: [] }, true);
    w = { ...w, now: T0 + 5000 };
    const { plan } = step(w);
    expect(plan.status.availableAt).toBe('2026-12-03T10:00:05Z');
    expect(plan.status.phase).toBe('Running');
    const create = plan.actions.find((a) => a.kind === 'createAnalysisRun');
    expect(create?.name).toBe('exp-cmp');
    expect(create?.kind === 'createAnalysisRun' && create.run.spec.args).toEqual([{ name: 'hash', value: w.replicaSets['canary']!.podHash }]);
    expect(plan.status.analysisRuns).toEqual([{ name: 'cmp', analysisRun: 'exp-cmp', phase: 'Pending' }]);
  });

  it('seed 000: a failing analysis ends it Failed, stops the other run, and scales down after the delay', () => {
    const ex = experiment({ analyses: [{ name: 'pass', templateName: 'pass' }, { name: 'random', templateName: 'random-fail' }] });
    let w = world(ex, [analysisTemplate('pass'), analysisTemplate('random-fail')]);
    w = step(w).next;
    w = step(w).next; // available: runs created
    w = setRun(setRun(w, 'exp-pass', 'Running'), 'exp-random', 'Failed', 'Metric "random-fail" assessed Failed due to failed (2) > failureLimit (1)');
    const end = step(w);
    expect(end.plan.status.phase).toBe('Failed');
    expect(end.plan.status.message).toContain('Metric "random-fail" assessed Failed');
    expect(kinds(end.plan.actions)).toEqual(['terminateAnalysisRun exp-pass', 'setScaleDownDeadline exp-baseline', 'setScaleDownDeadline exp-canary']);
    expect(end.plan.nextCheckAt).toBe(w.now + 30_000);
    expect(end.plan.status.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ExperimentCompleted' });
    let after = { ...setRun(end.next, 'exp-pass', 'Successful'), now: w.now + 10_000 };
    expect(step(after).plan.actions).toEqual([]);
    after = { ...after, now: w.now + 30_000 };
    const down = step(after);
    expect(kinds(down.plan.actions)).toEqual(['scaleReplicaSet exp-baseline', 'scaleReplicaSet exp-canary']);
    expect(down.plan.status.phase).toBe('Failed');
    expect(down.plan.status.analysisRuns?.map((a) => a.phase)).toEqual(['Successful', 'Failed']);
  });

  it('creates a template Service with its ports, and deletes it when the experiment ends', () => {
    const ex = experiment({ templates: [template('purple', { service: { name: 'service-name' } }), template('orange')], scaleDownDelaySeconds: 0 });
    const first = step(world(ex));
    let w = first.next;
    expect(kinds(first.plan.actions)).toEqual(['createReplicaSet exp-purple', 'createReplicaSet exp-orange', 'createService service-name']);
    expect(first.plan.actions[2]).toMatchObject({
      service: { spec: { selector: { 'rollouts-pod-template-hash': w.replicaSets['purple']!.podHash }, ports: [{ name: 'http', protocol: 'TCP', port: 8080, targetPort: 8080 }] } },
    });
    expect(w.experiment.status?.templateStatuses?.[0]).toMatchObject({ serviceName: 'service-name', podTemplateHash: w.replicaSets['purple']!.podHash });
    w = step(w).next;
    w = { ...w, experiment: { ...w.experiment, spec: { ...w.experiment.spec, terminate: true } } };
    const end = step(w).plan;
    expect(kinds(end.actions)).toEqual(['deleteService service-name', 'scaleReplicaSet exp-purple', 'scaleReplicaSet exp-orange']);
    expect(end.status.phase).toBe('Successful');
    expect(end.status.templateStatuses?.[0]?.serviceName).toBeUndefined();
  });

  it('says which host an analysis probes that no Service serves (seed 002)', () => {
    const ex = experiment({
      templates: [template('purple', { service: { name: 'service-name' } }), template('orange')],
      analyses: [{ name: 'orange', templateName: 'b', args: [{ name: 'host', value: 'orange' }] }],
    });
    const { plan } = step(world(ex, [analysisTemplate('b', [{ name: 'host' }])]));
    expect(plan.status.message).toBe("analysis 'orange' arg host=\"orange\": no Service \"orange\" in this namespace (template 'orange' has no service: add `service: {name: orange}`)");
  });

  it('fails a template that is not available within progressDeadlineSeconds', () => {
    const ex = experiment({ progressDeadlineSeconds: 30 });
    let w = step(world(ex), false).next;
    w = { ...w, replicaSets: Object.fromEntries(Object.entries(w.replicaSets).map(([k, r]) => [k, { ...r, statusReplicas: 1 }])) };
    w = step(w, false).next;
    expect(w.experiment.status?.phase).toBe('Pending');
    const late = step({ ...w, now: T0 + 31_000 }, false).plan;
    expect(late.status.phase).toBe('Failed');
    expect(late.status.message).toBe("Template 'baseline' exceeded its progressDeadlineSeconds (30)");
    expect(kinds(late.actions)).toEqual(['setScaleDownDeadline exp-baseline', 'setScaleDownDeadline exp-canary']);
  });

  it('ends Successful when the duration has passed', () => {
    let w = world(experiment({ duration: '1m', scaleDownDelaySeconds: 0 }));
    w = step(step(w).next).next;
    expect(w.experiment.status?.phase).toBe('Running');
    expect(step(w).plan.nextCheckAt).toBe(T0 + 60_000);
    const end = step({ ...w, now: T0 + 60_000 }).plan;
    expect(end.status.phase).toBe('Successful');
    expect(kinds(end.actions)).toEqual(['scaleReplicaSet exp-baseline', 'scaleReplicaSet exp-canary']);
  });

  it('waits a little for a missing AnalysisTemplate, then errors naming it', () => {
    const ex = experiment({ analyses: [{ name: 'a', templateName: 'nope' }] });
    const w = step(step(world(ex)).next).next;
    expect(w.experiment.status?.phase).toBe('Running');
    const late = step({ ...w, now: T0 + 10_000 }).plan;
    expect(late.status.phase).toBe('Error');
    expect(late.status.message).toContain('AnalysisTemplate "nope" named by analysis \'a\' not found');
  });

  it('holds an invalid spec with an InvalidSpec condition naming the field', () => {
    const ex = experiment({ templates: [template('a'), template('a')] });
    const { plan } = step(world(ex));
    expect(plan.actions).toEqual([]);
    expect(plan.status.phase).toBe('Error');
    expect(plan.status.conditions?.[0]).toMatchObject({ type: 'InvalidSpec', status: 'True' });
    expect(plan.status.message).toContain('spec.templates[1].name');
  });
});

describe('planExperiment properties', () => {
  const spec = fc.record({
    templates: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }).map((names) => names.map((n) => template(n))),
    duration: fc.option(fc.constantFrom('30s', '2m'), { nil: undefined }),
    analyses: fc.option(fc.constant(null).map(() => [{ name: 'x', templateName: 'x', requiredForCompletion: true }]), { nil: undefined }),
    scaleDownDelaySeconds: fc.constantFrom(0, 30),
  });
  const script = fc.array(fc.record({ advanceMs: fc.integer({ min: 0, max: 40_000 }), ready: fc.boolean(), runPhase: fc.constantFrom('Running', 'Successful', 'Failed') }), { maxLength: 8 });

  it('planning again from what a plan produced changes nothing, and pods are never scaled away while it runs', () => {
    fc.assert(fc.property(spec, script, (s, steps) => {
      let w = world(experiment(s), [analysisTemplate('x')]);
      for (const st of steps) {
        const plan = planExperiment(snapshot(w));
        const over = ['Successful', 'Failed', 'Error', 'Inconclusive'].includes(plan.status.phase ?? '');
        const waiting = plan.status.message?.startsWith('The duration has passed') === true;
        if (!over && !waiting) expect(plan.actions.filter((a) => (a.kind === 'scaleReplicaSet' && a.to === 0) || a.kind === 'setScaleDownDeadline')).toEqual([]);
        if (plan.actions.some((a) => a.kind === 'createAnalysisRun')) expect(plan.status.availableAt).toBeDefined();
        w = applyToWorld(w, plan, false);
        const again = planExperiment(snapshot(w));
        expect(again.actions).toEqual([]);
        expect(again.status).toEqual(plan.status);
        // Then the cluster moves on: pods become available, the run reports, time passes.
        w = applyToWorld(w, { ...again, actions: [] }, st.ready);
        if (w.runs['exp-x']) w = setRun(w, 'exp-x', st.runPhase);
        w = { ...w, now: w.now + st.advanceMs };
      }
    }));
  });
});

describe('retry', () => {
  it('a retried experiment (status cleared) scales up again, drops the old deadline, and starts new runs beside the old', () => {
    const ex = experiment({ analyses: [{ name: 'a', templateName: 'x' }] });
    let w = world(ex, [analysisTemplate('x')]);
    w = step(step(w).next).next;
    w = setRun(w, 'exp-a', 'Failed');
    w = step(w).next;
    w = step({ ...w, now: w.now + 30_000 }).next;
    expect(Object.values(w.replicaSets).map((r) => r.replicas)).toEqual([0, 0]);
    w = { ...w, experiment: { ...w.experiment, status: undefined } };
    const again = step(w);
    expect(kinds(again.plan.actions)).toEqual([
      'setScaleDownDeadline exp-baseline', 'setScaleDownDeadline exp-canary', 'scaleReplicaSet exp-baseline', 'scaleReplicaSet exp-canary',
    ]);
    const started = step(again.next).plan;
    expect(kinds(started.actions)).toEqual(['createAnalysisRun exp-a.1']);
  });
});

describe('pod-template hashes', () => {
  it('differ from the hash of the same template elsewhere: a baseline never shares the stable ReplicaSet\'s hash', () => {
    const same = template('a');
    const one = step(world(experiment({ templates: [same] }))).plan;
    const other = step(world({ ...experiment({ templates: [same] }), metadata: { name: 'other', namespace: 'ns', uid: 'u2' } })).plan;
    const hashOf = (p: typeof one) => (p.actions[0]?.kind === 'createReplicaSet' ? (p.actions[0].replicaSet['metadata'] as { labels: Record<string, string> }).labels['rollouts-pod-template-hash'] : '');
    expect(hashOf(one)).not.toBe(hashOf(other));
    expect(hashOf(one)).not.toBe(podTemplateHash(same.template));
  });
});
