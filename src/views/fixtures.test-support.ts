// Fixture objects for the view tests: a 5-replica canary Rollout and its ReplicaSets, pods,
// AnalysisRuns and Jobs, built at fixed times so the expected text is exact.

import { rolloutFixture } from '../api/rollout-fixture.test-support.js';
import type { AnalysisRun, Rollout, RolloutStatus } from '../api/types.js';
import type { JobLike, PodLike, ReplicaSetLike } from './objects.js';

export const NOW = Date.parse('2026-01-01T12:00:00Z');
export const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

export const STEPS = [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }, { pause: { duration: '30s' } }, { setWeight: 60 }, { setWeight: 80 }];

export function rollout(status: RolloutStatus, spec: Partial<Rollout['spec']> = {}): Rollout {
  return rolloutFixture({
    namespace: 'shop', metadata: { uid: 'ro-uid', generation: 2, creationTimestamp: ago(3600) }, image: 'demo:2', steps: STEPS, spec,
    status: { observedGeneration: '2', ...status },
  });
}

export function replicaSet(hash: string, revision: number, image: string, desired: number, ready: number, ageSeconds: number): ReplicaSetLike {
  return {
    metadata: {
      name: `web-${hash}`, namespace: 'shop', uid: `rs-${hash}`, creationTimestamp: ago(ageSeconds),
      labels: { app: 'web', 'rollouts-pod-template-hash': hash },
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      ownerReferences: [{ uid: 'ro-uid', kind: 'Rollout', controller: true }],
    },
    spec: { replicas: desired, template: { spec: { containers: [{ name: 'web', image }] } } },
    status: { replicas: desired, readyReplicas: ready, availableReplicas: ready },
  };
}

export function pod(hash: string, suffix: string, ageSeconds: number, state: 'ready' | 'creating' | 'crash' = 'ready'): PodLike {
  return {
    metadata: { name: `web-${hash}-${suffix}`, creationTimestamp: ago(ageSeconds), ownerReferences: [{ uid: `rs-${hash}`, kind: 'ReplicaSet' }] },
    spec: { containers: [{ name: 'web' }] },
    status: state === 'ready'
      ? { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 0, state: {} }] }
      : state === 'creating'
        ? { phase: 'Pending', containerStatuses: [{ ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] }
        : { phase: 'Running', containerStatuses: [{ ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
  };
}

export function analysisRun(name: string, revision: number, phase: 'Running' | 'Successful' | 'Failed', counts: { successful?: number; failed?: number }, ageSeconds: number): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: {
      name, namespace: 'shop', uid: `ar-${name}`, creationTimestamp: ago(ageSeconds),
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'ro-uid', controller: true }],
    },
    spec: { metrics: [] },
    status: { phase, metricResults: [{ name: 'smoke', phase, ...counts }] },
  };
}

export function job(run: string, name: string, result: 'running' | 'ok' | 'failed', ageSeconds: number): JobLike {
  return {
    metadata: { name, creationTimestamp: ago(ageSeconds), ownerReferences: [{ uid: `ar-${run}`, kind: 'AnalysisRun' }] },
    status: result === 'running' ? { active: 1 }
      : result === 'ok' ? { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }
        : { failed: 1, conditions: [{ type: 'Failed', status: 'True' }] },
  };
}
