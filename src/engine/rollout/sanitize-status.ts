// A Rollout's status is the controller's memory, but anyone with `patch rollouts/status` can
// write it. The API server checks its types against the CRD schema; a status that reaches the
// planner some other way (an older CRD, a test, a copy) is checked here too. A top-level field
// with the wrong shape is dropped, so it is treated exactly as if it were absent (as Argo
// Rollouts treats a missing field), and the plan says which fields were dropped.

import { withoutMalformedFields } from '../../api/schema-validate.js';
import { RolloutStatus as RolloutStatusSchema } from '../../api/schema/rollout.js';
import type { RolloutStatus } from '../../api/types.js';

export interface SanitizedStatus {
  readonly status: RolloutStatus;
  /** `status.<field>...: what was wrong`, for every field dropped. */
  readonly dropped: readonly string[];
}

export function sanitizeStatus(status: unknown): SanitizedStatus {
  const { value, dropped } = withoutMalformedFields(RolloutStatusSchema as unknown as Record<string, unknown>, status, 'status');
  return { status: value as RolloutStatus, dropped };
}
