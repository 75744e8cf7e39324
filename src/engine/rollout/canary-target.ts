// What the canary is aiming for right now: a traffic weight, or an explicit pod count from
// `setCanaryScale` (Argo's GetCanaryReplicasOrWeight, GetCurrentSetWeight, UseSetCanaryScale).

import { DEFAULT_MAX_WEIGHT } from './canary-rounding.js';

/** The parts of a canary step that decide the target; API step objects fit this shape. */
export interface CanaryStepLike {
  readonly setWeight?: number;
  readonly setCanaryScale?: {
    readonly weight?: number;
    readonly replicas?: number;
    readonly matchTrafficWeight?: boolean;
  };
}

export interface CanaryTargetInput {
  /** `spec.strategy.canary.steps`. */
  readonly steps?: readonly CanaryStepLike[];
  /** `status.currentStepIndex`; unset means 0. At or past the end: the rollout has done its steps. */
  readonly currentStepIndex?: number;
  /** `status.promoteFull`. */
  readonly promoteFull?: boolean;
  /** `status.abort`. */
  readonly aborted?: boolean;
  /** `status.stableRS`: the stable pod-template hash; empty or unset when there is no stable yet. */
  readonly stableRS?: string;
  /** `status.currentPodHash`: the desired pod-template hash. */
  readonly currentPodHash?: string;
  /** Whether `spec.strategy.canary.trafficRouting` is set (setCanaryScale needs it). */
  readonly trafficRouted?: boolean;
  /** `canary.abortScaleDownDelaySeconds`; only an explicit 0 keeps setCanaryScale after an abort. */
  readonly abortScaleDownDelaySeconds?: number;
  /** `trafficRouting.maxTrafficWeight`, default 100. */
  readonly maxWeight?: number;
}

/** The canary's target: a weight, or (from `setCanaryScale.replicas`) a pod count with weight 0. */
export interface CanaryTarget {
  readonly weight: number;
  readonly replicas?: number;
}

/**
 * The `setWeight` in effect: the nearest one at or before the current step; 0 if no step so far
 * sets one; 0 when aborted; the full weight once past the last step or with no steps.
 *
 *   steps [setWeight 10, pause], step 1 -> 10      step 2 -> 100      aborted -> 0
 */
export function currentSetWeight(input: CanaryTargetInput): number {
  if (input.aborted === true) return 0;
  const steps = input.steps ?? [];
  const index = input.currentStepIndex ?? 0;
  if (index >= steps.length) return input.maxWeight ?? DEFAULT_MAX_WEIGHT;
  for (let i = index; i >= 0; i--) {
    const weight = steps[i]?.setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

/**
 * The `setCanaryScale` in effect, if any: the nearest one at or before the current step, with
 * traffic routing only, not after an abort (unless `abortScaleDownDelaySeconds` is exactly 0,
 * which asks to leave the canary up), and none once a `matchTrafficWeight: true` resets it.
 */
export function canaryScaleInEffect(input: CanaryTargetInput): CanaryStepLike['setCanaryScale'] {
  if (input.trafficRouted !== true) return undefined;
  if (input.aborted === true && input.abortScaleDownDelaySeconds !== 0) return undefined;
  const steps = input.steps ?? [];
  const index = input.currentStepIndex ?? 0;
  if (index >= steps.length) return undefined;
  for (let i = index; i >= 0; i--) {
    const scale = steps[i]?.setCanaryScale;
    if (scale === undefined) continue;
    return scale.matchTrafficWeight === true ? undefined : scale;
  }
  return undefined;
}

/**
 * The canary's target now: the full weight when fully promoting, when there is no stable yet,
 * or when the desired template is the stable one; else `setCanaryScale` replicas or weight in
 * effect; else the current `setWeight`.
 *
 *   promoteFull                                   -> weight 100
 *   [setWeight 10, setCanaryScale weight 20], at 1 -> weight 20 (with traffic routing)
 *   [setWeight 10, setCanaryScale replicas 5], at 1 -> replicas 5, weight 0
 *   [setWeight 10], at 0, aborted                 -> weight 0
 */
export function canaryTarget(input: CanaryTargetInput): CanaryTarget {
  const stableRS = input.stableRS ?? '';
  if (input.promoteFull === true || stableRS === '' || input.currentPodHash === stableRS) {
    return { weight: input.maxWeight ?? DEFAULT_MAX_WEIGHT };
  }
  const scale = canaryScaleInEffect(input);
  if (scale?.replicas !== undefined) return { weight: 0, replicas: scale.replicas };
  if (scale?.weight !== undefined) return { weight: scale.weight };
  return { weight: currentSetWeight(input) };
}
