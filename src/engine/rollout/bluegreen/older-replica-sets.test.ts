import { describe, expect, it } from 'vitest';
import type { ObservedReplicaSet } from '../snapshot.js';
import { olderReplicaSets, type OlderInput } from './older-replica-sets.js';

const T = Date.parse('2026-11-21T10:00:00Z');
const rs = (podHash: string, revision: number, replicas = 3, deadline?: string): ObservedReplicaSet => ({
  name: `web-${podHash}`, podHash, template: {}, replicas, statusReplicas: replicas, ready: replicas, available: replicas, revision, createdAt: 0,
  ...(deadline ? { scaleDownDeadline: Date.parse(deadline) } : {}),
});
const base: OlderInput = { older: [], replicas: 3, keepFull: new Set(), servedBefore: new Set(), now: T };

describe('olderReplicaSets: scale-down deadlines', () => {
  const table: [string, Partial<OlderInput>, { replicas: number[]; deadlines: (string | null | undefined)[]; nextCheckAt?: number }][] = [
    ['the active one stays full', { older: [rs('a', 1)], keepFull: new Set(['a']) }, { replicas: [3], deadlines: [undefined] }],
    ['the active one at 2 goes back to full', { older: [rs('a', 1, 2)], keepFull: new Set(['a']) }, { replicas: [3], deadlines: [undefined] }],
    ['the active one loses an old deadline', { older: [rs('a', 1, 3, '2026-11-21T09:00:00Z')], keepFull: new Set(['a']) }, { replicas: [3], deadlines: [null] }],
    ['switched away in this plan: kept, deadline now + 30s', { older: [rs('a', 1)], switchedAway: 'a' },
      { replicas: [3], deadlines: ['2026-11-21T10:00:30Z'], nextCheckAt: T + 30_000 }],
    ['switched away with an old deadline: the delay starts again', { older: [rs('a', 1, 3, '2026-11-21T09:00:00Z')], switchedAway: 'a' },
      { replicas: [3], deadlines: ['2026-11-21T10:00:30Z'], nextCheckAt: T + 30_000 }],
    ['scaleDownDelaySeconds 120', { older: [rs('a', 1)], switchedAway: 'a', scaleDownDelaySeconds: 120 },
      { replicas: [3], deadlines: ['2026-11-21T10:02:00Z'], nextCheckAt: T + 120_000 }],
    ['scaleDownDelaySeconds 0: down at once', { older: [rs('a', 1)], switchedAway: 'a', scaleDownDelaySeconds: 0 }, { replicas: [0], deadlines: [undefined] }],
    ['served before, no deadline yet (a restart after the switch)', { older: [rs('a', 1)], servedBefore: new Set(['a']) },
      { replicas: [3], deadlines: ['2026-11-21T10:00:30Z'], nextCheckAt: T + 30_000 }],
    ['deadline ahead', { older: [rs('a', 1, 3, '2026-11-21T10:00:10Z')] }, { replicas: [3], deadlines: [undefined], nextCheckAt: T + 10_000 }],
    ['deadline passed', { older: [rs('a', 1, 3, '2026-11-21T09:59:59Z')] }, { replicas: [0], deadlines: [undefined] }],
    ['never served (an earlier preview)', { older: [rs('b', 2, 1)] }, { replicas: [0], deadlines: [undefined] }],
    ['revision limit 1: the newer stays, the older goes', { older: [rs('b', 2, 3, '2026-11-21T10:00:20Z'), rs('a', 1, 3, '2026-11-21T10:00:10Z')], scaleDownDelayRevisionLimit: 1 },
      { replicas: [3, 0], deadlines: [undefined, undefined], nextCheckAt: T + 20_000 }],
    ['revision limit 0: none kept', { older: [rs('a', 1)], switchedAway: 'a', scaleDownDelayRevisionLimit: 0 }, { replicas: [0], deadlines: [undefined] }],
  ];
  it.each(table)('%s', (_name, change, want) => {
    const result = olderReplicaSets({ ...base, ...change });
    expect(result.decisions.map((d) => d.replicas)).toEqual(want.replicas);
    expect(result.decisions.map((d) => d.deadline)).toEqual(want.deadlines);
    expect(result.nextCheckAt).toBe(want.nextCheckAt);
  });

  it('leaves a ReplicaSet at 0 alone', () => {
    expect(olderReplicaSets({ ...base, older: [rs('a', 1, 0)] }).decisions).toEqual([]);
  });
});
