// Building blocks shared by every kind's schema: Kubernetes shapes (metadata, selectors, pod
// templates) and the few node kinds plain TypeBox cannot express as a structural CRD schema.
//
// Every schema here is plain JSON Schema (OpenAPI v3 subset) plus three extension keys, read by
// `schema-validate.ts` and `crd.ts` alike:
//   x-kubernetes-int-or-string        an integer or a string (maxSurge: 1 or '25%')
//   x-kubernetes-preserve-unknown-fields  any content is kept (pod specs, plugin config)
//   x-kanary-exactly-one              a list of keys of which exactly one must be set (canary
//                                     steps, metric providers); validation only, never in a CRD
import { Type, type TSchema, type TUnsafe, type ObjectOptions, type TProperties, type TObject } from '@sinclair/typebox';

/** `x-kanary-*` keys are Kanary's own validation hints; `crd.ts` strips them. */
export const EXACTLY_ONE = 'x-kanary-exactly-one';

/** An object schema whose closed set of keys is validated; short alias keeps schema files terse. */
export function Obj<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, options);
}

/** Optional property (Kubernetes' `omitempty`). */
export const Opt = Type.Optional;

export const Str = (description?: string) => Type.String(description ? { description } : {});
export const Int = (description?: string) => Type.Integer(description ? { description } : {});
export const Bool = (description?: string) => Type.Boolean(description ? { description } : {});

/** `intstr.IntOrString`: `maxSurge: 1` and `maxSurge: '25%'` are both valid. */
export function IntOrString(description?: string): TUnsafe<number | string> {
  return Type.Unsafe<number | string>({ 'x-kubernetes-int-or-string': true, ...(description ? { description } : {}) });
}

/**
 * A string from a closed set, enforced by validation and by the CRD (`enum`). Use for spec
 * fields users write; status fields use `KnownString` so a newer controller's value never
 * makes a status write fail.
 */
export function StringEnum<const T extends readonly string[]>(values: T, description?: string): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

/** A string typed as a union in TypeScript but not restricted by the schema (status values). */
export function KnownString<const T extends readonly string[]>(_values: T, description?: string): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', ...(description ? { description } : {}) });
}

/** `map[string]string` (labels, annotations, extra ingress annotations). */
export function StringMap(description?: string): TUnsafe<Record<string, string>> {
  return Type.Unsafe<Record<string, string>>({
    type: 'object',
    additionalProperties: { type: 'string' },
    ...(description ? { description } : {}),
  });
}

/** A map from string keys to one schema (`setMirrorRoute.match[].headers`). */
export function MapOf<T extends TSchema>(value: T, description?: string): TUnsafe<Record<string, T['static']>> {
  return Type.Unsafe<Record<string, T['static']>>({
    type: 'object',
    additionalProperties: value,
    ...(description ? { description } : {}),
  });
}

/** An object kept as written: the API server and Kanary never look inside with a schema. */
export function Preserve<T = Record<string, unknown>>(description?: string): TUnsafe<T> {
  return Type.Unsafe<T>({
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
    ...(description ? { description } : {}),
  });
}

/** `metav1.Time`: an RFC 3339 timestamp string. */
export const Timestamp = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });

/** Labels and annotations to add to pods or runs (`canaryMetadata`, `analysisRunMetadata`). */
export const PodTemplateMetadata = Obj({
  labels: Opt(StringMap()),
  annotations: Opt(StringMap()),
});

/** The part of `metav1.ObjectMeta` Kanary reads; the rest is kept untouched. */
export const ObjectMeta = Type.Object(
  {
    name: Opt(Str()),
    generateName: Opt(Str()),
    namespace: Opt(Str()),
    uid: Opt(Str()),
    resourceVersion: Opt(Str()),
    generation: Opt(Int()),
    creationTimestamp: Opt(Timestamp()),
    deletionTimestamp: Opt(Timestamp()),
    labels: Opt(StringMap()),
    annotations: Opt(StringMap()),
    ownerReferences: Opt(Type.Array(Preserve<OwnerReference>())),
    finalizers: Opt(Type.Array(Str())),
  },
  { 'x-kubernetes-preserve-unknown-fields': true },
);

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** `metav1.LabelSelector`. */
export const LabelSelector = Obj({
  matchLabels: Opt(StringMap()),
  matchExpressions: Opt(
    Type.Array(
      Obj({
        key: Str(),
        operator: StringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: Opt(Type.Array(Str())),
      }),
    ),
  ),
});

/** A pod template; its spec is any PodSpec, validated by the API server when pods are made. */
export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  spec?: Record<string, unknown>;
}

export const PodTemplateSpec = Type.Unsafe<PodTemplateSpec>({
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
  properties: {
    metadata: {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: {
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
  description: 'Pod template, as in a Deployment.',
});

/** `corev1.ConditionStatus`. */
export const ConditionStatus = KnownString(['True', 'False', 'Unknown'] as const);

/** Argo's phase of AnalysisRuns, metric results, measurements and Experiments. */
export const AnalysisPhaseValues = ['Pending', 'Running', 'Successful', 'Failed', 'Error', 'Inconclusive'] as const;
export const AnalysisPhase = KnownString(AnalysisPhaseValues);

/**
 * `apiVersion` and `kind`, optional in the type because list responses omit them on items;
 * `validateSchema` checks them before it looks at anything else.
 */
export function kindHeader<const K extends string>(kind: K) {
  return {
    apiVersion: Opt(KnownString(['argoproj.io/v1alpha1'] as const)),
    kind: Opt(KnownString([kind] as const)),
    metadata: ObjectMeta,
  };
}
