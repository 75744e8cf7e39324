import { describe, expect, it } from 'vitest';
import type { Rollout } from '../../api/types.js';
import { replicaSetCreateErrorStatus } from './replica-set-create-error.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const refused = 'ReplicaSet.apps "web-5d8f" is invalid: spec.template.spec.containers[0].resources.limits[memory]: Invalid value: "invalid": quantities must match the regular expression';
const rollout: Rollout = {
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout',
  metadata: { name: 'web', namespace: 'shop', generation: 3 },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: {}, strategy: { canary: { steps: [{ setWeight: 20 }] } } },
  status: { observedGeneration: '2', stableRS: 'abc', currentPodHash: 'abc', phase: 'Healthy', replicas: 3, updatedReplicas: 3, availableReplicas: 3 },
} as Rollout;

describe('replicaSetCreateErrorStatus', () => {
  it('sets Progressing False ReplicaSetCreateError with the server message, observes the generation, and warns', () => {
    const { status, event } = replicaSetCreateErrorStatus(rollout, 'web-5d8f', refused, T0);
    const message = `Failed to create new replica set "web-5d8f": ${refused}`;
    expect(status.conditions).toEqual([{ type: 'Progressing', status: 'False', reason: 'ReplicaSetCreateError', message, lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }]);
    expect(status.observedGeneration).toBe('3');
    expect(status.stableRS).toBe('abc');
    expect(status.phase).toBeDefined();
    expect(event).toEqual({ type: 'Warning', reason: 'ReplicaSetCreateError', message });
  });

  it('planning the same refusal later changes nothing', () => {
    const first = replicaSetCreateErrorStatus(rollout, 'web-5d8f', refused, T0).status;
    const again = replicaSetCreateErrorStatus({ ...rollout, status: first }, 'web-5d8f', refused, T0 + 60_000).status;
    expect(again).toEqual(first);
  });
});
