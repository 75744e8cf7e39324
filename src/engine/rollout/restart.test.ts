import { describe, expect, it } from 'vitest';
import type { Rollout } from '../../api/types.js';
import type { ClassifiedReplicaSets } from './replica-sets.js';
import { RESTART_RECHECK_MS, restartActions } from './restart.js';
import type { ObservedPod, ObservedReplicaSet, RolloutSnapshot } from './snapshot.js';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const AT = '2026-11-21T09:59:00Z';
const rs = (available: number): ObservedReplicaSet => ({ name: 'web-h', podHash: 'h', template: {}, replicas: 3, statusReplicas: 3, ready: available, available, revision: 1, createdAt: 0 });
const pod = (name: string, createdAt: string, extra: Partial<ObservedPod> = {}): ObservedPod => ({ name, podHash: 'h', createdAt: Date.parse(createdAt), ready: true, ...extra });

function plan(pods: ObservedPod[], opts: { restartAt?: string; restartedAt?: string; available?: number; maxUnavailable?: number } = {}) {
  const rollout = { metadata: { name: 'web' }, spec: { restartAt: opts.restartAt ?? AT }, status: { restartedAt: opts.restartedAt } } as unknown as Rollout;
  const snap: RolloutSnapshot = { rollout, replicaSets: [], services: {}, pods, now: NOW };
  const sets: ClassifiedReplicaSets = { desired: rs(opts.available ?? 3), older: [], maxRevision: 1 };
  return restartActions(snap, sets, 'h', opts.maxUnavailable ?? 0);
}

describe('restartActions', () => {
  const old = [pod('a', '2026-11-21T09:00:00Z'), pod('b', '2026-11-21T09:10:00Z'), pod('c', '2026-11-21T09:20:00Z')];

  it('evicts the oldest pod first, one at a time when maxUnavailable is 0', () => {
    expect(plan(old).actions).toEqual([{ kind: 'evictPod', name: 'a', reason: `created before restartAt ${AT}` }]);
    expect(plan(old).nextCheckAt).toBe(NOW + RESTART_RECHECK_MS);
  });

  it('evicts up to maxUnavailable at once', () => {
    expect(plan(old, { maxUnavailable: 2 }).actions.map((a) => (a.kind === 'evictPod' ? a.name : a.kind))).toEqual(['a', 'b']);
  });

  it('counts pods already terminating or not ready against the budget', () => {
    const busy = [pod('a', '2026-11-21T09:00:00Z', { deleting: true }), pod('b', '2026-11-21T09:10:00Z'), pod('c', '2026-11-21T09:20:00Z')];
    expect(plan(busy).actions).toEqual([]);
  });

  it('waits while a ReplicaSet is short of available pods', () => {
    expect(plan(old, { available: 2 })).toMatchObject({ actions: [], nextCheckAt: NOW + RESTART_RECHECK_MS });
  });

  it('records restartedAt once no pod is older than restartAt', () => {
    const fresh = [pod('x', '2026-11-21T09:59:30Z')];
    expect(plan(fresh)).toMatchObject({ actions: [], restartedAt: AT });
  });

  it('looks again at a restartAt in the future, and does nothing once recorded', () => {
    expect(plan(old, { restartAt: '2026-11-21T10:05:00Z' })).toMatchObject({ actions: [], nextCheckAt: Date.parse('2026-11-21T10:05:00Z') });
    expect(plan(old, { restartedAt: AT })).toEqual({ actions: [], notes: [] });
  });
});
