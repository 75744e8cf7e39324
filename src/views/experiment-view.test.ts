import { describe, expect, it } from 'vitest';
import type { Experiment } from '../api/types.js';
import { experimentView, experimentsTable } from './experiment-view.js';
import { NOW, ago, analysisRun, job, pod } from './fixtures.test-support.js';
import type { ReplicaSetLike } from './objects.js';
import { plainText } from './text.js';

const experiment: Experiment = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Experiment',
  metadata: { name: 'exp', namespace: 'shop', uid: 'ro-uid', creationTimestamp: ago(90) },
  spec: { duration: '5m', templates: [] },
  status: { phase: 'Running', message: 'waiting for the duration' },
};

const rs = (template: string, ready: number): ReplicaSetLike => ({
  metadata: { name: `exp-${template}`, uid: `rs-${template}`, creationTimestamp: ago(80), ownerReferences: [{ uid: 'ro-uid' }] },
  spec: { replicas: 1 },
  status: { replicas: 1, readyReplicas: ready, availableReplicas: ready },
});

describe('experimentView', () => {
  it('shows the Experiment, its template ReplicaSets with pods, and its AnalysisRuns with Jobs', () => {
    const text = plainText(experimentView({
      experiment,
      replicaSets: [rs('canary', 0), rs('baseline', 1)],
      pods: [pod('baseline', 'x1', 80), pod('canary', 'y1', 80, 'creating')],
      analysisRuns: [analysisRun('exp-smoke', 0, 'Successful', { successful: 3 }, 60)],
      jobs: [job('exp-smoke', 'exp-smoke-1', 'ok', 60)],
      now: NOW,
    }));
    expect(text).toBe(`
Name:            exp
Namespace:       shop
Status:          ◌ Running
Message:         waiting for the duration
Duration:        5m

NAME                     KIND         STATUS               AGE  INFO
Σ exp                    Experiment   ◌ Running            90s
├──⧉ exp-baseline        ReplicaSet   ✔ Healthy            80s  baseline,ready:1/1
│  └──□ web-baseline-x1  Pod          ✔ Running            80s  ready:1/1
├──⧉ exp-canary          ReplicaSet   ◌ Progressing        80s  canary,ready:0/1
│  └──□ web-canary-y1    Pod          ◌ ContainerCreating  80s  ready:0/1
└──α exp-smoke           AnalysisRun  ✔ Successful         60s  ✔ 3
   └──⊞ exp-smoke-1      Job          ✔ Successful         60s
`.slice(1));
  });

  it('lists experiments as NAME STATUS AGE', () => {
    expect(plainText(experimentsTable([experiment], NOW, true))).toBe('NAMESPACE  NAME  STATUS   AGE\nshop       exp   Running  90s\n');
  });
});
