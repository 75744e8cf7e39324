// Builds the five CustomResourceDefinitions from the schemas in src/api/schema/. The YAML in
// manifests/crds/ is this output (`npm run gen`), committed and checked for drift by a test.
import { stringify } from 'yaml';
import { GROUP, KINDS, KIND_NAMES, VERSION, type KindName } from './schema/index.js';

type Json = Record<string, unknown>;

export interface PrinterColumn {
  name: string;
  type: 'integer' | 'string' | 'date';
  jsonPath: string;
  description: string;
}

const AGE: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Time since resource was created',
};
const PHASE: PrinterColumn = { name: 'Status', type: 'string', jsonPath: '.status.phase', description: 'Phase' };

/** `kubectl get` columns, as Argo Rollouts' CRDs define them. */
const PRINTER_COLUMNS: Record<KindName, PrinterColumn[]> = {
  Rollout: [
    { name: 'Desired', type: 'integer', jsonPath: '.spec.replicas', description: 'Number of desired pods' },
    { name: 'Current', type: 'integer', jsonPath: '.status.replicas', description: 'Total number of non-terminated pods targeted by this rollout' },
    { name: 'Up-to-date', type: 'integer', jsonPath: '.status.updatedReplicas', description: 'Total number of non-terminated pods targeted by this rollout that have the desired template spec' },
    { name: 'Available', type: 'integer', jsonPath: '.status.availableReplicas', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this rollout' },
    AGE,
  ],
  AnalysisTemplate: [AGE],
  ClusterAnalysisTemplate: [AGE],
  AnalysisRun: [PHASE, AGE],
  Experiment: [PHASE, AGE],
};

/** Keys of our schema nodes that a structural CRD schema keeps; all others are dropped. */
const KEPT = ['description', 'type', 'format', 'enum', 'x-kubernetes-preserve-unknown-fields'] as const;

/**
 * One schema node as OpenAPI v3 for a CRD: int-or-string becomes the bare extension (no type,
 * no anyOf), Kanary's `x-kanary-*` validation hints and TypeBox's bookkeeping are dropped, and
 * properties are sorted so the generated YAML reads like controller-gen's.
 */
export function structuralSchema(node: Json): Json {
  if (node['x-kubernetes-int-or-string'] === true) {
    return { ...(node.description ? { description: node.description } : {}), 'x-kubernetes-int-or-string': true };
  }
  const out: Json = {};
  for (const key of KEPT) if (node[key] !== undefined) out[key] = node[key];
  if (node.properties) {
    const props = node.properties as Record<string, Json>;
    out.properties = Object.fromEntries(
      Object.keys(props)
        .sort()
        .map((k) => [k, structuralSchema(props[k]!)]),
    );
  }
  const required = node.required as string[] | undefined;
  if (required && required.length > 0) out.required = [...required].sort();
  if (node.items) out.items = structuralSchema(node.items as Json);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    out.additionalProperties = structuralSchema(node.additionalProperties as Json);
  }
  return out;
}

/** The CRD's root schema: metadata is the API server's business, spec and status are ours. */
function rootSchema(kind: KindName): Json {
  const schema = structuralSchema(KINDS[kind].schema as unknown as Json);
  const properties = schema.properties as Record<string, Json>;
  return {
    ...schema,
    properties: {
      ...properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
    },
    required: ((schema.required ?? []) as string[]).filter((k) => k !== 'metadata'),
  };
}

/** The CustomResourceDefinition of one kind, as a plain object. */
export function crdFor(kind: KindName): Json {
  const info = KINDS[kind];
  // As Argo Rollouts' own CRDs: only Rollouts have a status subresource. With one on AnalysisRuns
  // Argo's controller (which writes their status on the object) would have its writes dropped.
  const subresources: Json = {};
  if (kind === 'Rollout') {
    subresources.status = {};
    // Argo reports HPAReplicas (pods receiving production traffic, so blue-green previews are
    // not counted) to autoscalers; same path here so an HPA behaves the same under Kanary.
    subresources.scale = {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.HPAReplicas',
      labelSelectorPath: '.status.selector',
    };
  }
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${info.plural}.${GROUP}`,
      labels: { 'app.kubernetes.io/name': 'kanary', 'app.kubernetes.io/part-of': 'kanary' },
    },
    spec: {
      group: GROUP,
      names: {
        kind,
        listKind: `${kind}List`,
        plural: info.plural,
        shortNames: [...info.shortNames],
        singular: info.singular,
      },
      scope: info.scope,
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          additionalPrinterColumns: PRINTER_COLUMNS[kind],
          schema: { openAPIV3Schema: rootSchema(kind) },
          subresources,
        },
      ],
    },
  };
}

/** Every CRD, in a stable order. */
export function allCrds(): { kind: KindName; plural: string; crd: Json }[] {
  return KIND_NAMES.map((kind) => ({ kind, plural: KINDS[kind].plural, crd: crdFor(kind) }));
}

/** The YAML text committed as `manifests/crds/<plural>.yaml`. */
export function crdYaml(crd: Json): string {
  return `# Generated by \`npm run gen\` from src/api/schema/. Do not edit.\n${stringify(crd, { lineWidth: 0 })}`;
}
