// The blue-green planner: the slot `planRollout` dispatches `spec.strategy.blueGreen` to. Until
// it is written, blue-green is `false` in api/supported.ts, so `planRollout` holds such a
// Rollout before it gets here; this answer is the same hold, in case it is reached anyway.

import { unsupportedProblem } from '../../../api/supported.js';
import { invalidSpecPlan } from '../invalid-spec-plan.js';
import type { Plan } from '../plan.js';
import type { RolloutSnapshot } from '../snapshot.js';

/** Plans one reconcile of a blue-green Rollout whose spec is valid and supported. */
export function planBlueGreen(snap: RolloutSnapshot): Plan {
  return invalidSpecPlan(snap, [unsupportedProblem('spec.strategy.blueGreen')]);
}
