// What the engine sees of one Experiment: the Experiment and what it owns or names, observed by
// the controller from its caches. Plain data, so tests build it by hand.

import type { Experiment } from '../../api/types.js';
import type { AnyTemplate } from '../rollout/rollout-analysis.js';

/** A ReplicaSet the Experiment controls, found by its template-name annotation. */
export interface ObservedTemplateReplicaSet {
  readonly name: string;
  /** The `rollouts-pod-template-hash` label. */
  readonly podHash: string;
  /** `spec.replicas`. */
  readonly replicas: number;
  /** `status.replicas`, `status.readyReplicas`, `status.availableReplicas`. */
  readonly statusReplicas: number;
  readonly ready: number;
  readonly available: number;
  /** The `scale-down-deadline` annotation, ms since the epoch, when set and readable. */
  readonly scaleDownDeadline?: number;
}

/** An AnalysisRun the Experiment controls. */
export interface ObservedExperimentRun {
  readonly name: string;
  readonly phase: string;
  readonly message?: string;
  readonly terminating: boolean;
}

export interface ExperimentSnapshot {
  readonly experiment: Experiment;
  /** Our ReplicaSets by template name. */
  readonly replicaSets: Readonly<Record<string, ObservedTemplateReplicaSet>>;
  /** Our Services by template name: the Service's name. */
  readonly services: Readonly<Record<string, string>>;
  /** Our AnalysisRuns by run name. */
  readonly analysisRuns: Readonly<Record<string, ObservedExperimentRun>>;
  /** Names in the namespace held by objects that are not ours (a name collision). */
  readonly foreignNames: {
    readonly replicaSets: ReadonlySet<string>;
    readonly services: ReadonlySet<string>;
    readonly analysisRuns: ReadonlySet<string>;
  };
  /** Every Service name in the namespace (to say which host an analysis cannot reach). */
  readonly serviceNames: ReadonlySet<string>;
  /** Templates the analyses name, by `templateKey`; `null` when missing. */
  readonly templates: Readonly<Record<string, AnyTemplate | null>>;
  /** The time of planning, ms since the epoch. */
  readonly now: number;
}
