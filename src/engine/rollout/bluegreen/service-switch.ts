// Moving a blue-green Service's `rollouts-pod-template-hash` selector, and the one rule that
// guards it: a Service only ever switches to a ReplicaSet that is fully available.

import type { PlanAction, PlanEvent } from '../plan.js';
import type { ObservedReplicaSet } from '../snapshot.js';

export interface SwitchInput {
  readonly service: string;
  /** The hash the Service selects now (undefined: none of ours). */
  readonly observed?: string;
  /** The hash it should select. */
  readonly want?: string;
  /** Available pods the target needs: `spec.replicas` for the active Service, the ReplicaSet's own size for the preview. */
  readonly need: (rs: ObservedReplicaSet) => number;
  readonly sets: readonly ObservedReplicaSet[];
  readonly why: string;
}

export interface SwitchResult {
  /** The hash the Service selects once the plan is applied. */
  readonly selects?: string;
  readonly actions: readonly PlanAction[];
  readonly events: readonly PlanEvent[];
  readonly notes: readonly string[];
}

/**
 * Worked examples (need 3):
 *   observed a, want b, b has 3 available -> switch to b
 *   observed a, want b, b has 2 available -> stays on a (a note says why)
 *   observed b, want b                    -> nothing to do
 */
export function switchService(input: SwitchInput): SwitchResult {
  const { service, observed, want } = input;
  if (want === undefined || observed === want) return { selects: observed, actions: [], events: [], notes: [] };
  const target = input.sets.find((rs) => rs.podHash === want);
  const need = target ? Math.max(1, input.need(target)) : 1;
  if (!target || target.available < need) {
    return {
      selects: observed, actions: [], events: [],
      notes: [`Service ${service} keeps its selector: ReplicaSet with hash ${want} has ${target?.available ?? 0}/${need} available pods`],
    };
  }
  return {
    selects: want,
    actions: [{ kind: 'setServiceSelector', service, podHash: want, reason: input.why }],
    events: [{ type: 'Normal', reason: 'SwitchService', message: `Switched selector for service '${service}' from '${observed ?? ''}' to '${want}'` }],
    notes: [],
  };
}
