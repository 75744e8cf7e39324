// Which of a Rollout's ReplicaSets is which: the one running the desired template (found by
// comparing templates, never by hash alone), the stable one (by status.stableRS), and the rest.

import { withoutInjectedRule } from './anti-affinity.js';
import { sameTemplate } from './pod-template-hash.js';
import type { ObservedReplicaSet } from './snapshot.js';

export interface ClassifiedReplicaSets {
  /** Runs the Rollout's current `spec.template`; absent until created. */
  readonly desired?: ObservedReplicaSet;
  /** The ReplicaSet whose hash is `status.stableRS`, when it is not the desired one. */
  readonly stable?: ObservedReplicaSet;
  /** Every other live ReplicaSet, newest revision first. */
  readonly older: readonly ObservedReplicaSet[];
  /** The highest revision any ReplicaSet carries. */
  readonly maxRevision: number;
}

/**
 * Classifies the live (not deleting) ReplicaSets. When several run the desired template, the one
 * whose hash label matches `desiredHash` wins, else the newest revision.
 *
 *   template B, stableRS "a", sets [a(A), b(B)]   -> desired b, stable a, older []
 *   template A, stableRS "a", sets [a(A), b(B)]   -> desired a, stable none, older [b]
 */
export function classifyReplicaSets(
  sets: readonly ObservedReplicaSet[],
  template: unknown,
  stableHash: string | undefined,
  desiredHash: string,
): ClassifiedReplicaSets {
  const live = sets.filter((rs) => rs.deleting !== true);
  const byNewest = [...live].sort((a, b) => b.revision - a.revision || b.createdAt - a.createdAt);
  // Role metadata and an injected anti-affinity rule are Kanary's (or Argo's) additions, not the user's template.
  const matching = byNewest.filter((rs) => sameTemplate(rs.template, template, {
    labels: Object.keys(rs.ephemeralMetadata?.labels ?? {}), annotations: Object.keys(rs.ephemeralMetadata?.annotations ?? {}), injectedAntiAffinity: true,
  }));
  const desired = matching.find((rs) => rs.podHash === desiredHash) ?? matching[0];
  const stable = stableHash ? byNewest.find((rs) => rs.podHash === stableHash && rs !== desired) : undefined;
  const older = byNewest.filter((rs) => rs !== desired && rs !== stable);
  const maxRevision = live.reduce((max, rs) => Math.max(max, rs.revision), 0);
  return { desired, stable, older, maxRevision };
}

/** `<rollout>-<hash>`, the ReplicaSet name Argo Rollouts uses. */
export function replicaSetName(rolloutName: string, podHash: string): string {
  return `${rolloutName}-${podHash}`;
}

/**
 * A ReplicaSet's pod template as the user wrote it: without the role metadata its record lists
 * and without an injected anti-affinity rule (an experiment copying the stable version's pods
 * must not carry `role: stable`, or a Service selecting by role would send it traffic).
 */
export function userTemplate(rs: ObservedReplicaSet): unknown {
  const t = rs.template as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> } | undefined;
  if (typeof t !== 'object' || t === null) return t;
  const drop = (map: Record<string, string> | undefined, keys: Record<string, string> | undefined) =>
    map === undefined ? undefined : Object.fromEntries(Object.entries(map).filter(([k]) => !Object.hasOwn(keys ?? {}, k)));
  const metadata = t.metadata && { ...t.metadata, labels: drop(t.metadata.labels, rs.ephemeralMetadata?.labels), annotations: drop(t.metadata.annotations, rs.ephemeralMetadata?.annotations) };
  const spec = t.spec && { ...t.spec, affinity: withoutInjectedRule(t.spec['affinity']) };
  return JSON.parse(JSON.stringify({ ...t, ...(metadata ? { metadata } : {}), ...(spec ? { spec } : {}) })) as unknown;
}
