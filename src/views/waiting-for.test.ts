import { describe, expect, it } from 'vitest';
import { NOW, ago, rollout } from './fixtures.test-support.js';
import * as s from './scenarios.test-support.js';
import { waitingFor } from './waiting-for.js';

const of = (x: typeof s.healthy) => waitingFor(x.rollout, x.replicaSets, x.analysisRuns, x.now);

describe('waitingFor', () => {
  it('names what each scenario waits for', () => {
    expect(of(s.healthy)).toBeUndefined();
    expect(of(s.progressing)).toBe('analysis "web-bbb-2-bg" to complete');
    expect(of(s.pausedAtStep)).toBe('the pause at step 4 of 6 to end in 20s, or a promote');
    expect(of(s.degradedAborted)).toBe('a retry or a new version (the update was aborted)');
    expect(of(s.invalidSpec)).toBe('a corrected spec (see the message)');
  });

  it('asks for a promote at a pause without duration, a resume when paused by a user', () => {
    const atPause = rollout({ phase: 'Paused', currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(5) }] });
    expect(waitingFor(atPause, [], [], NOW)).toBe('a promote (the pause at step 2 of 6 has no duration)');
    const manual = rollout({ phase: 'Paused', currentStepIndex: 1 }, { paused: true });
    expect(waitingFor(manual, [], [], NOW)).toBe('a resume (paused by a user)');
  });

  it('waits for canary pods, then for the controller to observe a new spec', () => {
    const noAnalysis = { ...s.progressing, analysisRuns: [] };
    expect(of(noAnalysis)).toBe('0/1 canary pods to become available');
    expect(waitingFor(rollout({ phase: 'Healthy', observedGeneration: '1' }), [], [], NOW)).toBe('the controller to observe the latest spec');
  });
});
