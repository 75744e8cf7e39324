// The Rollout engine's entry point: from a snapshot and the time, what should change, whatever
// the strategy. Pure: no I/O, no clock, no randomness. The reconciler applies the actions in
// order, then writes the status; it never learns which planner answered.

import type { Rollout } from '../../api/types.js';
import { withAntiAffinity } from './anti-affinity.js';
import { planBlueGreen } from './bluegreen/plan-bluegreen.js';
import { invalidSpecPlan } from './invalid-spec-plan.js';
import { planCanary } from './plan-canary.js';
import type { Plan } from './plan.js';
import { withRoleMetadata } from './role-metadata.js';
import { sanitizeStatus } from './sanitize-status.js';
import type { RolloutSnapshot } from './snapshot.js';
import { specProblems } from './spec-problems.js';
import { resolveWorkload, withWorkload, workloadProblems } from './workload-ref.js';

export { INVALID_SPEC_RECHECK_MS, MISSING_REFERENCE_RECHECK_MS } from './invalid-spec-plan.js';

/** The strategies, by their field name under `spec.strategy`. */
export type RolloutStrategy = 'canary' | 'blueGreen';

/**
 * One strategy's planner. It is only given a snapshot whose spec has no problem (valid,
 * supported, every reference found) and whose status is well-formed.
 */
export type StrategyPlanner = (snap: RolloutSnapshot) => Plan;

export const STRATEGY_PLANNERS = {
  canary: planCanary,
  blueGreen: planBlueGreen,
} as const satisfies Record<RolloutStrategy, StrategyPlanner>;

/** The strategy a Rollout uses: blue-green when it says so, canary otherwise (Argo's default). */
export function rolloutStrategy(rollout: Rollout): RolloutStrategy {
  return rollout.spec?.strategy?.blueGreen ? 'blueGreen' : 'canary';
}

/**
 * Plans one reconcile of a Rollout. A malformed status field is dropped (and warned about); a
 * spec with problems is held with InvalidSpec; otherwise the strategy's planner decides.
 * Planning again from the state the plan produces changes nothing.
 */
export function planRollout(snap: RolloutSnapshot, planners: Readonly<Record<RolloutStrategy, StrategyPlanner>> = STRATEGY_PLANNERS): Plan {
  const { status, dropped } = sanitizeStatus(snap.rollout.status);
  const clean = dropped.length === 0 ? snap : { ...snap, rollout: { ...snap.rollout, status } };
  const plan = planValid(clean, planners);
  if (dropped.length === 0) return plan;
  return { ...plan, warnings: [`malformed status fields ignored and rebuilt: ${dropped.join('; ')}`, ...(plan.warnings ?? [])] };
}

function planValid(snap: RolloutSnapshot, planners: Readonly<Record<RolloutStrategy, StrategyPlanner>>): Plan {
  const problems = [...specProblems(snap.rollout, snap.services, snap.templates ?? {}), ...workloadProblems(snap.rollout, snap.workload)];
  if (problems.length > 0) return invalidSpecPlan(snap, problems);
  // A workloadRef is resolved here, so the planners see a Rollout with a template like any other.
  const rollout = resolveWorkload(snap.rollout, snap.workload);
  const resolved = rollout === snap.rollout ? snap : { ...snap, rollout };
  // What a strategy's plan does to pod templates and pods is the same for every strategy.
  const plan = withRoleMetadata(resolved, withAntiAffinity(resolved, planners[rolloutStrategy(rollout)](resolved)));
  return withWorkload(snap, plan);
}
