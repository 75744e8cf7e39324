// A Rollout waiting at its experiment step: the Experiment drawn under its revision, between the
// revision's ReplicaSets and its AnalysisRuns (as Argo's CLI draws it), and as the Rollout page's panel.
import { describe, expect, it } from 'vitest';
import type { AnalysisRun, Experiment } from '../api/types.js';
import { NOW, ago, analysisRun, job, pod, replicaSet, rollout } from './fixtures.test-support.js';
import type { ReplicaSetLike, RolloutViewInput } from './objects.js';
import { rolloutDetail } from './rollout-detail.js';
import { experimentRevision } from './rollout-experiments.js';
import { rolloutTree } from './rollout-tree.js';
import { plainText } from './text.js';
import { treeLines } from './tree.js';

const EXP = 'web-bbb-2-2';

function experiment(name: string, annotations: Record<string, string>, phase: Experiment['status'] extends infer S ? S extends { phase?: infer P } ? P : never : never): Experiment {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment',
    metadata: {
      name, namespace: 'shop', uid: `exp-${name}`, creationTimestamp: ago(60), annotations, labels: { 'rollouts-pod-template-hash': 'bbb' },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'ro-uid', controller: true }],
    },
    spec: { duration: '5m', templates: ['baseline', 'canary'].map((t) => ({
      name: t, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'demo' }] } },
    })) as Experiment['spec']['templates'] },
    status: {
      phase, message: phase === 'Running' ? 'waiting for the duration' : undefined,
      templateStatuses: [
        { name: 'baseline', replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, status: 'Running' },
        { name: 'canary', replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 0, status: 'Progressing', serviceName: `${name}-canary` },
      ],
      analysisRuns: [{ name: 'smoke', analysisRun: `${name}-smoke`, phase: 'Running' }],
    },
  } as Experiment;
}

function experimentSet(exp: string, template: string, hash: string, ready: number): ReplicaSetLike {
  return {
    metadata: {
      name: `${exp}-${template}`, uid: `rs-${hash}`, creationTimestamp: ago(55),
      labels: { 'rollouts-pod-template-hash': hash }, annotations: { 'experiment.argoproj.io/template-name': template },
      ownerReferences: [{ uid: `exp-${exp}`, kind: 'Experiment', controller: true }],
    },
    spec: { replicas: 1 },
    status: { replicas: 1, readyReplicas: ready, availableReplicas: ready },
  };
}

