// The blue-green pause before the switch: with `autoPromotionEnabled: false` the Rollout pauses
// (BlueGreenPause) once the preview is ready, until a person promotes or `autoPromotionSeconds`
// have passed.

import type { PauseCondition } from '../../../api/types.js';
import { formatTimestamp, parseTimestamp } from '../../../api/timestamp.js';
import type { PlanEvent } from '../plan.js';

export interface PauseInput {
  /** Default true: no pause. */
  readonly autoPromotionEnabled?: boolean;
  readonly autoPromotionSeconds?: number;
  readonly pauseConditions: readonly PauseCondition[];
  /** `status.controllerPause`: we paused here; with our condition gone, the pause is over. */
  readonly controllerPause: boolean;
  /** The preview is fully available: the moment to pause. */
  readonly ready: boolean;
  readonly now: number;
}

export interface PauseResult {
  /** The pause is over (or there is none): the switch may happen. */
  readonly done: boolean;
  readonly pauseConditions: readonly PauseCondition[];
  readonly controllerPause: boolean;
  readonly events: readonly PlanEvent[];
  readonly notes: readonly string[];
  readonly nextCheckAt?: number;
}

const REASON = 'BlueGreenPause';

/**
 * Worked examples (autoPromotionEnabled false):
 *   preview not ready, no condition              -> not done, nothing changes
 *   preview ready, no condition                  -> condition added, controllerPause, not done
 *   condition there, autoPromotionSeconds 60, 30s later -> not done, look again at 60s
 *   condition there, autoPromotionSeconds 60, 60s later -> condition removed, done
 *   condition removed by a promote (controllerPause stays) -> done
 */
export function blueGreenPause(input: PauseInput): PauseResult {
  const unchanged = { pauseConditions: input.pauseConditions, controllerPause: input.controllerPause, events: [], notes: [] };
  if (input.autoPromotionEnabled !== false) return { ...unchanged, done: true };
  const condition = input.pauseConditions.find((c) => c.reason === REASON);
  const seconds = input.autoPromotionSeconds;
  if (!condition) {
    if (input.controllerPause) return { ...unchanged, done: true };
    if (!input.ready) return { ...unchanged, done: false, notes: ['waiting for the preview to be fully available before pausing'] };
    return {
      done: false,
      pauseConditions: [...input.pauseConditions, { reason: REASON, startTime: formatTimestamp(input.now) }],
      controllerPause: true,
      events: [{ type: 'Normal', reason: 'RolloutPaused', message: `Rollout is paused (${REASON})` }],
      notes: [seconds === undefined ? 'paused before the switch until promoted' : `paused before the switch for ${seconds}s (autoPromotionSeconds)`],
      ...(seconds !== undefined ? { nextCheckAt: input.now + seconds * 1000 } : {}),
    };
  }
  if (seconds === undefined) return { ...unchanged, done: false, notes: ['paused before the switch until promoted'] };
  const at = (parseTimestamp(condition.startTime) ?? input.now) + seconds * 1000;
  if (input.now < at) return { ...unchanged, done: false, nextCheckAt: at, notes: [`paused before the switch until ${formatTimestamp(at)} (autoPromotionSeconds)`] };
  return {
    done: true,
    pauseConditions: input.pauseConditions.filter((c) => c !== condition),
    controllerPause: true,
    events: [{ type: 'Normal', reason: 'RolloutResumed', message: 'Rollout is resumed' }],
    notes: [`autoPromotionSeconds (${seconds}) have passed: promoting`],
  };
}
