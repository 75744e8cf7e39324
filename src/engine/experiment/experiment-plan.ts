// What the engine decides for one Experiment: ordered actions, each with a short reason, the new
// status (written once, last), the events to record, and when to look again.

import type { AnalysisRun, ExperimentStatus } from '../../api/types.js';

/** A ReplicaSet, Service or AnalysisRun to create, without namespace and owner (the shell adds them). */
export type Manifest = Readonly<Record<string, unknown>>;

export type ExperimentAction =
  | { readonly kind: 'createReplicaSet'; readonly name: string; readonly template: string; readonly replicaSet: Manifest; readonly reason: string }
  | { readonly kind: 'createService'; readonly name: string; readonly template: string; readonly service: Manifest; readonly reason: string }
  | { readonly kind: 'createAnalysisRun'; readonly name: string; readonly run: AnalysisRun; readonly reason: string }
  | { readonly kind: 'scaleReplicaSet'; readonly name: string; readonly from: number; readonly to: number; readonly reason: string }
  /** `at` null: the deadline is removed (a retried experiment scales up again). */
  | { readonly kind: 'setScaleDownDeadline'; readonly name: string; readonly at: string | null; readonly reason: string }
  | { readonly kind: 'terminateAnalysisRun'; readonly name: string; readonly reason: string }
  | { readonly kind: 'deleteService'; readonly name: string; readonly reason: string };

export type ExperimentActionKind = ExperimentAction['kind'];

export interface ExperimentEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export interface ExperimentPlan {
  readonly actions: readonly ExperimentAction[];
  readonly status: ExperimentStatus;
  readonly events: readonly ExperimentEvent[];
  /** When to plan again even if nothing changes (the duration ends, a deadline passes). */
  readonly nextCheckAt?: number;
  readonly notes: readonly string[];
}

/**
 * The order of writes: pods first, then the Services in front of them, then the runs that probe
 * them; at the end, traffic leaves (Services deleted) before the pods go (scale-downs).
 */
const ORDER: Record<ExperimentActionKind, number> = {
  createReplicaSet: 0, createService: 1, createAnalysisRun: 2, terminateAnalysisRun: 3,
  deleteService: 4, setScaleDownDeadline: 5, scaleReplicaSet: 6,
};

export function orderExperimentActions(actions: readonly ExperimentAction[]): ExperimentAction[] {
  return [...actions].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
}
