// A Rollout that takes its pod template from a Deployment (`spec.workloadRef`), as Argo Rollouts
// does: the problems (the Deployment missing, its selector not selecting its template), the
// Rollout the strategy planners see (the Deployment's template, and its selector when the
// Rollout has none), and what the plan adds (the generation seen, the Deployment's size). Pure.

import { missingReference, type Problem } from '../../api/problem.js';
import { selectorProblems } from '../../api/semantic/selector.js';
import type { Rollout, RolloutSpec } from '../../api/types.js';
import { deploymentScaleDown } from './deployment-scale-down.js';
import type { Plan, PlanAction } from './plan.js';
import type { ObservedWorkload, RolloutSnapshot } from './snapshot.js';

/** On the Rollout: the generation of the referenced workload it was last planned from (Argo's name). */
export const WORKLOAD_GENERATION_ANNOTATION = 'rollout.argoproj.io/workload-generation';

/** Whether the Rollout names a Deployment this version resolves. */
function deploymentRef(rollout: Rollout): { name: string } | undefined {
  const ref = rollout.spec?.workloadRef;
  return ref?.kind === 'Deployment' && ref.name ? { name: ref.name } : undefined;
}

/**
 * The Deployment is missing (looked at again soon, and when it appears), or the selector the
 * Rollout will use does not select the Deployment's template.
 */
export function workloadProblems(rollout: Rollout, workload: ObservedWorkload | null | undefined): Problem[] {
  const ref = deploymentRef(rollout);
  if (!ref) return [];
  if (!workload) {
    return [missingReference('spec.workloadRef.name', `Deployment "${ref.name}" not found in namespace "${rollout.metadata?.namespace ?? 'default'}"`)];
  }
  const own = rollout.spec.selector !== undefined;
  const labels = (workload.template as { metadata?: { labels?: unknown } } | undefined)?.metadata?.labels;
  return selectorProblems(own ? rollout.spec.selector : workload.selector, labels, own ? 'spec.selector' : 'spec.workloadRef.name',
    `Deployment "${ref.name}" spec.template.metadata.labels`)
    .map((p) => (own ? p : { ...p, message: `the selector of Deployment "${ref.name}": ${p.message}` }));
}

/** The Rollout as the planners see it: the Deployment's template, and its selector unless the Rollout has one. */
export function resolveWorkload(rollout: Rollout, workload: ObservedWorkload | null | undefined): Rollout {
  if (!deploymentRef(rollout) || !workload) return rollout;
  const spec: RolloutSpec = {
    ...rollout.spec,
    template: workload.template as RolloutSpec['template'],
    ...(rollout.spec.selector === undefined && workload.selector !== undefined ? { selector: workload.selector } : {}),
  };
  return { ...rollout, spec };
}

/**
 * What a plan adds for `workloadRef`: the generation of the Deployment it was made from (the
 * annotation and `status.workloadObservedGeneration`, both as Argo writes them), and the
 * Deployment's new size (`deploymentScaleDown`). Without a workloadRef, both records are cleared.
 */
export function withWorkload(snap: RolloutSnapshot, plan: Plan): Plan {
  const { rollout } = snap;
  const seen = rollout.metadata?.annotations?.[WORKLOAD_GENERATION_ANNOTATION];
  const ref = deploymentRef(rollout);
  const workload = snap.workload;
  const actions: PlanAction[] = [];
  const status = { ...plan.status };
  if (!ref) {
    if (seen === undefined && status.workloadObservedGeneration === undefined) return plan;
    // As Argo does when workloadRef is removed; the Deployment itself is left as it is.
    if (seen !== undefined) actions.push({ kind: 'setWorkloadGeneration', reason: 'the Rollout no longer references a workload' });
    delete status.workloadObservedGeneration;
    return { ...plan, actions: [...actions, ...plan.actions], status };
  }
  if (!workload) return plan;
  const generation = String(workload.generation);
  if (seen !== generation) {
    actions.push({ kind: 'setWorkloadGeneration', generation, reason: `planned from generation ${generation} of Deployment ${ref.name}` });
  }
  status.workloadObservedGeneration = generation;
  const scale = deploymentScaleDown({
    // Healthy as written before, not only as this plan writes it: the Deployment is drained only
    // once anyone reading the Rollout sees it Healthy (the order Argo Rollouts keeps too).
    mode: rollout.spec.workloadRef?.scaleDown, replicas: rollout.spec.replicas ?? 1,
    healthy: plan.status.phase === 'Healthy' && rollout.status?.phase === 'Healthy',
    available: snap.replicaSets.reduce((sum, rs) => sum + rs.available, 0), deploymentReplicas: workload.replicas,
  });
  const notes = [...plan.notes];
  if (scale) actions.push({ kind: 'scaleDeployment', name: ref.name, from: workload.replicas, to: scale.to, reason: scale.reason });
  else if (rollout.spec.workloadRef?.scaleDown === 'onsuccess' && workload.replicas > 0) notes.push(`Deployment ${ref.name} keeps its ${workload.replicas} pods until the Rollout is Healthy`);
  return { ...plan, actions: [...actions.filter((a) => a.kind === 'setWorkloadGeneration'), ...plan.actions, ...actions.filter((a) => a.kind === 'scaleDeployment')], status, notes };
}
