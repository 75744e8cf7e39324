// Weighted experiment templates: the rule as a named table, and a traffic-routed Rollout whose
// experiment step sends its templates their share only while the Experiment runs.
import { describe, expect, it } from 'vitest';
import type { CanaryStep } from '../../api/types.js';
import { experimentWeightDestinations, type ExperimentWeightInput } from './experiment-weights.js';
import { patchStatus, rollout, setImage, settle, world, type World } from './world.test-support.js';

const experimentStep = (weights: (number | undefined)[]): CanaryStep => ({
  experiment: { templates: weights.map((weight, i) => ({ name: `t${i}`, specRef: 'canary' as const, ...(weight !== undefined ? { weight } : {}) })) },
});
const up = (i: number, available = 1) => ({ name: `t${i}`, serviceName: `svc-${i}`, podTemplateHash: `h${i}`, availableReplicas: available });

describe('experimentWeightDestinations', () => {
  const rows: { name: string; input: ExperimentWeightInput; expected: string[] }[] = [
    { name: 'a running experiment: each weighted template\'s Service', expected: ['svc-0 5 h0', 'svc-1 10 h1'],
      input: { steps: [{ setWeight: 10 }, experimentStep([5, 10])], currentStepIndex: 1, settled: false, experiment: { phase: 'Running', templateStatuses: [up(0), up(1)] } } },
    { name: 'a template without weight gets none', expected: ['svc-1 10 h1'],
      input: { steps: [experimentStep([undefined, 10])], currentStepIndex: 0, settled: false, experiment: { phase: 'Running', templateStatuses: [up(0), up(1)] } } },
    { name: 'not running yet: none', expected: [],
      input: { steps: [experimentStep([5])], currentStepIndex: 0, settled: false, experiment: { phase: 'Pending', templateStatuses: [up(0)] } } },
    { name: 'finished: none', expected: [],
      input: { steps: [experimentStep([5])], currentStepIndex: 0, settled: false, experiment: { phase: 'Successful', templateStatuses: [up(0)] } } },
    { name: 'a Service not there yet: none for it', expected: [],
      input: { steps: [experimentStep([5])], currentStepIndex: 0, settled: false, experiment: { phase: 'Running', templateStatuses: [{ name: 't0', availableReplicas: 1 }] } } },
    { name: 'no available pod: none for it', expected: ['svc-1 5 h1'],
      input: { steps: [experimentStep([5, 5])], currentStepIndex: 0, settled: false, experiment: { phase: 'Running', templateStatuses: [up(0, 0), up(1)] } } },
    { name: 'aborted or promoted: none', expected: [],
      input: { steps: [experimentStep([5])], currentStepIndex: 0, settled: true, experiment: { phase: 'Running', templateStatuses: [up(0)] } } },
    { name: 'past the experiment step: none', expected: [],
      input: { steps: [experimentStep([5]), { pause: {} }], currentStepIndex: 1, settled: false, experiment: { phase: 'Running', templateStatuses: [up(0)] } } },
  ];
  it.each(rows)('$name', ({ input, expected }) => {
    expect(experimentWeightDestinations(input).map((d) => `${d.serviceName} ${d.weight} ${d.podTemplateHash}`)).toEqual(expected);
  });
});

describe('a traffic-routed Rollout with a weighted experiment step', () => {
  const steps = [
    { setWeight: 20 },
    { experiment: { templates: [{ name: 'baseline', specRef: 'stable', weight: 10 }, { name: 'canary', specRef: 'canary', weight: 10 }] } },
    { pause: {} },
  ];
  const canary = { canaryService: 'web-canary', stableService: 'web-stable', trafficRouting: { istio: { virtualService: { name: 'vsvc', routes: ['primary'] } } } };
  const services = { 'web-canary': { name: 'web-canary', selector: { app: 'web' } }, 'web-stable': { name: 'web-stable', selector: { app: 'web' } } };

  function atExperiment(): { w: World; name: string } {
    const w = world(rollout({ replicas: 5, steps, canary }), structuredClone(services));
    settle(w);
    setImage(w, 'web:2');
    settle(w);
    const e = w.experiments.at(-1)!;
    return { w, name: e.name };
  }
  const run = (w: World, name: string, phase: string) => {
    w.experiments = w.experiments.map((e) => (e.name !== name ? e : {
      ...e, phase, templateStatuses: e.experiment.spec.templates.map((t) => ({ name: t.name, serviceName: `${name}-${t.name}`, podTemplateHash: `h-${t.name}`, availableReplicas: 1 })),
    }));
  };

  it('asks for a Service per weighted template, routes their share while the Experiment runs, and takes it back when it ends', () => {
    const { w, name } = atExperiment();
    expect(w.experiments.at(-1)!.experiment.spec.templates.map((t) => t.service)).toEqual([{}, {}]);
    expect(w.routed).toEqual({ canary: 20, stable: 80 });
    run(w, name, 'Running');
    settle(w);
    expect(w.routed).toEqual({ canary: 20, stable: 60, additional: [`${name}-baseline 10`, `${name}-canary 10`] });
    expect(w.rollout.status?.canary?.weights?.additional).toEqual([
      { weight: 10, serviceName: `${name}-baseline`, podTemplateHash: 'h-baseline' }, { weight: 10, serviceName: `${name}-canary`, podTemplateHash: 'h-canary' },
    ]);
    run(w, name, 'Successful');
    settle(w);
    expect(w.rollout.status).toMatchObject({ currentStepIndex: 2, phase: 'Paused' });
    expect(w.routed).toEqual({ canary: 20, stable: 80 });
  });

  it('on abort, traffic leaves the experiment before it is terminated', () => {
    const { w, name } = atExperiment();
    run(w, name, 'Running');
    settle(w);
    patchStatus(w, { abort: true });
    settle(w);
    const plan = w.plans.find((p) => p.actions.some((a) => a.kind === 'terminateExperiment'))!;
    const kinds = plan.actions.map((a) => a.kind);
    expect(kinds.indexOf('setTrafficWeights')).toBeLessThan(kinds.indexOf('terminateExperiment'));
    const weights = plan.actions.find((a) => a.kind === 'setTrafficWeights');
    expect(weights?.kind === 'setTrafficWeights' && weights.weights.additional).toBeUndefined();
    expect(w.routed).toEqual({ canary: 0, stable: 100 });
  });
});
