import { describe, expect, it } from 'vitest';
import { abortedNewReplicas, newReplicaSetReplicas, type AbortedReplicasInput, type NewReplicasInput } from './new-replicas.js';

const T = Date.parse('2026-11-21T10:00:00Z');

describe('newReplicaSetReplicas: preview replica counts', () => {
  const table: [string, NewReplicasInput, number][] = [
    ['no previewReplicaCount: a full-size preview', { replicas: 3, promoting: false }, 3],
    ['previewReplicaCount 1: a small preview', { replicas: 3, previewReplicaCount: 1, promoting: false }, 1],
    ['previewReplicaCount 0: no preview pods', { replicas: 3, previewReplicaCount: 0, promoting: false }, 0],
    ['the gate opened: full size before the switch', { replicas: 3, previewReplicaCount: 1, promoting: true }, 3],
    ['previewReplicaCount equal to replicas', { replicas: 3, previewReplicaCount: 3, promoting: false }, 3],
    ['no previewReplicaCount, promoting', { replicas: 5, promoting: true }, 5],
  ];
  it.each(table)('%s', (_name, input, want) => expect(newReplicaSetReplicas(input)).toBe(want));
});

describe('abortedNewReplicas: the preview after an abort', () => {
  const table: [string, AbortedReplicasInput, { replicas: number; nextCheckAt?: number }][] = [
    ['default delay (30s), 10s after', { current: 3, abortedAt: T, now: T + 10_000 }, { replicas: 3, nextCheckAt: T + 30_000 }],
    ['default delay, exactly 30s after', { current: 3, abortedAt: T, now: T + 30_000 }, { replicas: 0 }],
    ['delay 5s, 6s after', { current: 2, abortedAt: T, delaySeconds: 5, now: T + 6_000 }, { replicas: 0 }],
    ['delay 0 keeps the preview for good', { current: 3, abortedAt: T, delaySeconds: 0, now: T + 3_600_000 }, { replicas: 3 }],
    ['already scaled down', { current: 0, abortedAt: T, now: T + 60_000 }, { replicas: 0 }],
  ];
  it.each(table)('%s', (_name, input, want) => expect(abortedNewReplicas(input)).toEqual(want));
});
