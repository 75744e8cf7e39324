// The status a plan writes: replica counts observed from the ReplicaSets, Argo's conditions
// (Available, Progressing with the progress deadline, Paused, Healthy, Completed), and the phase.

import { selectorString } from '../../api/label-selector.js';
import { parseTimestamp } from '../../api/timestamp.js';
import { POD_TEMPLATE_HASH_LABEL } from '../../api/labels.js';
import type { Rollout, RolloutStatus } from '../../api/types.js';
import { findCondition, removeCondition, setCondition } from './conditions.js';
import { rolloutPhase } from './phase.js';
import type { PlanEvent } from './plan.js';
import type { ClassifiedReplicaSets } from './replica-sets.js';
import type { ObservedReplicaSet } from './snapshot.js';

export interface StatusInput {
  readonly rollout: Rollout;
  readonly previous: RolloutStatus;
  /** The status as the plan left it (step index, pause, abort, stable). */
  readonly draft: RolloutStatus;
  readonly sets: ClassifiedReplicaSets;
  readonly podHash: string;
  readonly revision: number;
  readonly rsName: string;
  readonly replicas: number;
  readonly maxUnavailable: number;
  readonly createdReplicaSet: boolean;
  readonly now: number;
  /** Why the update was aborted (an analysis verdict), added to the Progressing message. */
  readonly abortMessage?: string;
  /**
   * Blue-green: the ReplicaSet the active Service selects. Its pods alone count as available,
   * ready and HPA replicas (old pods kept for a switch back do not serve), as in Argo Rollouts.
   */
  readonly serving?: ObservedReplicaSet;
}

const PROGRESS_REASONS = new Set(['ReplicaSetUpdated', 'NewReplicaSetCreated', 'RolloutResumed', 'FoundNewReplicaSet', 'RolloutRetry']);

/** Whether anything moved since the last status: counts, step, stable, or steps. */
function madeProgress(previous: RolloutStatus, next: RolloutStatus): boolean {
  return next.updatedReplicas !== previous.updatedReplicas
    || (next.replicas ?? 0) - (next.updatedReplicas ?? 0) < (previous.replicas ?? 0) - (previous.updatedReplicas ?? 0)
    || (next.readyReplicas ?? 0) > (previous.readyReplicas ?? 0)
    || (next.availableReplicas ?? 0) > (previous.availableReplicas ?? 0)
    || next.stableRS !== previous.stableRS
    || next.currentStepIndex !== previous.currentStepIndex
    || next.currentStepHash !== previous.currentStepHash;
}

