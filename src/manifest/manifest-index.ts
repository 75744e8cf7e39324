// The objects of a lint run, indexed by kind and name, so that references between documents
// (a Rollout's Services, VirtualService, Ingress, AnalysisTemplates) can be checked.

import { asObj, asStr } from '../api/semantic/access.js';

export interface IndexedObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly object: unknown;
}

/** Objects by kind; a kind with no objects in the input cannot be judged missing. */
export interface ManifestIndex {
  /** True when at least one object of `kind` is in the input. */
  has(kind: string): boolean;
  /**
   * The object of `kind` named `name` in `namespace`. Objects written without a namespace
   * match any namespace (they land wherever they are applied); cluster-scoped kinds ignore it.
   */
  find(kind: string, name: string, namespace: string | undefined): IndexedObject | undefined;
}

const CLUSTER_SCOPED = new Set(['ClusterAnalysisTemplate']);

export function indexManifests(objects: readonly unknown[]): ManifestIndex {
  const byKind = new Map<string, IndexedObject[]>();
  for (const object of objects) {
    const kind = asStr(asObj(object)?.['kind']);
    const meta = asObj(asObj(object)?.['metadata']);
    const name = asStr(meta?.['name']);
    if (kind === undefined || name === undefined) continue;
    const list = byKind.get(kind) ?? [];
    list.push({ kind, name, namespace: asStr(meta?.['namespace']), object });
    byKind.set(kind, list);
  }
  return {
    has: (kind) => (byKind.get(kind)?.length ?? 0) > 0,
    find: (kind, name, namespace) => byKind.get(kind)?.find((o) => o.name === name && (
      CLUSTER_SCOPED.has(kind) || o.namespace === undefined || namespace === undefined || o.namespace === namespace)),
  };
}
