// What a Rollout's status says when the API server refuses to create its new ReplicaSet (a pod
// template it rejects, such as `memory: invalid`): Argo Rollouts' ReplicaSetCreateError.

import type { Rollout, RolloutStatus } from '../../api/types.js';
import { setCondition } from './conditions.js';
import { rolloutPhase } from './phase.js';
import type { PlanEvent } from './plan.js';

export const REPLICA_SET_CREATE_ERROR = 'ReplicaSetCreateError';

/**
 * The status after a refused create: Progressing False, reason ReplicaSetCreateError, Argo's
 * message `Failed to create new replica set "<name>": <server's message>`; observedGeneration
 * set (this spec was seen) and the phase computed again; everything else kept. Planning the same
 * refusal again gives the same status (the condition keeps its timestamps), so nothing is
 * rewritten. A Warning event with the same reason and message goes with it.
 *
 *   ('web-5d8f', 'ReplicaSet.apps "web-5d8f" is invalid: ... quantities must match ...')
 *     -> Progressing False ReplicaSetCreateError 'Failed to create new replica set "web-5d8f": ReplicaSet.apps ...'
 */
export function replicaSetCreateErrorStatus(
  rollout: Pick<Rollout, 'metadata' | 'spec' | 'status'>, replicaSetName: string, serverMessage: string, now: number,
): { status: RolloutStatus; event: PlanEvent } {
  const message = `Failed to create new replica set "${replicaSetName}": ${serverMessage}`;
  const previous = rollout.status ?? {};
  const status: RolloutStatus = {
    ...previous,
    conditions: setCondition(previous.conditions ?? [], { type: 'Progressing', status: 'False', reason: REPLICA_SET_CREATE_ERROR, message }, now),
    ...(rollout.metadata?.generation !== undefined ? { observedGeneration: String(rollout.metadata.generation) } : {}),
  };
  const { phase, message: phaseMessage } = rolloutPhase(rollout.spec, status);
  return { status: { ...status, phase, message: phaseMessage }, event: { type: 'Warning', reason: REPLICA_SET_CREATE_ERROR, message } };
}
