import { describe, expect, it } from 'vitest';
import type { RolloutSpec, RolloutStatus } from '../../api/types.js';
import { rolloutPhase } from './phase.js';

const spec = (extra: Partial<RolloutSpec> = {}): RolloutSpec => ({
  replicas: 3, selector: { matchLabels: { app: 'a' } }, template: {}, strategy: { canary: { steps: [] } }, ...extra,
} as RolloutSpec);
const done: RolloutStatus = { replicas: 3, updatedReplicas: 3, availableReplicas: 3, stableRS: 'h', currentPodHash: 'h' };
const cond = (type: string, status: string, reason: string, message = 'm') =>
  ({ type, status, reason, message, lastUpdateTime: 't', lastTransitionTime: 't' }) as NonNullable<RolloutStatus['conditions']>[number];

describe('rolloutPhase (Argo Rollouts CalculateRolloutPhase, canary)', () => {
  it.each<[string, RolloutSpec, RolloutStatus, string, string]>([
    ['healthy', spec(), done, 'Healthy', ''],
    ['invalid spec wins over everything', spec({ paused: true }), { ...done, conditions: [cond('InvalidSpec', 'True', 'InvalidSpec', 'bad')] }, 'Degraded', 'InvalidSpec: bad'],
    ['aborted', spec(), { ...done, conditions: [cond('Progressing', 'False', 'RolloutAborted', 'Rollout aborted update to revision 2')] }, 'Degraded', 'RolloutAborted: Rollout aborted update to revision 2'],
    ['progress deadline', spec(), { ...done, conditions: [cond('Progressing', 'False', 'ProgressDeadlineExceeded', 'x')] }, 'Degraded', 'ProgressDeadlineExceeded: x'],
    ['manually paused', spec({ paused: true }), done, 'Paused', 'manually paused'],
    ['paused at a step', spec(), { ...done, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 't' }] }, 'Paused', 'CanaryPauseStep'],
    ['restarting', spec({ restartAt: '2026-01-01T00:00:00Z' }), done, 'Progressing', 'rollout is restarting'],
    ['restart done', spec({ restartAt: '2026-01-01T00:00:00Z' }), { ...done, restartedAt: '2026-01-01T00:00:00Z' }, 'Healthy', ''],
    ['not all updated', spec(), { ...done, updatedReplicas: 1 }, 'Progressing', 'more replicas need to be updated'],
    ['updated not available', spec(), { ...done, availableReplicas: 2 }, 'Progressing', 'updated replicas are still becoming available'],
    ['old pods left', spec(), { ...done, replicas: 4 }, 'Progressing', 'old replicas are pending termination'],
    ['steps not done', spec(), { ...done, stableRS: 'old' }, 'Progressing', 'waiting for all steps to complete'],
    ['no stable yet', spec(), { ...done, stableRS: undefined }, 'Progressing', 'waiting for all steps to complete'],
  ])('%s', (_name, s, status, phase, message) => {
    expect(rolloutPhase(s, status)).toEqual({ phase, message });
  });
});
