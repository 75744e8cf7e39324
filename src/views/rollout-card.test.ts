import { describe, expect, it } from 'vitest';
import type { RolloutStatus } from '../api/types.js';
import { ago, NOW, replicaSet, rollout } from './fixtures.test-support.js';
import { LONG_STEP_MS, rolloutCard, sortCards, type RolloutCard } from './rollout-card.js';

const paused: RolloutStatus = {
  phase: 'Paused', message: 'CanaryPauseStep', currentStepIndex: 1, stableRS: 'aaa', currentPodHash: 'bbb',
  pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(30) }], replicas: 5, readyReplicas: 5, updatedReplicas: 1,
};
const sets = [replicaSet('aaa', 1, 'demo:1', 4, 4, 600), replicaSet('bbb', 2, 'demo:2', 1, 1, 30)];

describe('rolloutCard: one overview row', () => {
  it('has the facts of list rollouts, images from the ReplicaSets, and the age', () => {
    const card = rolloutCard(rollout(paused), sets, NOW);
    expect(card).toMatchObject({
      namespace: 'shop', name: 'web', phase: 'Paused', strategy: 'Canary', step: '1/6', setWeight: 20, actualWeight: 20,
      images: ['demo:1', 'demo:2'], age: '60m', ready: '5/5',
    });
  });

  it.each<{ name: string; status: RolloutStatus; spec?: object; attention: string | undefined }>([
    { name: 'a pause step waits for a promote', status: paused, attention: 'paused: a promote (the pause at step 2 of 6 has no duration)' },
    { name: 'Degraded says why', status: { phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2', abort: true },
      attention: 'degraded: RolloutAborted: Rollout aborted update to revision 2' },
    { name: 'an inconclusive analysis', status: { phase: 'Paused', message: 'InconclusiveAnalysisRun', currentStepIndex: 2, pauseConditions: [{ reason: 'InconclusiveAnalysisRun', startTime: ago(5) }] },
      attention: 'inconclusive: a promote or an abort (the analysis was inconclusive)' },
    { name: 'a step running for long', status: { phase: 'Progressing', message: 'more replicas need to be updated', currentStepIndex: 2, stableRS: 'aaa', currentPodHash: 'bbb',
      conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: '', lastUpdateTime: ago(LONG_STEP_MS / 1000 + 300), lastTransitionTime: ago(3600) }] },
      attention: 'step running for 20m: 0/1 canary pods to become available' },
    { name: 'a step running briefly is fine', status: { phase: 'Progressing', message: 'x', currentStepIndex: 2,
      conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: '', lastUpdateTime: ago(60), lastTransitionTime: ago(60) }] }, attention: undefined },
    { name: 'Healthy needs nothing', status: { phase: 'Healthy', currentStepIndex: 6, stableRS: 'aaa', currentPodHash: 'aaa' }, attention: undefined },
  ])('$name', ({ status, attention }) => {
    const card = rolloutCard(rollout(status), status.currentPodHash === 'bbb' ? [replicaSet('aaa', 1, 'demo:1', 4, 4, 600), replicaSet('bbb', 2, 'demo:2', 1, 0, 30)] : [], NOW);
    expect(card.attention).toBe(attention);
  });

  it('without ReplicaSets the images come from the pod template', () => {
    expect(rolloutCard(rollout({ phase: 'Healthy' }), [], NOW).images).toEqual(['demo:2']);
  });

  it('a malformed status is drawn as absent, never a crash', () => {
    const bad = rollout({ phase: 'Paused' });
    (bad.status as Record<string, unknown>)['currentStepIndex'] = 'two';
    expect(() => rolloutCard(bad, [], NOW)).not.toThrow();
  });
});

describe('sortCards', () => {
  const card = (namespace: string, name: string, attention?: string): RolloutCard => ({
    namespace, name, phase: 'Healthy', message: '', strategy: 'Canary', images: [], age: '', ready: '', ...(attention ? { attention } : {}),
  });
  it('puts those needing attention first, then by namespace and name', () => {
    const sorted = sortCards([card('b', 'x'), card('a', 'y'), card('c', 'z', 'paused'), card('a', 'b')]);
    expect(sorted.map((c) => `${c.namespace}/${c.name}`)).toEqual(['c/z', 'a/b', 'a/y', 'b/x']);
  });
});
