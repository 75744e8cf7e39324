// The view-test scenarios: one RolloutViewInput per phase a user meets.

import { NOW, ago, analysisRun, job, pod, replicaSet, rollout } from './fixtures.test-support.js';
import type { RolloutViewInput } from './objects.js';

const empty = { analysisRuns: [], jobs: [], now: NOW };

export const healthy: RolloutViewInput = {
  ...empty,
  rollout: rollout({
    phase: 'Healthy', stableRS: 'bbb', currentPodHash: 'bbb', currentStepIndex: 6,
    replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5,
  }),
  replicaSets: [replicaSet('aaa', 1, 'demo:1', 0, 0, 3600), replicaSet('bbb', 2, 'demo:2', 2, 2, 300)],
  pods: [pod('bbb', 'p2', 290), pod('bbb', 'p1', 300)],
};

export const progressing: RolloutViewInput = {
  rollout: rollout({
    phase: 'Progressing', message: 'more replicas need to be updated', stableRS: 'aaa', currentPodHash: 'bbb', currentStepIndex: 0,
    replicas: 5, updatedReplicas: 1, readyReplicas: 4, availableReplicas: 4,
  }),
  replicaSets: [replicaSet('aaa', 1, 'demo:1', 4, 4, 3600), replicaSet('bbb', 2, 'demo:2', 1, 0, 5)],
  pods: [pod('aaa', 'a1', 3600), pod('aaa', 'a2', 3600), pod('aaa', 'a3', 3600), pod('aaa', 'a4', 3600), pod('bbb', 'b1', 5, 'creating')],
  analysisRuns: [analysisRun('web-bbb-2-bg', 2, 'Running', { successful: 1 }, 4)],
  jobs: [job('web-bbb-2-bg', 'web-bbb-2-bg-smoke-1', 'running', 3)],
  now: NOW,
};

export const pausedAtStep: RolloutViewInput = {
  ...empty,
  rollout: rollout({
    phase: 'Paused', message: 'CanaryPauseStep', stableRS: 'aaa', currentPodHash: 'bbb', currentStepIndex: 3,
    pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(10) }], controllerPause: true,
    replicas: 5, updatedReplicas: 2, readyReplicas: 5, availableReplicas: 5,
  }),
  replicaSets: [replicaSet('aaa', 1, 'demo:1', 3, 3, 3600), replicaSet('bbb', 2, 'demo:2', 2, 2, 120)],
  pods: [pod('aaa', 'a1', 3600), pod('aaa', 'a2', 3600), pod('aaa', 'a3', 3600), pod('bbb', 'b1', 120), pod('bbb', 'b2', 30)],
};

export const degradedAborted: RolloutViewInput = {
  rollout: rollout({
    phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2', abort: true, stableRS: 'aaa', currentPodHash: 'bbb',
    currentStepIndex: 0, replicas: 5, updatedReplicas: 0, readyReplicas: 5, availableReplicas: 5,
  }),
  replicaSets: [replicaSet('aaa', 1, 'demo:1', 5, 5, 3600), replicaSet('bbb', 2, 'demo:2', 0, 0, 600)],
  pods: ['a1', 'a2', 'a3', 'a4', 'a5'].map((p) => pod('aaa', p, 3600)),
  analysisRuns: [analysisRun('web-bbb-2-1', 2, 'Failed', { successful: 1, failed: 2 }, 500)],
  jobs: [job('web-bbb-2-1', 'web-bbb-2-1-smoke-1', 'ok', 500), job('web-bbb-2-1', 'web-bbb-2-1-smoke-2', 'failed', 440)],
  now: NOW,
};

export const invalidSpec: RolloutViewInput = {
  ...empty,
  rollout: rollout({
    phase: 'Degraded',
    message: 'InvalidSpec: spec.strategy.canary.steps[0].setWeight: must be 0-100, got 150',
    stableRS: 'aaa', currentPodHash: 'aaa', currentStepIndex: 6,
    replicas: 5, updatedReplicas: 5, readyReplicas: 4, availableReplicas: 4,
    conditions: [{
      type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', lastUpdateTime: ago(60), lastTransitionTime: ago(60),
      message: 'spec.strategy.canary.steps[0].setWeight: must be 0-100, got 150',
    }],
  }, { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'demo:1' }] } } }),
  replicaSets: [replicaSet('aaa', 1, 'demo:1', 5, 4, 7200)],
  pods: [...['a1', 'a2', 'a3', 'a4'].map((p) => pod('aaa', p, 7200)), pod('aaa', 'a5', 90, 'crash')],
};
