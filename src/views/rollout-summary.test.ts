import { describe, expect, it } from 'vitest';
import { STEPS, replicaSet, rollout } from './fixtures.test-support.js';
import { actualWeight, displayPhase, setWeight, statusLine } from './rollout-summary.js';

describe('setWeight (Argo: the last setWeight at or before the current step)', () => {
  it.each([
    ['at step 0 (setWeight 20)', { currentStepIndex: 0, stableRS: 'a', currentPodHash: 'b' }, 20],
    ['at the pause after it', { currentStepIndex: 1, stableRS: 'a', currentPodHash: 'b' }, 20],
    ['at step 3 (pause after 40)', { currentStepIndex: 3, stableRS: 'a', currentPodHash: 'b' }, 40],
    ['steps done', { currentStepIndex: STEPS.length, stableRS: 'b', currentPodHash: 'b' }, 100],
    ['stable is current', { currentStepIndex: 0, stableRS: 'b', currentPodHash: 'b' }, 100],
    ['aborted', { currentStepIndex: 3, stableRS: 'a', currentPodHash: 'b', abort: true }, 0],
  ])('%s', (_name, status, want) => {
    expect(setWeight(rollout(status))).toBe(want);
  });

  it('is undefined for blue-green', () => {
    expect(setWeight(rollout({}, { strategy: { blueGreen: { activeService: 'web' } } }))).toBeUndefined();
  });
});

describe('actualWeight', () => {
  const sets = [replicaSet('a', 1, 'demo:1', 4, 4, 60), replicaSet('b', 2, 'demo:2', 1, 1, 10)];
  it('is the canary share of available pods without traffic routing', () => {
    expect(actualWeight(rollout({ stableRS: 'a', currentPodHash: 'b' }), sets)).toBe(20);
  });
  it('is 0 when no pod is available, 100 when the canary is the stable', () => {
    expect(actualWeight(rollout({ stableRS: 'a', currentPodHash: 'b' }), [])).toBe(0);
    expect(actualWeight(rollout({ stableRS: 'b', currentPodHash: 'b' }), sets)).toBe(100);
  });
  it("is the router's canary weight with traffic routing", () => {
    const routed = rollout(
      { stableRS: 'a', currentPodHash: 'b', canary: { weights: { canary: { weight: 5 }, stable: { weight: 95 } } } },
      { strategy: { canary: { steps: STEPS, trafficRouting: { nginx: { stableIngress: 'web' } } } } },
    );
    expect(actualWeight(routed, sets)).toBe(5);
  });
});

describe('displayPhase', () => {
  it('says Progressing until the controller has observed the latest generation', () => {
    const r = rollout({ phase: 'Healthy', observedGeneration: '1' });
    expect(displayPhase(r)).toEqual({ phase: 'Progressing', message: 'waiting for rollout spec update to be observed' });
    expect(statusLine(r)).toBe('Progressing - waiting for rollout spec update to be observed');
  });
  it('counts a generation observed when the stored one is not a number, or is ahead (as Argo does)', () => {
    expect(displayPhase(rollout({ phase: 'Healthy', observedGeneration: 'abc123' })).phase).toBe('Healthy');
    expect(displayPhase(rollout({ phase: 'Healthy', observedGeneration: '9' })).phase).toBe('Healthy');
  });
  it('says Progressing while a promote that cleared our pause conditions is not yet acted on', () => {
    const r = rollout({ phase: 'Paused', message: 'CanaryPauseStep', controllerPause: true, pauseConditions: [] });
    expect(statusLine(r)).toBe('Progressing - waiting for rollout to unpause');
    expect(statusLine(rollout({ phase: 'Paused', message: 'CanaryPauseStep', controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-01T00:00:00Z' }] })))
      .toBe('Paused - CanaryPauseStep');
  });
  it('says Progressing after a retry until the controller has acted on it', () => {
    const message = 'RolloutAborted: Rollout aborted update to revision 2';
    expect(statusLine(rollout({ phase: 'Degraded', message, abort: true }))).toBe(`Degraded - ${message}`);
    expect(statusLine(rollout({ phase: 'Degraded', message, abort: false }))).toBe('Progressing - waiting for the controller to act on the retry');
  });

  it('is the stored phase and message once observed', () => {
    expect(statusLine(rollout({ phase: 'Paused', message: 'CanaryPauseStep' }))).toBe('Paused - CanaryPauseStep');
    expect(statusLine(rollout({ phase: 'Healthy' }))).toBe('Healthy');
  });
});
