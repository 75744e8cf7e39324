import { describe, expect, it } from 'vitest';
import type { PauseCondition } from '../../../api/types.js';
import { blueGreenPause, type PauseInput } from './pause.js';

const T = Date.parse('2026-11-21T10:00:00Z');
const paused: PauseCondition = { reason: 'BlueGreenPause', startTime: '2026-11-21T10:00:00Z' };
const base: PauseInput = { autoPromotionEnabled: false, pauseConditions: [], controllerPause: false, ready: true, now: T };

describe('blueGreenPause: pause and auto-promotion timing', () => {
  const table: [string, Partial<PauseInput>, { done: boolean; paused: boolean; nextCheckAt?: number }][] = [
    ['autoPromotionEnabled (default): no pause', { autoPromotionEnabled: undefined }, { done: true, paused: false }],
    ['preview not ready: no pause yet', { ready: false }, { done: false, paused: false }],
    ['preview ready: pauses until promoted', {}, { done: false, paused: true }],
    ['preview ready, autoPromotionSeconds 60: pauses, looks again in 60s', { autoPromotionSeconds: 60 }, { done: false, paused: true, nextCheckAt: T + 60_000 }],
    ['paused 30s of 60', { autoPromotionSeconds: 60, pauseConditions: [paused], controllerPause: true, now: T + 30_000 }, { done: false, paused: true, nextCheckAt: T + 60_000 }],
    ['paused 60s of 60: promoted', { autoPromotionSeconds: 60, pauseConditions: [paused], controllerPause: true, now: T + 60_000 }, { done: true, paused: false }],
    ['autoPromotionSeconds 0: promoted as soon as paused', { autoPromotionSeconds: 0, pauseConditions: [paused], controllerPause: true }, { done: true, paused: false }],
    ['paused, no autoPromotionSeconds, an hour on', { pauseConditions: [paused], controllerPause: true, now: T + 3_600_000 }, { done: false, paused: true }],
    ['condition removed by a promote', { controllerPause: true }, { done: true, paused: false }],
  ];
  it.each(table)('%s', (_name, change, want) => {
    const result = blueGreenPause({ ...base, ...change });
    expect(result.done).toBe(want.done);
    expect(result.pauseConditions.some((c) => c.reason === 'BlueGreenPause')).toBe(want.paused);
    expect(result.nextCheckAt).toBe(want.nextCheckAt);
  });

  it('keeps the start time of the pause it entered', () => {
    expect(blueGreenPause(base).pauseConditions).toEqual([{ reason: 'BlueGreenPause', startTime: '2026-11-21T10:00:00Z' }]);
  });
});