function experimentRun(exp: string): AnalysisRun {
  const run = analysisRun(`${exp}-smoke`, 0, 'Running', { successful: 2 }, 40);
  return {
    ...run,
    metadata: { ...run.metadata, annotations: {}, ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', name: exp, uid: `exp-${exp}`, controller: true }] },
    spec: { metrics: [{ name: 'smoke', successCondition: 'result[0] <= 5', provider: { job: {} } }] } as AnalysisRun['spec'],
    status: { phase: 'Running', metricResults: [{ name: 'smoke', phase: 'Running', successful: 2, measurements: [{ phase: 'Successful', value: '[1]', startedAt: ago(30), finishedAt: ago(29) }] }] },
  } as AnalysisRun;
}

const waiting: RolloutViewInput = {
  rollout: rollout({
    phase: 'Progressing', stableRS: 'aaa', currentPodHash: 'bbb', currentStepIndex: 2, canary: { currentExperiment: EXP },
    replicas: 5, updatedReplicas: 1, readyReplicas: 5, availableReplicas: 5,
  }),
  replicaSets: [replicaSet('aaa', 1, 'demo:1', 4, 4, 3600), replicaSet('bbb', 2, 'demo:2', 1, 1, 120)],
  pods: [pod('aaa', 'a1', 3600), pod('bbb', 'b1', 120), pod('base', 'x1', 55), pod('cany', 'y1', 55, 'creating')],
  analysisRuns: [analysisRun('web-bbb-2-1', 2, 'Successful', { successful: 1 }, 100), experimentRun(EXP)],
  jobs: [job(`${EXP}-smoke`, `${EXP}-smoke-1`, 'ok', 30)],
  experiments: [experiment(EXP, { 'rollout.argoproj.io/revision': '2' }, 'Running')],
  experimentReplicaSets: [experimentSet(EXP, 'baseline', 'base', 1), experimentSet(EXP, 'canary', 'cany', 0)],
  now: NOW,
};

describe('the Rollout tree with an experiment step', () => {
  it('draws the Experiment under its revision, after the ReplicaSets and before the AnalysisRuns', () => {
    // The stable pod only, to keep the table short.
    const input = { ...waiting, replicaSets: [replicaSet('aaa', 1, 'demo:1', 1, 1, 3600), waiting.replicaSets[1]!] };
    expect(plainText(treeLines(rolloutTree(input)))).toBe(`
NAME                               KIND         STATUS               AGE   INFO
⟳ web                              Rollout      ◌ Progressing        60m
├──# revision:2
│  ├──⧉ web-bbb                    ReplicaSet   ✔ Healthy            2m    canary,ready:1/1
│  │  └──□ web-bbb-b1              Pod          ✔ Running            2m    ready:1/1
│  ├──Σ web-bbb-2-2                Experiment   ◌ Running            60s
│  │  ├──⧉ web-bbb-2-2-baseline    ReplicaSet   ✔ Healthy            55s   baseline,ready:1/1
│  │  │  └──□ web-base-x1          Pod          ✔ Running            55s   ready:1/1
│  │  ├──⧉ web-bbb-2-2-canary      ReplicaSet   ◌ Progressing        55s   canary,ready:0/1
│  │  │  └──□ web-cany-y1          Pod          ◌ ContainerCreating  55s   ready:0/1
│  │  └──α web-bbb-2-2-smoke       AnalysisRun  ◌ Running            40s   ✔ 2
│  │     └──⊞ web-bbb-2-2-smoke-1  Job          ✔ Successful         30s
│  └──α web-bbb-2-1                AnalysisRun  ✔ Successful         100s  ✔ 1
└──# revision:1
   └──⧉ web-aaa                    ReplicaSet   ✔ Healthy            60m   stable,ready:1/1
      └──□ web-aaa-a1              Pod          ✔ Running            60m   ready:1/1
`.slice(1));
  });

  it('an Experiment of another Rollout is not drawn', () => {
    const other = { ...experiment('api-ccc-1-0', {}, 'Running') };
    const foreign = { ...other, metadata: { ...other.metadata, ownerReferences: [{ apiVersion: 'x', kind: 'Rollout', name: 'api', uid: 'other-uid' }] } } as Experiment;
    const text = plainText(treeLines(rolloutTree({ ...waiting, experiments: [foreign] })));
    expect(text).not.toContain('Experiment');
  });

  it.each([
    ['its revision annotation', { 'rollout.argoproj.io/revision': '7' }, 7],
    ['no annotation: the revision of the ReplicaSet with its hash', {}, 2],
  ])('belongs to a revision by %s', (_what, annotations, want) => {
    const e = experiment('x', annotations, 'Running');
    expect(experimentRevision(e, new Map([['bbb', 2]]), 9)).toBe(want);
  });

  it('no annotation and no ReplicaSet with its hash: the newest revision', () => {
    const e = experiment('x', {}, 'Running');
    expect(experimentRevision(e, new Map(), 9)).toBe(9);
  });
});

describe('the Rollout page\'s experiments', () => {
  it('names the current one, its templates with their ReplicaSets, its runs and their measurements', () => {
    const d = rolloutDetail(waiting, []);
    expect(d.experiments).toHaveLength(1);
    const [e] = d.experiments;
    expect(e).toMatchObject({ name: EXP, revision: 2, current: true, duration: '5m', message: 'waiting for the duration', age: '60s' });
    expect(e!.mark.word).toBe('Running');
    expect(e!.templates).toEqual([
      { name: 'baseline', replicaSet: `${EXP}-baseline`, status: 'Running', ready: 'ready:1/1' },
      { name: 'canary', replicaSet: `${EXP}-canary`, status: 'Progressing', ready: 'ready:0/1', serviceName: `${EXP}-canary` },
    ]);
    expect(e!.runs).toEqual([{ name: 'smoke', analysisRun: `${EXP}-smoke`, phase: 'Running' }]);
    expect(e!.analysis.map((a) => [a.run, a.metric, a.threshold, a.points.length])).toEqual([[`${EXP}-smoke`, 'smoke', 5, 1]]);
    // The experiment's runs are not the Rollout's own.
    expect(d.analysis.map((a) => a.run)).toEqual(['web-bbb-2-1']);
  });

  it('a finished experiment is not current; a template with no ReplicaSet yet is Pending', () => {
    const done = experiment(EXP, { 'rollout.argoproj.io/revision': '2' }, 'Successful');
    const d = rolloutDetail({ ...waiting, rollout: rollout({ phase: 'Healthy', stableRS: 'bbb', currentPodHash: 'bbb', currentStepIndex: 6 }), experiments: [{ ...done, status: { ...done.status!, templateStatuses: [] } }], experimentReplicaSets: [] }, []);
    expect(d.experiments[0]).toMatchObject({ current: false, templates: [{ name: 'baseline', status: 'Pending', ready: '' }, { name: 'canary', status: 'Pending', ready: '' }] });
    expect(d.experiments[0]!.mark.word).toBe('Successful');
  });
});
