import { describe, expect, it } from 'vitest';
import type { AnalysisRun } from '../api/types.js';
import { ago, analysisRun, NOW, pod, replicaSet, rollout } from './fixtures.test-support.js';
import { conditionThreshold, metricCharts } from './metric-charts.js';
import { decisionLog, rolloutDetail, stepTimeline } from './rollout-detail.js';

describe('stepTimeline', () => {
  it('marks done, current and pending steps, with the time left in a timed pause', () => {
    const r = rollout({ phase: 'Paused', currentStepIndex: 3, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(10) }] });
    const steps = stepTimeline({ rollout: r, replicaSets: [], pods: [], analysisRuns: [], jobs: [], now: NOW });
    expect(steps.map((s) => `${s.text}:${s.state}${s.timeLeft ? `:${s.timeLeft}` : ''}`)).toEqual([
      'setWeight: 20:done', 'pause:done', 'setWeight: 40:done', 'pause: 30s:current:20s', 'setWeight: 60:pending', 'setWeight: 80:pending',
    ]);
  });
  it('at the end every step is done', () => {
    const r = rollout({ phase: 'Healthy', currentStepIndex: 6 });
    expect(stepTimeline({ rollout: r, replicaSets: [], pods: [], analysisRuns: [], jobs: [], now: NOW }).every((s) => s.state === 'done')).toBe(true);
  });
});

describe('conditionThreshold', () => {
  it.each([
    ['result[0] <= 5', 5],
    ['result < 0.05', 0.05],
    ['result[0] >= -1.5', -1.5],
    ['len(result) > 0 && all(result, {# < 1})', undefined],
    ['result[0] > 1 && result[0] < 9', undefined],
    ['', undefined],
  ])('%s -> %s', (condition, want) => expect(conditionThreshold(condition)).toBe(want));
});

describe('metricCharts', () => {
  it('charts each measurement\'s first number against the threshold, keeping the texts', () => {
    const run: AnalysisRun = {
      ...analysisRun('web-2-1', 2, 'Failed', { failed: 1 }, 60),
      spec: { metrics: [{ name: 'errors', successCondition: 'result[0] <= 5', provider: { prometheus: { query: 'x' } } }] },
      status: { phase: 'Failed', metricResults: [{ name: 'errors', phase: 'Failed', message: 'too many', measurements: [
        { phase: 'Successful', value: '[1.5]', startedAt: ago(50), finishedAt: ago(49) },
        { phase: 'Failed', value: '[16.31]', startedAt: ago(20), finishedAt: ago(19) },
        { phase: 'Error', message: 'timeout', startedAt: ago(10), finishedAt: ago(9) },
      ] }] },
    };
    const [chart] = metricCharts([run]);
    expect(chart).toMatchObject({ run: 'web-2-1', metric: 'errors', phase: 'Failed', threshold: 5, successCondition: 'result[0] <= 5', message: 'too many' });
    expect(chart!.points.map((p) => [p.value, p.phase, p.text])).toEqual([[1.5, 'Successful', '[1.5]'], [16.31, 'Failed', '[16.31]'], [undefined, 'Error', 'timeout']]);
  });
});

describe('decisionLog', () => {
  it('lists the newest first with ages and counts', () => {
    const log = decisionLog([
      { reason: 'RolloutUpdated', message: 'Rollout updated to revision 2', lastTimestamp: ago(60) },
      { type: 'Warning', reason: 'RolloutAborted', message: 'aborted', lastTimestamp: ago(5), count: 2 },
      { reason: 'NoTime', message: 'no time at all' },
    ], NOW);
    expect(log.map((e) => [e.age, e.type, e.reason, e.count])).toEqual([['5s', 'Warning', 'RolloutAborted', 2], ['60s', 'Normal', 'RolloutUpdated', 1], ['', 'Normal', 'NoTime', 1]]);
    expect(log[0]!.at).toBe('2026-01-01T11:59:55Z');
  });
});

describe('rolloutDetail', () => {
  it('joins the card, steps, tree, the runs this Rollout owns, and the log', () => {
    const r = rollout({ phase: 'Paused', currentStepIndex: 1, stableRS: 'aaa', currentPodHash: 'bbb', pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(5) }] });
    const foreign = { ...analysisRun('other', 1, 'Running', {}, 5), metadata: { name: 'other', ownerReferences: [{ apiVersion: 'x', kind: 'Rollout', name: 'api', uid: 'other-uid' }] } };
    const d = rolloutDetail({
      rollout: r, replicaSets: [replicaSet('aaa', 1, 'demo:1', 4, 4, 600), replicaSet('bbb', 2, 'demo:2', 1, 1, 5)],
      pods: [pod('bbb', 'x1', 5)], analysisRuns: [analysisRun('web-2-1', 2, 'Running', {}, 5), foreign], jobs: [], now: NOW,
    }, [{ reason: 'RolloutPaused', message: 'paused', lastTimestamp: ago(5) }]);
    expect(d.card.phase).toBe('Paused');
    expect(d.steps[1]!.state).toBe('current');
    expect(d.tree.kind).toBe('Rollout');
    expect(d.analysis.map((a) => a.run)).toEqual(['web-2-1']);
    expect(d.log.map((e) => e.reason)).toEqual(['RolloutPaused']);
  });
});
