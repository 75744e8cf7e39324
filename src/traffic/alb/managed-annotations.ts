// ALB, pure: Argo Rollouts' record of the annotations each Rollout manages on an Ingress,
// `rollouts.argoproj.io/managed-alb-annotations`: a JSON object from Rollout name to annotation keys,
// `{"web":["alb.ingress.kubernetes.io/actions.web-stable"]}`. Argo reads it to reset a deleted
// Rollout's actions. The older `rollouts.argoproj.io/managed-alb-actions` (`rollout:key`) is
// deprecated; Argo v1.10 neither reads nor writes it from a Rollout, and neither does Kanary.

import { goJson, sortedKeys } from './go-json.js';

export const MANAGED_ALB_ANNOTATIONS = 'rollouts.argoproj.io/managed-alb-annotations';

type ManagedRecord = Record<string, readonly string[] | null>;

function parse(value: string | undefined): ManagedRecord | undefined {
  if (value === undefined || value === '') return {};
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (!entries.every(([, v]) => v === null || (Array.isArray(v) && v.every((k) => typeof k === 'string')))) return undefined;
    return Object.fromEntries(entries) as ManagedRecord;
  } catch {
    return undefined;
  }
}

/**
 * The record with `rollout`'s entry given `add` (appended when missing) and without `remove`,
 * other Rollouts' entries as they were; undefined when the current value is not such a record.
 *   undefined, web, add [a]                         -> {"web":["a"]}
 *   {"other":["x"],"web":["a"]}, web, add [a, b]     -> {"other":["x"],"web":["a","b"]}
 *   {"web":["a","b","c"]}, web, remove [b, c]        -> {"web":["a"]}
 */
export function managedAnnotations(current: string | undefined, rollout: string, add: readonly string[], remove: readonly string[] = []): string | undefined {
  const record = parse(current);
  if (!record) return undefined;
  const keys = [...(record[rollout] ?? [])];
  for (const key of add) if (!keys.includes(key)) keys.push(key);
  const kept = keys.filter((k) => !remove.includes(k));
  return goJson(sortedKeys({ ...record, [rollout]: kept }));
}

export function malformedRecordProblem(path: string, ingress: string): string {
  return `${path}: Ingress "${ingress}" annotation ${MANAGED_ALB_ANNOTATIONS} is not a JSON object of annotation key lists; fix or remove it`;
}
