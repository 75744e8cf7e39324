// What the engine decides for one Rollout: ordered actions, each with a short reason, the new
// status (written once, last), the events to record, and when to look again.

import type { AnalysisRun, Experiment, RolloutStatus, TrafficWeights } from '../../api/types.js';
import type { PlannedRoutes } from './managed-routes.js';
import type { MapPatch } from './pod-metadata.js';

export type PlanAction =
  | { readonly kind: 'createReplicaSet'; readonly name: string; readonly podHash: string; readonly template: unknown;
      readonly replicas: number; readonly revision: number; readonly minReadySeconds?: number;
      /** Annotations of the ReplicaSet itself beyond the revision (the role metadata record). */
      readonly annotations?: Readonly<Record<string, string>>; readonly reason: string }
  /**
   * A ReplicaSet's role metadata: patches of its pod template's labels and annotations, and the
   * `ephemeral-metadata` record of what was put there (null removes it). Pods are not restarted.
   */
  | { readonly kind: 'setPodTemplateMetadata'; readonly name: string; readonly labels: MapPatch; readonly annotations: MapPatch;
      readonly record: string | null; readonly reason: string }
  /** A pod's role metadata, changed in place. */
  | { readonly kind: 'setPodMetadata'; readonly name: string; readonly labels: MapPatch; readonly annotations: MapPatch; readonly reason: string }
  /** A ReplicaSet's pod template `spec.affinity` (the injected anti-affinity rule); null removes it. Pods are not restarted. */
  | { readonly kind: 'setPodTemplateAffinity'; readonly name: string; readonly affinity: unknown; readonly reason: string }
  | { readonly kind: 'scaleReplicaSet'; readonly name: string; readonly from: number; readonly to: number; readonly reason: string }
  | { readonly kind: 'setRevision'; readonly name: string; readonly revision: number; readonly reason: string }
  | { readonly kind: 'setServiceSelector'; readonly service: string; readonly podHash: string; readonly reason: string }
  /** Sets (an RFC 3339 time) or removes (null) a ReplicaSet's scale-down deadline annotation. */
  | { readonly kind: 'setScaleDownDeadline'; readonly name: string; readonly deadline: string | null; readonly reason: string }
  | { readonly kind: 'deleteReplicaSet'; readonly name: string; readonly reason: string }
  | { readonly kind: 'evictPod'; readonly name: string; readonly reason: string }
  | { readonly kind: 'createAnalysisRun'; readonly name: string; readonly run: AnalysisRun; readonly reason: string }
  | { readonly kind: 'terminateAnalysisRun'; readonly name: string; readonly reason: string }
  | { readonly kind: 'deleteAnalysisRun'; readonly name: string; readonly reason: string }
  /** The Deployment `spec.workloadRef` names: only its `spec.replicas`, never its template. */
  | { readonly kind: 'scaleDeployment'; readonly name: string; readonly from: number; readonly to: number; readonly reason: string }
  /** The Rollout's `rollout.argoproj.io/workload-generation` annotation; removed when undefined. */
  | { readonly kind: 'setWorkloadGeneration'; readonly generation?: string; readonly reason: string }
  | { readonly kind: 'createExperiment'; readonly name: string; readonly experiment: Experiment; readonly reason: string }
  | { readonly kind: 'terminateExperiment'; readonly name: string; readonly reason: string }
  /** Route these weights (and, with `managedRoutes`, exactly these header and mirror routes) through every router the Rollout names (out of `maxWeight`). */
  | { readonly kind: 'setTrafficWeights'; readonly weights: TrafficWeights; readonly maxWeight: number; readonly routes?: PlannedRoutes; readonly reason: string };

export type ActionKind = PlanAction['kind'];

export type EventReason =
  | 'RolloutUpdated' | 'RolloutStepCompleted' | 'RolloutPaused' | 'RolloutResumed' | 'RolloutAborted'
  | 'RolloutCompleted' | 'ScalingReplicaSet' | 'NewReplicaSetCreated' | 'InvalidSpec' | 'RolloutRetry'
  | 'ProgressDeadlineExceeded' | 'RolloutRestarted' | 'RolloutNotCompleted' | 'AnalysisRunRunning' | 'AnalysisRunTerminated'
  | 'AnalysisRunSuccessful' | 'AnalysisRunFailed' | 'AnalysisRunError' | 'AnalysisRunInconclusive' | 'ReplicaSetCreateError' | 'TrafficWeightUpdated' | 'SwitchService';

export interface PlanEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: EventReason;
  readonly message: string;
}

export interface Plan {
  readonly actions: readonly PlanAction[];
  readonly status: RolloutStatus;
  readonly events: readonly PlanEvent[];
  /** When to plan again even if nothing changes (a timed pause ends, a deadline passes). */
  readonly nextCheckAt?: number;
  /** Why the plan is what it is, for logs: "waiting for 2/3 canary pods to be available". */
  readonly notes: readonly string[];
  /** What someone should look at: state that was malformed and was repaired. Logged as warnings. */
  readonly warnings?: readonly string[];
}

/**
 * The order that keeps traffic safe: new pods before selectors, selectors before weights (a
 * Service selects the canary's pods before traffic is sent through it), weights before
 * scale-downs (traffic leaves a version before its pods go).
 */
const ORDER: Record<ActionKind, number> = {
  // A deadline is written before the selector moves away, so a crash in between never loses the delay.
  createReplicaSet: 0, setRevision: 1, scaleReplicaSet: 2, setScaleDownDeadline: 2.5, setServiceSelector: 3, setTrafficWeights: 3.2,
  evictPod: 4, deleteReplicaSet: 5, createAnalysisRun: 1.5, terminateAnalysisRun: 1.6, deleteAnalysisRun: 6,
  // The Deployment loses pods only after the Rollout's own writes; the annotation goes first, so
  // a status patch conditional on the Rollout's resourceVersion can follow it.
  scaleDeployment: 3.6, setWorkloadGeneration: -1,
  // An experiment stops only after the weights have taken traffic away from its Services.
  createExperiment: 1.5, terminateExperiment: 3.3,
  // A template before its ReplicaSet scales up, so new pods start with it; pods after the selectors move.
  setPodTemplateMetadata: 0.5, setPodTemplateAffinity: 0.5, setPodMetadata: 3.1,
};

/** Sorts actions into the safe order: creates, scale-ups, selectors, weights, scale-downs, evictions, deletes. */
export function orderActions(actions: readonly PlanAction[]): PlanAction[] {
  const rank = (a: PlanAction): number => {
    if (a.kind === 'scaleReplicaSet') return a.to > a.from ? 2 : 3.5;
    return ORDER[a.kind];
  };
  return [...actions].sort((a, b) => rank(a) - rank(b));
}
