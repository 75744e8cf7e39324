// Experiment steps in a canary: the Experiment the step creates (templates from the stable and
// canary ReplicaSets), and what its phase does to the Rollout.
import { describe, expect, it } from 'vitest';
import { patchStatus, rollout, setImage, settle, sizes, step, world, type World } from './world.test-support.js';

const EXPERIMENT_STEPS = [{
  experiment: {
    duration: '3m',
    templates: [{ name: 'baseline', specRef: 'stable' }, { name: 'test-canary', specRef: 'canary', replicas: 2, metadata: { labels: { role: 'canary' } } }],
    analyses: [{ name: 'cmp', templateName: 'compare', args: [{ name: 'stable', valueFrom: { podTemplateHashValue: 'Stable' } }, { name: 'host', value: 'canary' }] }],
  },
}];

function healthy(steps: unknown[] = EXPERIMENT_STEPS): World {
  const w = world(rollout({ replicas: 2, steps }));
  settle(w);
  return w;
}

function atExperimentStep(w: World): string {
  setImage(w, 'web:2');
  settle(w);
  const e = w.experiments.at(-1)!;
  expect(w.rollout.status?.canary?.currentExperiment).toBe(e.name);
  return e.name;
}

const finish = (w: World, name: string, phase: string, message?: string) => {
  w.experiments = w.experiments.map((e) => (e.name === name ? { ...e, phase, ...(message ? { message } : {}) } : e));
};

describe('experiment steps', () => {
  it('create an Experiment named <rollout>-<hash>-<revision>-<step> from the stable and canary templates, and wait', () => {
    const w = healthy();
    const stable = w.rollout.status!.stableRS;
    const name = atExperimentStep(w);
    const hash = w.rollout.status!.currentPodHash;
    expect(name).toBe(`web-${hash}-2-0`);
    const e = w.experiments[0]!.experiment;
    expect(e.metadata).toMatchObject({ labels: { 'rollouts-pod-template-hash': hash }, annotations: { 'rollout.argoproj.io/revision': '2' } });
    expect(e.spec.duration).toBe('3m');
    const [baseline, canary] = e.spec.templates;
    expect((baseline!.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image).not.toBe('web:2');
    expect((canary!.template as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image).toBe('web:2');
    expect(canary).toMatchObject({ replicas: 2, template: { metadata: { labels: { role: 'canary' } } } });
    expect(baseline!.template.metadata?.labels?.['rollouts-pod-template-hash']).toBeUndefined();
    expect(e.spec.analyses).toEqual([{ name: 'cmp', templateName: 'compare', args: [{ name: 'stable', value: stable }, { name: 'host', value: 'canary' }] }]);
    expect(w.rollout.status).toMatchObject({ phase: 'Progressing', currentStepIndex: 0 });
    expect(step(w).actions).toEqual([]);
  });

  it('move on when the Experiment is Successful: the canary becomes stable', () => {
    const w = healthy();
    const name = atExperimentStep(w);
    finish(w, name, 'Successful');
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Healthy', currentStepIndex: 1 });
    expect(w.rollout.status?.canary?.currentExperiment).toBeUndefined();
    expect(sizes(w)).toEqual({ 1: 0, 2: 2 });
  });

  it('abort when the Experiment Fails, naming it, and keep the message when planning again', () => {
    const w = healthy();
    const name = atExperimentStep(w);
    finish(w, name, 'Failed', "AnalysisRun 'cmp' Failed: Metric \"m\" assessed Failed");
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Degraded', abort: true });
    expect(w.rollout.status?.message).toBe(`RolloutAborted: Rollout aborted update to revision 2: Experiment '${name}' Failed: AnalysisRun 'cmp' Failed: Metric "m" assessed Failed`);
    expect(w.rollout.status?.canary?.currentExperiment).toBeUndefined();
    expect(step(w).status.message).toBe(w.rollout.status?.message);
  });

  it('a retry after the abort starts a new Experiment beside the failed one', () => {
    const w = healthy();
    const name = atExperimentStep(w);
    finish(w, name, 'Failed');
    settle(w);
    patchStatus(w, { abort: false, currentStepIndex: 0 });
    settle(w);
    expect(w.experiments.map((e) => e.name)).toEqual([name, `${name}.1`]);
    expect(w.rollout.status?.canary?.currentExperiment).toBe(`${name}.1`);
  });

  it('pause on Inconclusive (InconclusiveExperiment); a promote moves past the step', () => {
    const w = healthy();
    const name = atExperimentStep(w);
    finish(w, name, 'Inconclusive');
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Paused', controllerPause: true });
    expect(w.rollout.status?.pauseConditions?.map((c) => c.reason)).toEqual(['InconclusiveExperiment']);
    patchStatus(w, { pauseConditions: null });
    settle(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Healthy', currentStepIndex: 1 });
  });

  it('terminate a running Experiment on abort and on promote --full', () => {
    for (const patch of [{ abort: true }, { promoteFull: true }]) {
      const w = healthy();
      const name = atExperimentStep(w);
      patchStatus(w, patch);
      const plan = step(w);
      expect(plan.actions.filter((a) => a.kind === 'terminateExperiment').map((a) => a.name)).toEqual([name]);
    }
  });
});
