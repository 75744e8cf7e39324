// How many pods the new (preview) ReplicaSet of a blue-green Rollout runs: fewer while it is
// only previewed (`previewReplicaCount`), all of them before the switch, and, after an abort,
// what it has until `abortScaleDownDelaySeconds` has passed.

export interface NewReplicasInput {
  /** `spec.replicas`. */
  readonly replicas: number;
  /** `spec.strategy.blueGreen.previewReplicaCount`; unset means a full-size preview. */
  readonly previewReplicaCount?: number;
  /** The new ReplicaSet serves production, is the stable one, or the gate before the switch has opened. */
  readonly promoting: boolean;
}

/**
 * The size of the new ReplicaSet while the update is not aborted.
 *   replicas 3, no previewReplicaCount           -> 3
 *   replicas 3, previewReplicaCount 1            -> 1   (previewed)
 *   replicas 3, previewReplicaCount 1, promoting -> 3   (scaled to full before the switch)
 */
export function newReplicaSetReplicas(input: NewReplicasInput): number {
  if (input.promoting || input.previewReplicaCount === undefined) return input.replicas;
  return input.previewReplicaCount;
}

/** Argo's default for `abortScaleDownDelaySeconds`. */
export const DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS = 30;

export interface AbortedReplicasInput {
  /** The new ReplicaSet's `spec.replicas` now. */
  readonly current: number;
  /** `status.abortedAt` in ms. */
  readonly abortedAt: number;
  /** `abortScaleDownDelaySeconds`: 0 keeps the preview running until the next update or a retry. */
  readonly delaySeconds?: number;
  readonly now: number;
}

/**
 * The size of the new ReplicaSet after an abort: unchanged until the delay has passed, then 0.
 *   current 3, delay 30, 10s after the abort -> 3, look again at 30s
 *   current 3, delay 30, 30s after the abort -> 0
 *   current 3, delay 0, an hour after        -> 3   (the preview stays)
 */
export function abortedNewReplicas(input: AbortedReplicasInput): { replicas: number; nextCheckAt?: number } {
  const delay = input.delaySeconds ?? DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS;
  if (delay === 0) return { replicas: input.current };
  const at = input.abortedAt + delay * 1000;
  return input.now >= at ? { replicas: 0 } : { replicas: input.current, nextCheckAt: at };
}
