// `status.currentStepHash`: the same value Argo Rollouts' controller writes for the same steps,
// so a Rollout moved between the two controllers mid-update keeps its place in the steps.
//
// The hash is FNV-1a (32 bit) over the steps encoded as Go's encoding/json encodes Argo's typed
// CanaryStep structs, then written as decimal digits in Kubernetes' "safe" alphabet. Matching it
// means encoding like Go does, which differs from JSON.stringify in four ways:
//   - fields come in the struct's declaration order, never the object's own order;
//   - unknown fields are dropped, and zero values are kept or left out by each field's
//     `omitempty` (a non-pointer struct is never left out: an analysis step always carries
//     `"analysisRunMetadata":{}`);
//   - a missing list or pointer without `omitempty` is `null`; map keys are sorted;
//   - `<`, `>`, `&`, U+2028 and U+2029 in strings are \u-escaped.
// The shapes below list the fields of each step type in Go's order. test/fixtures/argo-step-hash
// holds hashes computed by Argo's own code, which the tests compare against.

import type { CanaryStep } from '../../api/types.js';
import { fnv1a32, safeEncodeString } from './pod-template-hash.js';

type Shape =
  | { readonly t: 'str' | 'int' | 'bool' | 'intOrStr' | 'raw' }
  | { readonly t: 'ptr' | 'slice' | 'map'; readonly of: Shape }
  | { readonly t: 'struct'; readonly fields: readonly Field[] };
type Field = readonly [name: string, shape: Shape, omitempty: boolean];

const str: Shape = { t: 'str' };
const int: Shape = { t: 'int' };
const bool: Shape = { t: 'bool' };
const ptr = (of: Shape): Shape => ({ t: 'ptr', of });
const slice = (of: Shape): Shape => ({ t: 'slice', of });
const map = (of: Shape): Shape => ({ t: 'map', of });
const struct = (...fields: Field[]): Shape => ({ t: 'struct', fields });

const labelsAndAnnotations = struct(['labels', map(str), true], ['annotations', map(str), true]);
const argument = struct(
  ['name', str, false],
  ['value', str, true],
  ['valueFrom', ptr(struct(['podTemplateHashValue', ptr(str), true], ['fieldRef', ptr(struct(['fieldPath', str, false])), true])), true],
);
const dryRun = struct(['metricName', str, false]);
const stringMatch = struct(['exact', str, true], ['prefix', str, true], ['regex', str, true]);
const labelSelector = struct(
  ['matchLabels', map(str), true],
  ['matchExpressions', slice(struct(['key', str, false], ['operator', str, false], ['values', slice(str), true])), true],
);

const CANARY_STEP: Shape = struct(
  ['setWeight', ptr(int), true],
  ['pause', ptr(struct(['duration', ptr({ t: 'intOrStr' }), true])), true],
  ['experiment', ptr(struct(
    ['templates', slice(struct(
      ['name', str, false],
      ['specRef', str, false],
      ['replicas', ptr(int), true],
      ['metadata', labelsAndAnnotations, true],
      ['selector', ptr(labelSelector), true],
      ['weight', ptr(int), true],
      ['service', ptr(struct(['name', str, true])), true],
    )), false],
    ['duration', str, true],
    ['analyses', slice(struct(
      ['name', str, false],
      ['templateName', str, false],
      ['clusterScope', bool, true],
      ['args', slice(argument), true],
      ['requiredForCompletion', bool, true],
    )), true],
    ['dryRun', slice(dryRun), true],
    ['analysisRunMetadata', labelsAndAnnotations, true],
  )), true],
  ['analysis', ptr(struct(
    ['templates', slice(struct(['templateName', str, false], ['clusterScope', bool, true])), true],
    ['args', slice(argument), true],
    ['dryRun', slice(dryRun), true],
    ['measurementRetention', slice(struct(['metricName', str, false], ['limit', int, false])), true],
    ['analysisRunMetadata', labelsAndAnnotations, true],
  )), true],
  ['setCanaryScale', ptr(struct(['weight', ptr(int), true], ['replicas', ptr(int), true], ['matchTrafficWeight', bool, true])), true],
  ['setHeaderRoute', ptr(struct(
    ['name', str, true],
    ['match', slice(struct(['headerName', str, false], ['headerValue', ptr(stringMatch), false])), true],
  )), true],
  ['setMirrorRoute', ptr(struct(
    ['name', str, false],
    ['match', slice(struct(['method', ptr(stringMatch), true], ['path', ptr(stringMatch), true], ['headers', map(stringMatch), true])), true],
    ['percentage', ptr(int), true],
  )), true],
  ['plugin', ptr(struct(['name', str, false], ['config', { t: 'raw' }, true])), true],
);

/** A string as Go's encoder writes it (HTML-safe escapes included). */
function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go's `omitempty`: false, 0, "", a nil pointer, an empty list or map; a struct never. */
function isEmpty(shape: Shape, v: unknown): boolean {
  if (v === undefined || v === null) return shape.t !== 'struct';
  switch (shape.t) {
    case 'str': return v === '';
    case 'int': return v === 0;
    case 'bool': return v === false;
    case 'slice': return Array.isArray(v) && v.length === 0;
    case 'map': return typeof v === 'object' && Object.keys(v).length === 0;
    default: return false;
  }
}

/** Any JSON value, compact, keys sorted (as a RawMessage the API server sent is). */
function rawJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(rawJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${goString(k)}:${rawJson(o[k])}`).join(',')}}`;
  }
  return typeof v === 'string' ? goString(v) : JSON.stringify(v ?? null);
}

function encode(shape: Shape, v: unknown): string {
  const missing = v === undefined || v === null;
  switch (shape.t) {
    case 'str': return goString(typeof v === 'string' ? v : '');
    case 'int': return String(typeof v === 'number' ? Math.trunc(v) : 0);
    case 'bool': return v === true ? 'true' : 'false';
    case 'intOrStr': return typeof v === 'number' ? String(Math.trunc(v)) : goString(typeof v === 'string' ? v : '');
    case 'raw': return missing ? 'null' : rawJson(v);
    case 'ptr': return missing ? 'null' : encode(shape.of, v);
    case 'slice': return Array.isArray(v) ? `[${v.map((x) => encode(shape.of, x)).join(',')}]` : 'null';
    case 'map': {
      if (missing || typeof v !== 'object') return 'null';
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o).sort().map((k) => `${goString(k)}:${encode(shape.of, o[k])}`).join(',')}}`;
    }
    case 'struct': {
      const o = (missing || typeof v !== 'object' ? {} : v) as Record<string, unknown>;
      const parts: string[] = [];
      for (const [name, field, omitempty] of shape.fields) {
        if (omitempty && isEmpty(field, o[name])) continue;
        parts.push(`${goString(name)}:${encode(field, o[name])}`);
      }
      return `{${parts.join(',')}}`;
    }
  }
}

/** The steps as Go's encoding/json writes Argo's `[]CanaryStep` (no steps: `null`). */
export function goJsonOfSteps(steps: readonly CanaryStep[] | undefined): string {
  return encode(slice(CANARY_STEP), steps);
}

/** `status.currentStepHash` for these steps, equal to Argo Rollouts' for the same steps. */
export function stepsHash(steps: readonly CanaryStep[] | undefined): string {
  return safeEncodeString(String(fnv1a32(new TextEncoder().encode(goJsonOfSteps(steps)))));
}
