// Role metadata on pods (`canaryMetadata`/`stableMetadata`, `activeMetadata`/`previewMetadata`):
// the merge patches that put a role's labels and annotations on a pod template or a pod, and take
// off what an earlier role put there, leaving every other key alone.

import type { PodTemplateMetadata } from '../../api/types.js';

/** A JSON merge patch of a labels or annotations map: a string sets the key, null removes it. */
export type MapPatch = Readonly<Record<string, string | null>>;

export interface MetadataPatch {
  readonly labels: MapPatch;
  readonly annotations: MapPatch;
}

export interface ObjectMetadata {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

function mapPatch(current: Readonly<Record<string, string>>, earlier: readonly string[], desired: Readonly<Record<string, string>>): MapPatch {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(desired)) if (current[key] !== value) out[key] = value;
  for (const key of earlier) if (!Object.hasOwn(desired, key) && Object.hasOwn(current, key)) out[key] = null;
  return out;
}

/**
 * What turns `current` into an object carrying the `desired` role metadata: every desired key
 * set, and every key of `earlier` (what a role put there before) that the desired role lacks
 * removed. Undefined when nothing changes. Worked examples (labels; annotations alike):
 *   {app}            earlier -              desired {role: canary} -> {role: canary}
 *   {app, role: c}   earlier {role}         desired {role: stable} -> {role: stable}
 *   {app, role, x}   earlier {role, x}      desired {role: stable} -> {role: stable, x: null}
 *   {app, role: s}   earlier {role}         desired -              -> {role: null}
 *   {app, role: s}   earlier {role}         desired {role: s}      -> undefined
 */
export function metadataPatch(current: ObjectMetadata, earlier: ObjectMetadata | undefined, desired: PodTemplateMetadata | undefined): MetadataPatch | undefined {
  const labels = mapPatch(current.labels ?? {}, Object.keys(earlier?.labels ?? {}), desired?.labels ?? {});
  const annotations = mapPatch(current.annotations ?? {}, Object.keys(earlier?.annotations ?? {}), desired?.annotations ?? {});
  return Object.keys(labels).length + Object.keys(annotations).length === 0 ? undefined : { labels, annotations };
}

/** `current` with a patch applied. */
export function patchedMetadata(current: ObjectMetadata, patch: MetadataPatch | undefined): ObjectMetadata {
  const apply = (map: Readonly<Record<string, string>> | undefined, p: MapPatch) => {
    const out: Record<string, string> = { ...(map ?? {}) };
    for (const [key, value] of Object.entries(p)) {
      if (value === null) delete out[key];
      else out[key] = value;
    }
    return out;
  };
  return patch ? { labels: apply(current.labels, patch.labels), annotations: apply(current.annotations, patch.annotations) } : current;
}

function sortedMap(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k] ?? '']));
}

/**
 * The `rollout.argoproj.io/ephemeral-metadata` value for a role's metadata, byte for byte what
 * Argo Rollouts writes (Go's JSON: labels before annotations, keys sorted, empty maps left out).
 *   {labels: {role: canary}} -> {"labels":{"role":"canary"}}
 */
export function ephemeralMetadataRecord(metadata: PodTemplateMetadata): string {
  const out: Record<string, unknown> = {};
  if (metadata.labels && Object.keys(metadata.labels).length > 0) out['labels'] = sortedMap(metadata.labels);
  if (metadata.annotations && Object.keys(metadata.annotations).length > 0) out['annotations'] = sortedMap(metadata.annotations);
  return JSON.stringify(out);
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string') ? Object.fromEntries(entries) as Record<string, string> : undefined;
}

/** Reads the annotation back; undefined when absent or not the expected JSON (Argo ignores it then too). */
export function parseEphemeralMetadata(record: string | undefined): PodTemplateMetadata | undefined {
  if (record === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const { labels, annotations } = parsed as Record<string, unknown>;
  const l = labels === undefined ? {} : stringMap(labels);
  const a = annotations === undefined ? {} : stringMap(annotations);
  if (!l || !a) return undefined;
  return { ...(Object.keys(l).length > 0 ? { labels: l } : {}), ...(Object.keys(a).length > 0 ? { annotations: a } : {}) };
}
