// A plan being built: the pieces the planning helpers add to, threaded through them.

import type { RolloutStatus } from '../../api/types.js';
import type { PlanAction, PlanEvent } from './plan.js';

export interface Draft {
  status: RolloutStatus;
  actions: PlanAction[];
  events: PlanEvent[];
  /** Events Argo records after the reconcile's scales (abort, an initial or rollback completion). */
  lateEvents?: PlanEvent[];
  notes: string[];
  /** Malformed state that was repaired: see Plan.warnings. */
  warnings?: string[];
  nextCheckAt?: number;
  /** Why the update was aborted this time or before (an analysis verdict), for the Progressing message. */
  abortMessage?: string;
  /** Which pause an Inconclusive verdict makes: an analysis run's (default) or an experiment's. */
  inconclusiveReason?: 'InconclusiveExperiment';
}

export function soonest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
