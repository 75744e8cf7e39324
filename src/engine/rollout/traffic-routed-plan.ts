// The traffic-routed parts of a canary plan: the weights to route (with their action, event and
// `status.canary.weights`), the counts a step waits for, and the older ReplicaSets kept for
// their scale-down delay. plan-rollout.ts calls these only when `trafficRouting` is set.

import type { RolloutSpec, RolloutStatus, TrafficWeights } from '../../api/types.js';
import { DEFAULT_MAX_WEIGHT } from './canary-rounding.js';
import type { TrafficRouting } from './canary-traffic-replicas.js';
import { abortScaleDown } from './abort-scale-down.js';
import type { Draft } from './draft.js';
import type { ObservedExperiment } from './experiment-step.js';
import { experimentWeightDestinations } from './experiment-weights.js';
import { plannedManagedRoutes } from './managed-routes.js';
import type { ClassifiedReplicaSets } from './replica-sets.js';
import { DEFAULT_SCALE_DOWN_DELAY_SECONDS, olderAfterScaleDownDelay } from './scale-down-delay.js';
import type { ObservedReplicaSet } from './snapshot.js';
import { atTrafficRoutedCounts, desiredCanaryWeight, sameWeights, weightStatus, type TrafficWeightInput } from './traffic-weights.js';

type CanaryStrategy = NonNullable<RolloutSpec['strategy']['canary']>;

/** Whether the canary strategy routes traffic through a router (not only `managedRoutes` or `maxTrafficWeight`). */
export function isTrafficRouted(canary: CanaryStrategy | undefined): boolean {
  return canary?.trafficRouting !== undefined;
}

/** What the weight rules read, from the spec, the status as planned so far, and the ReplicaSets. */
export function trafficInput(spec: RolloutSpec, status: RolloutStatus, sets: ClassifiedReplicaSets, podHash: string): TrafficWeightInput {
  const canary = spec.strategy.canary ?? {};
  const fullyPromoted = status.stableRS === podHash;
  return {
    steps: canary.steps ?? [], currentStepIndex: status.currentStepIndex ?? 0, replicas: spec.replicas ?? 1,
    maxWeight: canary.trafficRouting?.maxTrafficWeight ?? DEFAULT_MAX_WEIGHT, fullyPromoted,
    aborted: status.abort === true && !fullyPromoted, promoteFull: status.promoteFull === true,
    dynamicStableScale: canary.dynamicStableScale === true, minPodsPerReplicaSet: canary.minPodsPerReplicaSet,
    stableRS: status.stableRS, currentPodHash: podHash, canary: sets.desired, stable: sets.stable,
    previous: status.canary?.weights, abortScaleDownDelaySeconds: canary.abortScaleDownDelaySeconds,
  };
}

/** The step machine's "are the counts reached" for a traffic-routed canary. */
export function trafficStepReached(input: TrafficWeightInput, stable: ObservedReplicaSet | undefined, podsNeeded: (target: number) => number) {
  const current = input.previous ? { canary: input.previous.canary.weight, stable: input.previous.stable.weight } : undefined;
  return (index: number): boolean => atTrafficRoutedCounts(input, index, stable, current, podsNeeded);
}

/**
 * Decides the weights, asks the routers for them (every reconcile, so a hand-edited weight is put
 * back), records them in `status.canary.weights` and, when they change, a TrafficWeightUpdated event.
 */
export function planTrafficWeights(d: Draft, spec: RolloutSpec, input: TrafficWeightInput, stable: ObservedReplicaSet | undefined,
  experiments: readonly ObservedExperiment[] = []): TrafficWeights {
  const canary = spec.strategy.canary ?? {};
  const max = input.maxWeight ?? DEFAULT_MAX_WEIGHT;
  const weight = desiredCanaryWeight(input, (i) => atTrafficRoutedCounts({ ...input, previous: undefined }, i, stable));
  const canaryHash = input.canary?.podHash || (input.fullyPromoted ? input.currentPodHash : undefined);
  const stableHash = input.fullyPromoted ? input.currentPodHash : input.stable?.podHash ?? input.stableRS;
  const current = d.status.canary?.currentExperiment;
  let additional = experimentWeightDestinations({
    steps: input.steps, currentStepIndex: input.currentStepIndex, settled: input.fullyPromoted || input.aborted || input.promoteFull,
    experiment: experiments.find((e) => e.name === current),
  });
  const extra = additional.reduce((sum, a) => sum + a.weight, 0);
  if (extra > max - weight) {
    d.notes.push(`the experiment's weights (${extra}) and the canary's (${weight}) exceed ${max}: the experiment gets no traffic`);
    additional = [];
  }
  const weights = weightStatus({
    canaryWeight: weight, maxWeight: max, canaryService: canary.canaryService, stableService: canary.stableService, canaryHash, stableHash, additional,
  });
  const previous = input.previous;
  const changed = !sameWeights(previous, weights);
  const why = input.fullyPromoted ? 'the update is complete: all traffic to the stable Service'
    : input.aborted ? 'the update was aborted: traffic goes back to the stable'
      : `canary weight ${weight} of ${max}`;
  const routes = plannedManagedRoutes({
    steps: input.steps, currentStepIndex: input.currentStepIndex, managedRoutes: canary.trafficRouting?.managedRoutes, maxWeight: max,
    active: !input.fullyPromoted && !input.aborted && !input.promoteFull && (input.canary?.available ?? 0) > 0,
  });
  if (routes && routes.routes.length > 0) d.notes.push(`managed routes: ${routes.routes.map((r) => `${r.kind} ${r.route.name}`).join(', ')}`);
  d.actions.push({ kind: 'setTrafficWeights', weights, maxWeight: max, ...(routes ? { routes } : {}), reason: why });
  if (changed) {
    const moved = previous === undefined ? `to ${weight}` : previous.canary.weight !== weight ? `from ${previous.canary.weight} to ${weight}` : `to ${weight}`;
    const detail = JSON.stringify(previous?.additional ?? []) === JSON.stringify(weights.additional ?? []) ? moved
      : `${moved}, additional: ${(weights.additional ?? []).map((a) => `${a.serviceName ?? ''} ${a.weight}`).join(', ') || 'none'}`;
    d.events.push({ type: 'Normal', reason: 'TrafficWeightUpdated', message: `Traffic weight updated ${detail}` });
  }
  d.status.canary = { ...(d.status.canary ?? {}), weights: previous?.verified !== undefined && !changed ? { ...weights, verified: previous.verified } : weights };
  return weights;
}

