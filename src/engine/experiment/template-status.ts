// One template's status in an Experiment: its replica counts, and whether it is Progressing,
// Running, or done (Successful, Failed, Error), as Argo Rollouts judges it.

import type { TemplateStatus, TemplateStatusCode } from '../../api/types.js';
import type { ObservedTemplateReplicaSet } from './experiment-snapshot.js';

export interface TemplateStatusInput {
  readonly name: string;
  readonly prev: TemplateStatus | undefined;
  readonly replicaSet: ObservedTemplateReplicaSet | undefined;
  /** The replicas the template runs while the experiment is not ending (`replicas`, default 1). */
  readonly desired: number;
  /** The experiment is ending (terminated, failed, or its end was reached). */
  readonly ending: boolean;
  /** `status.availableAt + duration` has passed. */
  readonly durationPassed: boolean;
  readonly progressDeadlineSeconds: number;
  /** The ReplicaSet is created or scaled by this plan: the template made a transition now. */
  readonly touched: boolean;
  readonly now: string;
  readonly nowMs: number;
}

const COMPLETED: ReadonlySet<string> = new Set(['Successful', 'Failed', 'Error']);

export function isCompletedTemplate(code: string | undefined): boolean {
  return code !== undefined && COMPLETED.has(code);
}

/** Best to worst, as Argo ranks template statuses. */
const ORDER: readonly TemplateStatusCode[] = ['Successful', 'Running', 'Progressing', 'Error', 'Failed'];

/** The worse of two template statuses; a missing status counts as Progressing. */
export function worseTemplateStatus(a: TemplateStatusCode, b: TemplateStatusCode | undefined): TemplateStatusCode {
  const code = b ?? 'Progressing';
  return ORDER.indexOf(code) > ORDER.indexOf(a) ? code : a;
}

/**
 * The template's next status. Counts come from its ReplicaSet; `lastTransitionTime` moves when
 * they change or the ReplicaSet is created or scaled. A finished status never changes. Otherwise:
 *
 *   available == desired               -> Running (Successful once the duration has passed or the experiment ends)
 *   ending                             -> Successful (it is being scaled down on purpose)
 *   not available for progressDeadline -> Failed, "Template 'x' exceeded its progressDeadlineSeconds (600)"
 *   else                               -> Progressing
 */
export function templateStatusOf(input: TemplateStatusInput): TemplateStatus {
  const { prev, replicaSet: rs } = input;
  const counts = {
    replicas: rs?.statusReplicas ?? 0,
    updatedReplicas: rs?.statusReplicas ?? 0,
    readyReplicas: rs?.ready ?? 0,
    availableReplicas: rs?.available ?? 0,
  };
  const moved = prev === undefined || input.touched || prev.replicas !== counts.replicas || prev.updatedReplicas !== counts.updatedReplicas
    || prev.readyReplicas !== counts.readyReplicas || prev.availableReplicas !== counts.availableReplicas;
  const lastTransitionTime = moved || prev?.lastTransitionTime === undefined ? input.now : prev.lastTransitionTime;
  const base: TemplateStatus = {
    ...(prev ?? {}),
    name: input.name,
    ...counts,
    lastTransitionTime,
  };
  if (isCompletedTemplate(prev?.status)) return base;
  const since = Date.parse(lastTransitionTime);
  let status: TemplateStatusCode;
  let message: string | undefined;
  if (!input.ending && counts.availableReplicas === input.desired) {
    status = input.durationPassed ? 'Successful' : 'Running';
  } else if (input.ending) {
    status = 'Successful';
  } else if (input.nowMs > since + input.progressDeadlineSeconds * 1000) {
    status = 'Failed';
    message = `Template '${input.name}' exceeded its progressDeadlineSeconds (${input.progressDeadlineSeconds})`;
  } else {
    status = 'Progressing';
  }
  const { message: _old, ...rest } = base;
  return { ...rest, status, ...(message !== undefined ? { message } : {}) };
}
