// The facts at the top of `get rollout` and in each row of `list rollouts`: status, strategy,
// step, weights, images and replica counts, read from the Rollout and its ReplicaSets.

import { wellFormed } from './well-formed.js';
import type { Rollout, RolloutPhase } from '../api/types.js';
import { POD_HASH_LABEL, type ReplicaSetLike } from './objects.js';
import { rolloutMark, type StatusMark } from './status-icons.js';

export type ReplicaSetRole = 'stable' | 'canary' | 'active' | 'preview';

export interface RolloutSummary {
  readonly name: string;
  readonly namespace: string;
  readonly phase: RolloutPhase;
  readonly mark: StatusMark;
  readonly message: string;
  readonly strategy: 'Canary' | 'BlueGreen';
  /** Steps done out of all steps, "1/6"; absent for blue-green or a canary without steps. */
  readonly step?: string;
  readonly setWeight?: number;
  readonly actualWeight?: number;
  readonly images: readonly { readonly image: string; readonly roles: readonly ReplicaSetRole[] }[];
  readonly replicas: { readonly desired: number; readonly current: number; readonly updated: number; readonly ready: number; readonly available: number };
}

/**
 * The phase and message to show. Until the controller has observed the latest spec, the stored
 * phase is about the previous one (a fresh `set image` still reads Healthy), as Argo's CLI says;
 * likewise just after a retry. So a `status --watch` started right after either never ends early.
 */
export function displayPhase(raw: Rollout): { phase: RolloutPhase; message: string } {
  const rollout = wellFormed(raw);
  const status = rollout.status;
  const generation = rollout.metadata.generation;
  if (!status || !generationObserved(status.observedGeneration, generation)) {
    return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' };
  }
  // A promote cleared the pause conditions we set; the stored Paused phase is about to change.
  if (status.controllerPause === true && (status.pauseConditions?.length ?? 0) === 0) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  // A retry clears status.abort at once; the Degraded phase stays until the controller acts.
  if (status.phase === 'Degraded' && status.message?.startsWith('RolloutAborted') && status.abort !== true) {
    return { phase: 'Progressing', message: 'waiting for the controller to act on the retry' };
  }
  // An empty phase is one the controller has not written yet.
  return { phase: status.phase ? status.phase : 'Progressing', message: status.message ?? '' };
}

/**
 * Argo's rule: a numeric observedGeneration at or past metadata.generation is observed; one that
 * is not a number (a pre-1.0 hash) or absent counts as observed.
 */
function generationObserved(observed: string | undefined, generation: number | undefined): boolean {
  if (observed === undefined || generation === undefined || !/^\d+$/.test(observed)) return true;
  return Number(observed) >= generation;
}

/** The role a ReplicaSet plays for its Rollout, by pod-template hash. */
export function replicaSetRole(rollout: Rollout, rs: ReplicaSetLike): ReplicaSetRole | undefined {
  const hash = rs.metadata?.labels?.[POD_HASH_LABEL];
  const s = rollout.status;
  if (hash === undefined || !s) return undefined;
  if (rollout.spec.strategy?.blueGreen) {
    if (hash === s.blueGreen?.activeSelector) return 'active';
    if (hash === s.blueGreen?.previewSelector) return 'preview';
    return undefined;
  }
  if (hash === s.stableRS) return 'stable';
  if (hash === s.currentPodHash) return 'canary';
  return undefined;
}

/**
 * Argo's current set weight: 0 when aborted, 100 when the steps are done (or the canary is the
 * stable), else the last setWeight at or before the current step (0 when none yet).
 */
export function setWeight(rollout: Rollout): number | undefined {
  const canary = rollout.spec.strategy?.canary;
  if (!canary) return undefined;
  const s = rollout.status ?? {};
  if (s.abort === true) return 0;
  const steps = canary.steps ?? [];
  const index = s.currentStepIndex ?? steps.length;
  if (index >= steps.length || (s.stableRS !== undefined && s.stableRS === s.currentPodHash)) return 100;
  for (let i = index; i >= 0; i--) {
    const w = steps[i]?.setWeight;
    if (w !== undefined) return w;
  }
  return 0;
}

/**
 * The weight the canary has now: the router's weight when traffic is routed, else the canary's
 * share of available pods (1 of 5 available -> 20).
 */
export function actualWeight(rollout: Rollout, replicaSets: readonly ReplicaSetLike[]): number | undefined {
  const canary = rollout.spec.strategy?.canary;
  if (!canary) return undefined;
  const routed = rollout.status?.canary?.weights?.canary.weight;
  if (canary.trafficRouting) return routed ?? 0;
  const s = rollout.status ?? {};
  if (s.stableRS !== undefined && s.stableRS === s.currentPodHash) return 100;
  const available = (rs: ReplicaSetLike) => rs.status?.availableReplicas ?? 0;
  const total = replicaSets.reduce((n, rs) => n + available(rs), 0);
  if (total === 0) return 0;
  const canaryAvailable = replicaSets.filter((rs) => rs.metadata?.labels?.[POD_HASH_LABEL] === s.currentPodHash).reduce((n, rs) => n + available(rs), 0);
  return Math.round((canaryAvailable * 100) / total);
}

function imagesOf(rollout: Rollout, replicaSets: readonly ReplicaSetLike[]): RolloutSummary['images'] {
  const byImage = new Map<string, Set<ReplicaSetRole>>();
  for (const rs of replicaSets) {
    if ((rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0) continue;
    const role = replicaSetRole(rollout, rs);
    for (const c of rs.spec?.template?.spec?.containers ?? []) {
      if (!c.image) continue;
      const roles = byImage.get(c.image) ?? new Set<ReplicaSetRole>();
      if (role) roles.add(role);
      byImage.set(c.image, roles);
    }
  }
  return [...byImage].map(([image, roles]) => ({ image, roles: [...roles].sort() }));
}

export function rolloutSummary(rollout: Rollout, replicaSets: readonly ReplicaSetLike[]): RolloutSummary {
  const { phase, message } = displayPhase(rollout);
  const s = rollout.status ?? {};
  const steps = rollout.spec.strategy?.canary?.steps;
  const index = Math.min(s.currentStepIndex ?? steps?.length ?? 0, steps?.length ?? 0);
  return {
    name: rollout.metadata.name ?? '',
    namespace: rollout.metadata.namespace ?? '',
    phase,
    mark: rolloutMark(phase),
    message,
    strategy: rollout.spec.strategy?.blueGreen ? 'BlueGreen' : 'Canary',
    ...(steps && steps.length > 0 ? { step: `${index}/${steps.length}` } : {}),
    ...(setWeight(rollout) !== undefined ? { setWeight: setWeight(rollout) } : {}),
    ...(actualWeight(rollout, replicaSets) !== undefined ? { actualWeight: actualWeight(rollout, replicaSets) } : {}),
    images: imagesOf(rollout, replicaSets),
    replicas: {
      desired: rollout.spec.replicas ?? 1,
      current: s.replicas ?? 0,
      updated: s.updatedReplicas ?? 0,
      ready: s.readyReplicas ?? 0,
      available: s.availableReplicas ?? 0,
    },
  };
}

/** One line for `status`: "Healthy", or "Paused - CanaryPauseStep". */
export function statusLine(rollout: Rollout): string {
  const { phase, message } = displayPhase(rollout);
  return message ? `${phase} - ${message}` : phase;
}
