// What the engine sees of one Rollout: an immutable snapshot of the Rollout and everything it
// owns or points at, observed by the controller. Plain data, so tests build it by hand.

import type { LabelSelector, PodTemplateMetadata, Rollout } from '../../api/types.js';
import type { ObservedExperiment } from './experiment-step.js';
import type { AnyTemplate, ObservedAnalysisRun } from './rollout-analysis.js';

/** One ReplicaSet the Rollout controls, reduced to what the rules need. */
export interface ObservedReplicaSet {
  readonly name: string;
  /** The `rollouts-pod-template-hash` label ('' when the ReplicaSet has none). */
  readonly podHash: string;
  /** `spec.template`, compared with the Rollout's template (never by hash alone). */
  readonly template: unknown;
  /** `spec.replicas`. */
  readonly replicas: number;
  /** `status.replicas`, `status.readyReplicas`, `status.availableReplicas`. */
  readonly statusReplicas: number;
  readonly ready: number;
  readonly available: number;
  /** The `rollout.argoproj.io/revision` annotation; 0 when missing. */
  readonly revision: number;
  /** `metadata.creationTimestamp` in ms. */
  readonly createdAt: number;
  /** `metadata.deletionTimestamp` is set. */
  readonly deleting?: boolean;
  /** The `scale-down-deadline` annotation in ms, when set and a valid RFC 3339 time. */
  readonly scaleDownDeadline?: number;
  /**
   * The role metadata put on its pod template, from the `rollout.argoproj.io/ephemeral-metadata`
   * annotation (absent when missing or not valid JSON, as Argo reads it).
   */
  readonly ephemeralMetadata?: PodTemplateMetadata;
}

/** A Service the Rollout names; its `spec.selector`. */
export interface ObservedService {
  readonly name: string;
  readonly selector: Readonly<Record<string, string>>;
}

/** A pod of one of the Rollout's ReplicaSets (for restarts). */
export interface ObservedPod {
  readonly name: string;
  readonly podHash: string;
  readonly createdAt: number;
  readonly ready: boolean;
  readonly deleting?: boolean;
  /** `metadata.labels` and `metadata.annotations` (for the role metadata). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The workload `spec.workloadRef` names (a Deployment), reduced to what the rules need. */
export interface ObservedWorkload {
  readonly kind: 'Deployment';
  readonly name: string;
  /** `metadata.generation`: written to the Rollout as the generation it has seen. */
  readonly generation: number;
  /** `spec.template`: the Rollout's pod template. */
  readonly template: unknown;
  /** `spec.selector`: the Rollout's selector when it has none of its own. */
  readonly selector?: LabelSelector;
  /** `spec.replicas` (1 when unset, as the API server defaults it). */
  readonly replicas: number;
  /** `status.availableReplicas`. */
  readonly available: number;
}

export interface RolloutSnapshot {
  readonly rollout: Rollout;
  readonly replicaSets: readonly ObservedReplicaSet[];
  /** Every Service the spec names, by name; `null` when it does not exist. */
  readonly services: Readonly<Record<string, ObservedService | null>>;
  readonly pods?: readonly ObservedPod[];
  /** AnalysisRuns the Rollout owns. */
  readonly analysisRuns?: readonly ObservedAnalysisRun[];
  /** Experiments the Rollout owns (its experiment steps). */
  readonly experiments?: readonly ObservedExperiment[];
  /** Templates the Rollout names, by `templateKey`; `null` when missing. */
  readonly templates?: Readonly<Record<string, AnyTemplate | null>>;
  /** The workload `spec.workloadRef` names; `null` when it does not exist; absent without a workloadRef. */
  readonly workload?: ObservedWorkload | null;
  /** The time of planning, ms since the epoch. */
  readonly now: number;
}
