// A Rollout's status is the controller's memory, but anyone with `patch rollouts/status` can
// write it. The API server checks its types against the CRD schema; a status that reaches the
// planner some other way (an older CRD, a test, a copy) is checked here too. A top-level field
// with the wrong shape is dropped, so it is treated exactly as if it were absent (as Argo
// Rollouts treats a missing field), and the plan says which fields were dropped.

import { schemaProblems } from '../../api/schema-validate.js';
import { RolloutStatus as RolloutStatusSchema } from '../../api/schema/rollout.js';
import type { RolloutStatus } from '../../api/types.js';

export interface SanitizedStatus {
  readonly status: RolloutStatus;
  /** `status.<field>` for every field dropped, with what was wrong. */
  readonly dropped: readonly string[];
}

export function sanitizeStatus(status: unknown): SanitizedStatus {
  if (status === undefined || status === null) return { status: {}, dropped: [] };
  if (typeof status !== 'object' || Array.isArray(status)) return { status: {}, dropped: ['status: must be an object'] };
  const problems = schemaProblems(RolloutStatusSchema as unknown as Record<string, unknown>, status, 'status');
  if (problems.length === 0) return { status: status as RolloutStatus, dropped: [] };
  const bad = new Map<string, string>();
  for (const p of problems) {
    const field = p.path.split(/[.[]/)[1];
    if (field && !bad.has(field)) bad.set(field, `${p.path}: ${p.message}`);
  }
  const clean = Object.fromEntries(Object.entries(status).filter(([k]) => !bad.has(k)));
  return { status: clean as RolloutStatus, dropped: [...bad.values()] };
}