export function rolloutStatusAfter(input: StatusInput): { status: RolloutStatus; events: PlanEvent[]; nextCheckAt?: number } {
  const { rollout, previous, sets, now, replicas } = input;
  const spec = rollout.spec;
  const events: PlanEvent[] = [];
  let nextCheckAt: number | undefined;
  const live = [sets.desired, sets.stable, ...sets.older].filter((rs) => rs !== undefined);
  const sum = (f: (rs: (typeof live)[number]) => number) => live.reduce((total, rs) => total + f(rs), 0);

  const s: RolloutStatus = { ...input.draft };
  s.replicas = sum((rs) => rs.statusReplicas);
  s.updatedReplicas = sets.desired?.statusReplicas ?? 0;
  s.readyReplicas = sum((rs) => rs.ready);
  s.availableReplicas = sum((rs) => rs.available);
  s.HPAReplicas = s.replicas;
  s.selector = selectorString(spec.selector);
  const serving = input.serving;
  if (serving) {
    s.readyReplicas = serving.ready;
    s.availableReplicas = serving.available;
    s.HPAReplicas = serving.statusReplicas;
    const matchLabels = { ...(spec.selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: serving.podHash };
    s.selector = selectorString({ ...spec.selector, matchLabels });
  }
  if (rollout.metadata?.generation !== undefined) s.observedGeneration = String(rollout.metadata.generation);

  const fullyPromoted = s.stableRS === input.podHash;
  const aborted = s.abort === true && !fullyPromoted;
  const paused = spec.paused === true || (s.pauseConditions?.length ?? 0) > 0;
  // Blue-green: old pods kept scaled for a switch back do not make the Rollout unhealthy.
  const healthy = fullyPromoted && s.updatedReplicas === replicas && s.availableReplicas === replicas
    && (serving ? serving.podHash === input.podHash : s.replicas === replicas);

  let conditions = removeCondition(previous.conditions ?? [], 'InvalidSpec');
  const minAvailable = replicas - input.maxUnavailable;
  conditions = setCondition(conditions, (s.availableReplicas ?? 0) >= minAvailable
    ? { type: 'Available', status: 'True', reason: 'AvailableReason', message: 'Rollout has minimum availability' }
    : { type: 'Available', status: 'False', reason: 'AvailableReason', message: 'Rollout does not have minimum availability' }, now);

  if (paused) conditions = setCondition(conditions, { type: 'Paused', status: 'True', reason: 'RolloutPaused', message: 'Rollout is paused' }, now);
  else if (findCondition(conditions, 'Paused')) conditions = setCondition(conditions, { type: 'Paused', status: 'False', reason: 'RolloutResumed', message: 'Rollout is resumed' }, now);

  const progressing = findCondition(conditions, 'Progressing');
  const rsQuoted = `"${input.rsName}"`;
  if (aborted) {
    conditions = setCondition(conditions, { type: 'Progressing', status: 'False', reason: 'RolloutAborted', message: `Rollout aborted update to revision ${input.revision}${input.abortMessage ? `: ${input.abortMessage}` : ''}` }, now);
  } else if (paused) {
    conditions = setCondition(conditions, { type: 'Progressing', status: 'Unknown', reason: 'RolloutPaused', message: 'Rollout is paused' }, now);
  } else if (healthy) {
    conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet ${rsQuoted} has successfully progressed.` }, now);
  } else if (input.createdReplicaSet) {
    conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set ${rsQuoted}` }, now, true);
  } else if (progressing?.reason === 'RolloutPaused' || progressing?.reason === 'RolloutAborted') {
    const retried = progressing.reason === 'RolloutAborted';
    conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: retried ? 'RolloutRetry' : 'RolloutResumed', message: retried ? 'Retrying Rollout after abort' : 'Rollout is resumed' }, now, true);
  } else if (madeProgress(previous, s) || !progressing || progressing.reason === 'NewReplicaSetAvailable') {
    conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet ${rsQuoted} is progressing.` }, now, true);
  } else if (progressing.status === 'True' && PROGRESS_REASONS.has(progressing.reason)) {
    const deadline = (parseTimestamp(progressing.lastUpdateTime) ?? now) + (spec.progressDeadlineSeconds ?? 600) * 1000;
    if (now >= deadline) {
      const message = `ReplicaSet ${rsQuoted} has timed out progressing.`;
      conditions = setCondition(conditions, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message }, now);
      events.push({ type: 'Warning', reason: 'ProgressDeadlineExceeded', message });
      if (spec.progressDeadlineAbort === true) {
        s.abort = true;
        events.push({ type: 'Warning', reason: 'RolloutAborted', message: `Rollout aborted update to revision ${input.revision}: progress deadline exceeded` });
      }
    } else {
      nextCheckAt = deadline;
    }
  }

  conditions = setCondition(conditions, healthy
    ? { type: 'Healthy', status: 'True', reason: 'RolloutHealthy', message: 'Rollout is healthy' }
    : { type: 'Healthy', status: 'False', reason: 'RolloutHealthy', message: 'Rollout is not healthy' }, now);
  conditions = setCondition(conditions, fullyPromoted
    ? { type: 'Completed', status: 'True', reason: 'RolloutCompleted', message: `Rollout completed update to revision ${input.revision} (${input.podHash})` }
    : { type: 'Completed', status: 'False', reason: 'RolloutNotCompleted', message: `Rollout not completed, started update to revision ${input.revision} (${input.podHash})` }, now);
  s.conditions = conditions;

  const { phase, message } = rolloutPhase(spec, s);
  s.phase = phase;
  s.message = message;
  return { status: s, events, nextCheckAt };
}
