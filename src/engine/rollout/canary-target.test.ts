import { describe, expect, it } from 'vitest';
import { canaryScaleInEffect, canaryTarget, currentSetWeight, type CanaryTargetInput } from './canary-target.js';

describe('canaryTarget, Argo TestGetCanaryReplicasOrWeight', () => {
  const twoSteps = (second: CanaryTargetInput['steps']): CanaryTargetInput['steps'] => [{ setWeight: 10 }, ...(second ?? [])];
  const rows: [string, CanaryTargetInput, { weight: number; replicas?: number }][] = [
    ['TestGetCanaryReplicasOrWeight: test full promote rollout', { promoteFull: true }, { weight: 100 }],
    ['TestGetCanaryReplicasOrWeight: test canary step weight',
      { steps: twoSteps([{ setCanaryScale: { weight: 20 } }]), trafficRouted: true, currentStepIndex: 1, stableRS: 'stable-rs' }, { weight: 20 }],
    ['TestGetCanaryReplicasOrWeight: test canary step replicas',
      { steps: twoSteps([{ setCanaryScale: { replicas: 5 } }]), trafficRouted: true, currentStepIndex: 1, stableRS: 'stable-rs' }, { weight: 0, replicas: 5 }],
    ['TestGetCanaryReplicasOrWeight: test get current step weight (no stable yet, even aborted)', { aborted: true }, { weight: 100 }],
    ['the desired template is the stable one', { steps: twoSteps([]), stableRS: 'abc', currentPodHash: 'abc' }, { weight: 100 }],
    ['the full weight is maxTrafficWeight', { promoteFull: true, maxWeight: 1000 }, { weight: 1000 }],
    ['setCanaryScale with neither replicas nor weight falls back to setWeight',
      { steps: twoSteps([{ setCanaryScale: {} }]), trafficRouted: true, currentStepIndex: 1, stableRS: 's', currentPodHash: 'c' }, { weight: 10 }],
    ['setCanaryScale needs traffic routing',
      { steps: twoSteps([{ setCanaryScale: { replicas: 5 } }]), currentStepIndex: 1, stableRS: 's', currentPodHash: 'c' }, { weight: 10 }],
  ];
  it.each(rows)('%s', (_name, input, expected) => {
    expect(canaryTarget(input)).toEqual(expected);
  });
});

describe('currentSetWeight, Argo TestGetCurrentSetWeight', () => {
  const steps = [{ setWeight: 10 }];
  it('TestGetCurrentSetWeight: past the last step is 100', () => {
    expect(currentSetWeight({ steps, currentStepIndex: 1 })).toBe(100);
  });
  it('TestGetCurrentSetWeight: at a setWeight step', () => {
    expect(currentSetWeight({ steps, currentStepIndex: 0 })).toBe(10);
  });
  it('TestGetCurrentSetWeight: aborted is 0', () => {
    expect(currentSetWeight({ steps, currentStepIndex: 0, aborted: true })).toBe(0);
  });
  it('looks back to the last setWeight', () => {
    expect(currentSetWeight({ steps: [{ setWeight: 10 }, {}, { setWeight: 40 }, {}], currentStepIndex: 3 })).toBe(40);
  });
  it('0 before any setWeight', () => {
    expect(currentSetWeight({ steps: [{}, { setWeight: 40 }], currentStepIndex: 0 })).toBe(0);
  });
  it('100 with no steps', () => {
    expect(currentSetWeight({})).toBe(100);
  });
});

describe('canaryScaleInEffect', () => {
  const steps = [{ setCanaryScale: { replicas: 3 } }, { setWeight: 20 }, { setCanaryScale: { matchTrafficWeight: true } }, { setWeight: 40 }];
  it('looks back to the last setCanaryScale', () => {
    expect(canaryScaleInEffect({ steps, currentStepIndex: 1, trafficRouted: true })).toEqual({ replicas: 3 });
  });
  it('matchTrafficWeight ends it', () => {
    expect(canaryScaleInEffect({ steps, currentStepIndex: 3, trafficRouted: true })).toBeUndefined();
  });
  it('an abort ends it, unless abortScaleDownDelaySeconds is 0', () => {
    expect(canaryScaleInEffect({ steps, currentStepIndex: 1, trafficRouted: true, aborted: true })).toBeUndefined();
    expect(canaryScaleInEffect({ steps, currentStepIndex: 1, trafficRouted: true, aborted: true, abortScaleDownDelaySeconds: 0 })).toEqual({ replicas: 3 });
  });
  it('none past the last step', () => {
    expect(canaryScaleInEffect({ steps, currentStepIndex: 4, trafficRouted: true })).toBeUndefined();
  });
});