/** The counts the traffic-routed replica arithmetic reads from the weights just planned. */
export function trafficRoutingFor(spec: RolloutSpec, input: TrafficWeightInput, weights: TrafficWeights): TrafficRouting {
  return {
    maxWeight: input.maxWeight, minPodsPerReplicaSet: spec.strategy.canary?.minPodsPerReplicaSet, dynamicStableScale: input.dynamicStableScale,
    aborted: input.aborted, currentWeights: { canary: weights.canary.weight, stable: weights.stable.weight },
    stepWeights: input.steps.flatMap((s) => (s.setWeight !== undefined ? [s.setWeight] : [])),
  };
}

/**
 * Older ReplicaSets keep their pods until their scale-down deadline; the deadlines to write become
 * actions. With dynamicStableScale, a stable that had no traffic left when the canary was
 * promoted has no pods to keep: it goes to 0 at once, as dynamic scaling would have taken it.
 */
export function planOlderScaleDown(d: Draft, spec: RolloutSpec, input: TrafficWeightInput, older: readonly ObservedReplicaSet[], weights: TrafficWeights, now: number): number[] {
  const drained = input.dynamicStableScale && input.previous?.stable.weight === 0 ? input.previous.stable.podTemplateHash : undefined;
  const routed = new Set([weights.canary.podTemplateHash, weights.stable.podTemplateHash, ...(weights.additional ?? []).map((a) => a.podTemplateHash)]
    .filter((h): h is string => h !== undefined));
  const delay = spec.strategy.canary?.scaleDownDelaySeconds ?? DEFAULT_SCALE_DOWN_DELAY_SECONDS;
  const waiting = older.filter((rs) => rs.podHash !== drained);
  const result = olderAfterScaleDownDelay(waiting, routed, delay, now);
  for (const { name, deadline } of result.deadlines) {
    d.actions.push({ kind: 'setScaleDownDeadline', name, deadline, reason: `no traffic is routed to it: it scales down at ${deadline} (scaleDownDelaySeconds ${delay})` });
  }
  if (result.nextCheckAt !== undefined) d.nextCheckAt = d.nextCheckAt === undefined ? result.nextCheckAt : Math.min(d.nextCheckAt, result.nextCheckAt);
  return older.map((rs) => (rs.podHash === drained ? 0 : result.counts[waiting.indexOf(rs)] ?? rs.replicas));
}

/**
 * The canary's size after an abort: kept for `abortScaleDownDelaySeconds` once the stable is
 * fully available (the deadline becomes an action), then `computed` (0); a deadline left from an
 * earlier abort is removed when the update runs again.
 */
export function planAbortScaleDown(d: Draft, spec: RolloutSpec, input: TrafficWeightInput, canaryRS: ObservedReplicaSet | undefined,
  stable: ObservedReplicaSet | undefined, computed: number, now: number): number {
  const canary = spec.strategy.canary ?? {};
  const decision = abortScaleDown({
    aborted: input.aborted, trafficRouted: true, dynamicStableScale: input.dynamicStableScale,
    abortScaleDownDelaySeconds: canary.abortScaleDownDelaySeconds, canary: canaryRS, stableAvailable: stable?.available ?? 0,
    replicas: input.replicas, now,
  });
  if (!canaryRS) return computed;
  if (decision.kind === 'follow') {
    if (decision.clearDeadline) d.actions.push({ kind: 'setScaleDownDeadline', name: canaryRS.name, deadline: null, reason: 'the update runs again: the canary\'s abort deadline goes' });
    return computed;
  }
  if (decision.kind === 'scaleDown') return computed;
  if (decision.setDeadline) {
    d.actions.push({ kind: 'setScaleDownDeadline', name: canaryRS.name, deadline: decision.setDeadline,
      reason: `aborted: the canary keeps its pods until ${decision.setDeadline} (abortScaleDownDelaySeconds)` });
  }
  d.notes.push(decision.setDeadline || decision.nextCheckAt !== undefined ? `aborted: the canary keeps its ${decision.replicas} pods for abortScaleDownDelaySeconds`
    : 'aborted: the canary keeps its pods until the stable is fully available');
  if (decision.nextCheckAt !== undefined) d.nextCheckAt = d.nextCheckAt === undefined ? decision.nextCheckAt : Math.min(d.nextCheckAt, decision.nextCheckAt);
  return decision.replicas;
}
