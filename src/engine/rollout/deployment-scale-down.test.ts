import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deploymentScaleDown, type DeploymentScaleDownInput, type WorkloadScaleDown } from './deployment-scale-down.js';

type Row = [name: string, input: DeploymentScaleDownInput, to: number | undefined];
const at = (mode: WorkloadScaleDown | undefined, replicas: number, available: number, deploymentReplicas: number, healthy = false): DeploymentScaleDownInput =>
  ({ mode, replicas, available, deploymentReplicas, healthy });

const rows: Row[] = [
  // The migration of a 3-replica Deployment, point by point.
  ['progressively, no Rollout pod available yet', at('progressively', 3, 0, 3), undefined],
  ['progressively, 1 of 3 available', at('progressively', 3, 1, 3), 2],
  ['progressively, 2 of 3 available', at('progressively', 3, 2, 2), 1],
  ['progressively, 3 of 3 available, not yet Healthy', at('progressively', 3, 3, 1), 0],
  ['progressively, Healthy', at('progressively', 3, 3, 1, true), 0],
  ['progressively, Healthy and already drained', at('progressively', 3, 3, 0, true), undefined],
  ['progressively, two pods at once', at('progressively', 3, 2, 3), 1],
  ['progressively, a Deployment smaller than the Rollout is not grown', at('progressively', 5, 1, 3), undefined],
  ['progressively, a lost Rollout pod does not grow the Deployment again', at('progressively', 3, 1, 1), undefined],
  ['progressively, more available than wanted (a surge)', at('progressively', 3, 4, 2), 0],
  ['progressively, a Rollout scaled to 0', at('progressively', 0, 0, 3), 0],
  ['onsuccess, not Healthy with every pod available', at('onsuccess', 3, 3, 3), undefined],
  ['onsuccess, Healthy', at('onsuccess', 3, 3, 3, true), 0],
  ['onsuccess, Healthy and already at 0', at('onsuccess', 3, 3, 0, true), undefined],
  ['never, Healthy', at('never', 3, 3, 3, true), undefined],
  ['unset means never', at(undefined, 3, 3, 3, true), undefined],
  ['never, part way', at('never', 3, 1, 3), undefined],
];

describe('deploymentScaleDown', () => {
  it.each(rows)('%s', (_name, input, to) => {
    expect(deploymentScaleDown(input)?.to).toBe(to);
  });

  const inputs = fc.record({
    mode: fc.constantFrom<WorkloadScaleDown | undefined>('never', 'onsuccess', 'progressively', undefined),
    replicas: fc.integer({ min: 0, max: 50 }),
    available: fc.integer({ min: 0, max: 60 }),
    healthy: fc.boolean(),
    deploymentReplicas: fc.integer({ min: 0, max: 50 }),
  });

  it('never grows the Deployment', () => {
    fc.assert(fc.property(inputs, (i) => (deploymentScaleDown(i)?.to ?? i.deploymentReplicas) <= i.deploymentReplicas));
  });

  it('before Healthy, never leaves fewer available pods than the Rollout wants, counting both', () => {
    fc.assert(fc.property(inputs, (i) => {
      if (i.healthy) return true;
      const after = deploymentScaleDown(i)?.to ?? i.deploymentReplicas;
      // Deployment pods are taken as available: only then is there a floor to keep.
      const before = i.deploymentReplicas + i.available;
      return after + i.available >= Math.min(i.replicas, before);
    }));
  });

  it('deciding again from the state it leaves changes nothing', () => {
    fc.assert(fc.property(inputs, (i) => {
      const first = deploymentScaleDown(i);
      return first === undefined || deploymentScaleDown({ ...i, deploymentReplicas: first.to }) === undefined;
    }));
  });
});
