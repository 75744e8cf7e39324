import { describe, expect, it } from 'vitest';
import { finishRun, patchStatus, podsReady, rollout, setImage, settle, sizes, step, template, world, type World } from './world.test-support.js';

const ANALYSIS_STEPS = [{ setWeight: 50 }, { pause: {} }, { analysis: { templates: [{ templateName: 'errors' }] } }];

function healthy(steps: unknown[] = ANALYSIS_STEPS, canary: Record<string, unknown> = {}): World {
  const w = world(rollout({ steps, canary }));
  w.templates['AnalysisTemplate/errors'] = template('errors');
  settle(w);
  return w;
}

/** Updates the image and answers the first pause, reaching the analysis step. */
function atAnalysisStep(w: World): string {
  setImage(w, 'web:2');
  settle(w);
  patchStatus(w, { pauseConditions: null });
  settle(w);
  const run = w.runs.at(-1)!;
  expect(w.rollout.status?.canary?.currentStepAnalysisRunStatus?.name).toBe(run.name);
  return run.name;
}

describe('analysis steps', () => {
  it('create one run named <rollout>-<hash>-<revision>-<step>, labelled as Argo labels it, and wait for it', () => {
    const w = healthy();
    const name = atAnalysisStep(w);
    const hash = w.rollout.status!.currentPodHash;
    expect(name).toBe(`web-${hash}-2-2`);
    expect(w.runs[0]?.labels).toMatchObject({ 'rollout-type': 'Step', 'step-index': '2', 'rollouts-pod-template-hash': hash });
    expect(w.rollout.status).toMatchObject({ phase: 'Progressing', currentStepIndex: 2 });
    expect(sizes(w)).toEqual({ 1: 3, 2: 3 });
  });

  it('label the run with the Rollout\'s controller-instance-id, so the same instance measures it', () => {
    const w = world(rollout({ steps: ANALYSIS_STEPS }));
    w.rollout = { ...w.rollout, metadata: { ...w.rollout.metadata, labels: { 'argo-rollouts.argoproj.io/controller-instance-id': 'blue' } } };
    w.templates['AnalysisTemplate/errors'] = template('errors');
    settle(w);
    atAnalysisStep(w);
    expect(w.runs[0]?.labels).toMatchObject({ 'argo-rollouts.argoproj.io/controller-instance-id': 'blue', 'rollout-type': 'Step' });
  });

  it('move on when the run is Successful, and the canary becomes stable', () => {
    const w = healthy();
    const name = atAnalysisStep(w);
    finishRun(w, name, 'Successful');
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Healthy', currentStepIndex: 3 });
    expect(sizes(w)).toEqual({ 1: 0, 2: 5 });
  });

  it('abort when the run Fails, naming the measured value, and scale the canary away', () => {
    const w = healthy();
    const name = atAnalysisStep(w);
    const why = 'Metric "errors" assessed Failed due to failed (1) > failureLimit (0): value [16.31] failed successCondition "result[0] <= 5"';
    finishRun(w, name, 'Failed', why);
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Degraded', abort: true });
    expect(w.rollout.status?.message).toBe(`RolloutAborted: Rollout aborted update to revision 2: ${why}`);
    expect(sizes(w)).toEqual({ 1: 5, 2: 0 });
    // Planning again keeps the same message (it is derived from the recorded run).
    expect(step(w).status.message).toBe(w.rollout.status?.message);
  });

  it('pause on Inconclusive; a promote (clearing the pause and the run) measures again with a new run', () => {
    const w = healthy();
    const name = atAnalysisStep(w);
    finishRun(w, name, 'Inconclusive');
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Paused', message: 'InconclusiveAnalysisRun' });
    patchStatus(w, { pauseConditions: null, canary: {} });
    settle(w);
    expect(w.runs.map((r) => r.name)).toEqual([name, `${name}.1`]);
    expect(w.rollout.status?.phase).toBe('Progressing');
  });

  it('hold the rollout with InvalidSpec when a template is missing', () => {
    const w = healthy();
    delete w.templates['AnalysisTemplate/errors'];
    w.templates['AnalysisTemplate/errors'] = null;
    setImage(w, 'web:2');
    const plan = step(w);
    expect(plan.actions).toEqual([]);
    expect(plan.status.message).toContain('spec.strategy.canary.steps[2].analysis.templates[0].templateName: AnalysisTemplate "errors" not found');
  });

  it('pass the Rollout\'s args: values, pod template hashes and fieldRefs', () => {
    const w = world(rollout({ steps: [{ analysis: { templates: [{ templateName: 't' }], args: [
      { name: 'svc', value: 'web' },
      { name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } },
      { name: 'ns', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ] } }] }));
    w.templates['AnalysisTemplate/t'] = template('t', [{ name: 'svc' }, { name: 'hash' }, { name: 'ns' }]);
    settle(w);
    setImage(w, 'web:2');
    settle(w);
    const args = (w.runs[0]?.spec as { args: { name: string; value: string }[] }).args;
    expect(args).toEqual([{ name: 'svc', value: 'web' }, { name: 'hash', value: w.rollout.status!.currentPodHash }, { name: 'ns', value: 'default' }]);
  });
});

