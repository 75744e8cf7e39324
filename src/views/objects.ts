// The shapes the view model reads: the Rollout and AnalysisRun API types, and as much of the
// core objects (ReplicaSet, Pod, Job) as a tree needs. Structural, so client-node's typed objects
// and raw JSON (timestamps as strings) both fit, and the dashboard can pass its own.

import { POD_TEMPLATE_HASH_LABEL as POD_HASH_LABEL, REVISION_ANNOTATION } from '../api/labels.js';
import type { AnalysisRun, Experiment, Rollout } from '../api/types.js';
import type { RoutedWeightsView } from './traffic-weights.js';

export type Timestamp = string | Date;

export interface OwnerRefLike {
  readonly uid?: string;
  readonly kind?: string;
  readonly controller?: boolean;
}

export interface MetaLike {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly creationTimestamp?: Timestamp;
  readonly deletionTimestamp?: Timestamp;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerRefLike[];
}

export interface ContainerLike {
  readonly name?: string;
  readonly image?: string;
}

export interface ReplicaSetLike {
  readonly metadata?: MetaLike;
  readonly spec?: { readonly replicas?: number; readonly template?: { readonly spec?: { readonly containers?: readonly ContainerLike[] } } };
  readonly status?: { readonly replicas?: number; readonly readyReplicas?: number; readonly availableReplicas?: number };
}

export interface ContainerStatusLike {
  readonly ready?: boolean;
  readonly restartCount?: number;
  readonly state?: {
    readonly waiting?: { readonly reason?: string };
    readonly terminated?: { readonly reason?: string; readonly exitCode?: number };
  };
}

export interface PodLike {
  readonly metadata?: MetaLike;
  readonly spec?: { readonly containers?: readonly ContainerLike[] };
  readonly status?: { readonly phase?: string; readonly reason?: string; readonly containerStatuses?: readonly ContainerStatusLike[] };
}

export interface JobLike {
  readonly metadata?: MetaLike;
  readonly status?: {
    readonly active?: number;
    readonly succeeded?: number;
    readonly failed?: number;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string }[];
  };
}

/** The Deployment a Rollout's `spec.workloadRef` names: its size is what the tree shows. */
export interface DeploymentLike {
  readonly metadata?: MetaLike;
  readonly spec?: { readonly replicas?: number };
  readonly status?: { readonly replicas?: number; readonly readyReplicas?: number; readonly availableReplicas?: number };
}

/** Everything the tree of one Rollout shows; `now` in ms since the epoch. */
export interface RolloutViewInput {
  readonly rollout: Rollout;
  /** The Deployment `spec.workloadRef` names, when it exists and may be read. */
  readonly workload?: DeploymentLike;
  readonly replicaSets: readonly ReplicaSetLike[];
  readonly pods: readonly PodLike[];
  readonly analysisRuns: readonly AnalysisRun[];
  readonly jobs: readonly JobLike[];
  /** With traffic routing: what the router's documents route now, when they could be read. */
  readonly routed?: RoutedWeightsView;
  /** The Experiments in the Rollout's namespace (those it owns are drawn under their revision). */
  readonly experiments?: readonly Experiment[];
  /** The Experiments' ReplicaSets: the Rollout's selector does not select them. */
  readonly experimentReplicaSets?: readonly ReplicaSetLike[];
  readonly now: number;
}

export { POD_HASH_LABEL, REVISION_ANNOTATION };

/** The revision annotation as a number, 0 when absent. */
export function revisionOf(obj: { readonly metadata?: MetaLike }): number {
  return Number.parseInt(obj.metadata?.annotations?.[REVISION_ANNOTATION] ?? '', 10) || 0;
}

/** True when `child` names `owner` (by uid) among its owner references. */
export function ownedBy(child: { readonly metadata?: MetaLike }, owner: { readonly metadata?: MetaLike }): boolean {
  const uid = owner.metadata?.uid;
  return uid !== undefined && (child.metadata?.ownerReferences ?? []).some((o) => o.uid === uid);
}
