// What happens to the Deployment a Rollout took over (`spec.workloadRef.scaleDown`): the size it
// should have now, decided from the Rollout's own pods. Pure; the apply step scales it.

/** `spec.workloadRef.scaleDown`; unset means `never`. */
export type WorkloadScaleDown = 'never' | 'onsuccess' | 'progressively';

export interface DeploymentScaleDownInput {
  readonly mode: WorkloadScaleDown | undefined;
  /** The Rollout's desired pods (`spec.replicas`). */
  readonly replicas: number;
  /** The Rollout's available pods, over all its ReplicaSets, as observed. */
  readonly available: number;
  /** The Rollout is Healthy in the status it has, and in the status this plan writes. */
  readonly healthy: boolean;
  /** The Deployment's `spec.replicas` now. */
  readonly deploymentReplicas: number;
}

export interface DeploymentScale {
  readonly to: number;
  readonly reason: string;
}

/**
 * The Deployment's new size, or undefined to leave it as it is.
 * - `never` (or unset): never touched.
 * - `onsuccess`: 0 once the Rollout is Healthy.
 * - `progressively`: 0 once the Rollout is Healthy; before that, the pods the Rollout still lacks
 *   (`replicas - available`), so the two together never have fewer available pods than the
 *   Rollout wants. It only ever goes down: a Deployment smaller than the Rollout is not grown,
 *   and one the Rollout drained is not grown again when a pod of the Rollout is lost.
 *
 * Worked examples (each is a row of the table test):
 *   progressively, replicas 3, available 0, Deployment 3  -> unchanged (3 still missing)
 *   progressively, replicas 3, available 1, Deployment 3  -> 2
 *   progressively, replicas 5, available 1, Deployment 3  -> unchanged (never grown to 4)
 *   onsuccess,     replicas 3, available 3, not Healthy    -> unchanged
 *   onsuccess or progressively, Healthy, Deployment 3     -> 0
 */
export function deploymentScaleDown(input: DeploymentScaleDownInput): DeploymentScale | undefined {
  const { mode, replicas, available, healthy, deploymentReplicas: current } = input;
  if (mode !== 'onsuccess' && mode !== 'progressively') return undefined;
  if (healthy) {
    return current > 0 ? { to: 0, reason: `the Rollout is Healthy: the Deployment it took over goes to 0 (scaleDown: ${mode})` } : undefined;
  }
  if (mode === 'onsuccess') return undefined;
  const to = Math.min(current, Math.max(0, replicas - available));
  if (to === current) return undefined;
  return { to, reason: `${available} of ${replicas} Rollout pods are available: the Deployment keeps the ${to} still missing (scaleDown: progressively)` };
}