describe('background analysis', () => {
  const canary = { analysis: { templates: [{ templateName: 'errors' }] } };

  it('runs across the steps and is terminated when the rollout completes', () => {
    const w = healthy([{ setWeight: 20 }, { pause: {} }], canary);
    setImage(w, 'web:2');
    settle(w);
    const run = w.runs[0]!;
    expect(run.name).toBe(`web-${w.rollout.status!.currentPodHash}-2`);
    expect(run.labels?.['rollout-type']).toBe('Background');
    patchStatus(w, { pauseConditions: null });
    settle(w);
    expect(w.rollout.status?.phase).toBe('Healthy');
    expect(w.runs[0]?.terminating).toBe(true);
  });

  it('aborts the rollout on its own when the run fails', () => {
    const w = healthy([{ setWeight: 20 }, { pause: {} }], canary);
    setImage(w, 'web:2');
    settle(w);
    finishRun(w, w.runs[0]!.name, 'Failed', 'Metric "errors" assessed Failed due to failed (1) > failureLimit (0)');
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Degraded', abort: true });
    expect(sizes(w)).toEqual({ 1: 5, 2: 0 });
  });

  it('waits for startingStep', () => {
    const w = healthy([{ setWeight: 20 }, { pause: {} }], { analysis: { ...canary.analysis, startingStep: 1 } });
    setImage(w, 'web:2');
    step(w);
    expect(w.runs).toEqual([]);
    podsReady(w);
    settle(w);
    expect(w.runs).toHaveLength(1);
  });
});

describe('no-data policies on the runs a Rollout creates', () => {
  it('carry each template\'s kanary.io/no-data over to its own metrics only, its * included', () => {
    const errors = template('errors');
    errors.metadata = { name: 'errors', annotations: { 'kanary.io/no-data': '*=Inconclusive' } };
    const latency = template('latency');
    latency.spec.metrics = [{ ...latency.spec.metrics![0]!, name: 'latency' }];
    const w = world(rollout({ steps: [{ setWeight: 50 }, { analysis: { templates: [{ templateName: 'errors' }, { templateName: 'latency' }] } }] }));
    w.templates['AnalysisTemplate/errors'] = errors;
    w.templates['AnalysisTemplate/latency'] = latency;
    settle(w);
    setImage(w, 'web:2');
    settle(w);
    const created = w.plans.flatMap((p) => p.actions).find((a) => a.kind === 'createAnalysisRun');
    expect(created?.kind === 'createAnalysisRun' && created.run.metadata?.annotations?.['kanary.io/no-data']).toBe('errors=Inconclusive');
  });
});
