// The plan for a Rollout that cannot be acted on, whatever its strategy: say why (every problem,
// each with its field path), change nothing else, and look again later.

import { formatProblem, problemKind, type Problem } from '../../api/problem.js';
import { findCondition, setCondition } from './conditions.js';
import type { Plan } from './plan.js';
import type { RolloutSnapshot } from './snapshot.js';

/** An invalid or unsupported spec is looked at again after this long even if nothing changes (a safety net). */
export const INVALID_SPEC_RECHECK_MS = 5 * 60_000;
/** A missing reference (a Service not created yet) is looked at again sooner. */
export const MISSING_REFERENCE_RECHECK_MS = 10_000;

/**
 * Holds the Rollout with an InvalidSpec condition listing every problem. The recheck is soon
 * when one of them is a missing reference, which fixes itself once the object is created.
 */
export function invalidSpecPlan(snap: RolloutSnapshot, problems: readonly Problem[]): Plan {
  const previous = snap.rollout.status ?? {};
  const message = problems.map(formatProblem).join('; ');
  const conditions = setCondition(previous.conditions ?? [], { type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', message }, snap.now);
  const changed = findCondition(previous.conditions, 'InvalidSpec')?.message !== message;
  const generation = snap.rollout.metadata?.generation;
  const missingReference = problems.some((p) => problemKind(p) === 'missing-reference');
  return {
    actions: [],
    events: changed ? [{ type: 'Warning', reason: 'InvalidSpec', message }] : [],
    notes: [`invalid spec, nothing is changed until it is fixed: ${message}`],
    status: {
      ...previous, conditions, phase: 'Degraded', message: `InvalidSpec: ${message}`,
      ...(generation !== undefined ? { observedGeneration: String(generation) } : {}),
    },
    nextCheckAt: snap.now + (missingReference ? MISSING_REFERENCE_RECHECK_MS : INVALID_SPEC_RECHECK_MS),
  };
}
