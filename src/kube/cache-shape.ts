// What an informer keeps of each object. The controller never reads `metadata.managedFields`
// (often a third of an object's size), so no cache holds them; a Pod is kept as its metadata
// and the status fields the controller reads (phase, conditions), since Pods are the most
// numerous objects it watches. Writes never send a cached object back whole (status and
// traffic writes are patches, or PUTs of a fresh GET), and a PUT without managedFields keeps
// the server's, so nothing a trimmed copy lacks can be lost (docs/performance.md).
import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';

export type CacheShape = <T extends KubernetesObject>(obj: T) => T;

/** The object without `metadata.managedFields`; the same object when it has none. */
export function withoutManagedFields<T extends KubernetesObject>(obj: T): T {
  const meta = obj.metadata;
  if (!meta || meta.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...rest } = meta;
  return { ...obj, metadata: rest };
}

/** A Pod as the controller reads it: metadata (without managedFields), `status.phase` and `status.conditions`. */
export function podForCache<T extends KubernetesObject>(obj: T): T {
  const pod = obj as V1Pod;
  const { metadata } = withoutManagedFields(pod);
  const status = pod.status ? { ...(pod.status.phase ? { phase: pod.status.phase } : {}), ...(pod.status.conditions ? { conditions: pod.status.conditions } : {}) } : undefined;
  return { apiVersion: pod.apiVersion, kind: pod.kind, metadata, ...(status ? { status } : {}) } as unknown as T;
}

/** The shape an informer of this kind keeps. */
export function cacheShapeOf(kind: string): CacheShape {
  return kind === 'Pod' ? podForCache : withoutManagedFields;
}
