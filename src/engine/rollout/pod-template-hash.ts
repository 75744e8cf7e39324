// Pod-template identity: the `rollouts-pod-template-hash` label value of a template, and the
// equality that decides whether an existing ReplicaSet already runs a template. ReplicaSets are
// matched by template, never by hash alone (docs/architecture.md): a hash is only a name.

import { POD_TEMPLATE_HASH_LABEL } from '../../api/labels.js';
import { withoutInjectedRule } from './anti-affinity.js';
import { applyPodSpecDefaults, type JsonObject } from './pod-template-defaults.js';

/** The label Argo Rollouts (and Kanary) put on ReplicaSets, pods and selectors. */

export { POD_TEMPLATE_HASH_LABEL };

/** Kubernetes' `rand.SafeEncodeString` alphabet: no vowels, no look-alike digits. */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Metadata keys to leave out of a comparison, e.g. the ephemeral canary/stable metadata listed in
 * a ReplicaSet's `rollout.argoproj.io/ephemeral-metadata` annotation. Left out of both templates
 * (Argo removes them from the live one only).
 */
export interface TemplateIgnore {
  readonly labels?: readonly string[];
  readonly annotations?: readonly string[];
  /** Leave out an anti-affinity rule Kanary or Argo injected (`antiAffinity`), from both templates. */
  readonly injectedAntiAffinity?: boolean;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A deep copy without undefined or null values (null is how Go writes an unset field).
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item) ?? null);
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined && item !== null) copy[key] = withoutNulls(item);
  }
  return copy;
}

// Drops empty maps and lists, recursively, and sorts keys: `{}`/`[]` mean the same as absent.
function pruned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruned);
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    const item = pruned(value[key]);
    if (Array.isArray(item) && item.length === 0) continue;
    if (isObject(item) && Object.keys(item).length === 0) continue;
    copy[key] = item;
  }
  return copy;
}

function omitKeys(map: unknown, keys: readonly string[]): void {
  if (!isObject(map)) return;
  for (const key of keys) delete map[key];
}

/**
 * A pod template in one canonical form: the hash label and any ignored metadata removed, the API
 * server's defaults applied, null/undefined and empty maps and lists dropped, keys sorted.
 * Templates with the same canonical form run the same pods.
 */
export function canonicalPodTemplate(template: unknown, ignore: TemplateIgnore = {}): unknown {
  const copy = withoutNulls(template);
  if (!isObject(copy)) return copy;
  if (isObject(copy.metadata)) {
    omitKeys(copy.metadata.labels, [POD_TEMPLATE_HASH_LABEL, ...(ignore.labels ?? [])]);
    omitKeys(copy.metadata.annotations, ignore.annotations ?? []);
  }
  if (isObject(copy.spec) && ignore.injectedAntiAffinity === true && copy.spec.affinity !== undefined) {
    const affinity = withoutInjectedRule(copy.spec.affinity);
    if (affinity === undefined) delete copy.spec.affinity;
    else copy.spec.affinity = affinity as JsonObject;
  }
  if (isObject(copy.spec)) applyPodSpecDefaults(copy.spec);
  return pruned(copy);
}

/**
 * Whether two pod templates run the same pods: equal after `canonicalPodTemplate`, so the hash
 * label, key order, empty versus missing maps and lists, and fields the API server defaults
 * (a ReplicaSet read back from the cluster has them, a Rollout's template usually not) make no
 * difference. This is how a ReplicaSet made by Argo Rollouts, or by an earlier Kanary with a
 * different hash, is recognised and adopted without restarting its pods.
 */
export function sameTemplate(a: unknown, b: unknown, ignore: TemplateIgnore = {}): boolean {
  return JSON.stringify(canonicalPodTemplate(a, ignore)) === JSON.stringify(canonicalPodTemplate(b, ignore));
}

/** FNV-1a, 32 bits, over bytes: the hash Kubernetes uses for pod-template hashes. */
export function fnv1a32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/**
 * Kubernetes' `rand.SafeEncodeString`: each character of `text` mapped to `SAFE_ALPHABET` by its
 * code modulo 27. Applied to decimal digits, only `456789bcdf` can appear.
 */
export function safeEncodeString(text: string): string {
  let encoded = '';
  for (const char of text) encoded += SAFE_ALPHABET[(char.codePointAt(0) ?? 0) % SAFE_ALPHABET.length];
  return encoded;
}

/**
 * The `rollouts-pod-template-hash` value for a template: FNV-1a 32 of the UTF-8 bytes of its
 * canonical JSON, then, if `collisionCount` is set (0 included), 8 little-endian bytes of it
 * (`uint32` in the low 4), as Kubernetes' `ComputeHash` mixes it in; the decimal `uint32` is then
 * encoded with `safeEncodeString`. Like Kubernetes, one character per decimal digit and no
 * padding: 10 characters for most templates (hash >= 1e9, about 77%), fewer for the rest.
 * Stable across processes, platforms and Node versions; not equal to Argo's own hashes (Argo
 * hashes Go's JSON of the template), which is why ReplicaSets are matched with `sameTemplate`.
 */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  const json = JSON.stringify(canonicalPodTemplate(template)) ?? 'null';
  let hash = fnv1a32(new TextEncoder().encode(json));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv1a32(bytes, hash);
  }
  return safeEncodeString(String(hash));
}
