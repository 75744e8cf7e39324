import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { allCrds, crdFor, crdYaml } from './crd.js';

const crdDir = join(import.meta.dirname, '..', '..', 'manifests', 'crds');

describe('committed CRDs', () => {
  it.each(allCrds())('manifests/crds/$plural.yaml is up to date', ({ plural, crd }) => {
    const committed = readFileSync(join(crdDir, `${plural}.yaml`), 'utf8');
    expect(committed === crdYaml(crd), `manifests/crds/${plural}.yaml is stale: run npm run gen`).toBe(true);
  });

  it('round-trip through YAML unchanged', () => {
    for (const { crd } of allCrds()) expect(parse(crdYaml(crd))).toEqual(crd);
  });
});

type Node = Record<string, unknown>;
const ALLOWED = new Set([
  'type', 'description', 'format', 'enum', 'properties', 'required', 'items', 'additionalProperties',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string',
]);

/** Every reason a node would make the API server reject the CRD as non-structural. */
function structuralProblems(node: Node, path: string): string[] {
  const out: string[] = [];
  for (const key of Object.keys(node)) if (!ALLOWED.has(key)) out.push(`${path}: forbidden key ${key}`);
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  if (intOrString && node.type !== undefined) out.push(`${path}: int-or-string must not have a type`);
  if (!intOrString && typeof node.type !== 'string') out.push(`${path}: no type`);
  if (node.properties && node.additionalProperties) out.push(`${path}: properties with additionalProperties`);
  if (node.type === 'array' && !node.items) out.push(`${path}: array without items`);
  for (const [k, child] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
    out.push(...structuralProblems(child, `${path}.${k}`));
  }
  if (node.items) out.push(...structuralProblems(node.items as Node, `${path}[]`));
  if (typeof node.additionalProperties === 'object') out.push(...structuralProblems(node.additionalProperties as Node, `${path}{}`));
  return out;
}

describe('generated schemas', () => {
  it.each(allCrds())('$kind is structural', ({ crd }) => {
    const version = (crd.spec as { versions: { schema: { openAPIV3Schema: Node } }[] }).versions[0]!;
    expect(structuralProblems(version.schema.openAPIV3Schema, '')).toEqual([]);
  });

  it('int-or-string fields carry only the extension', () => {
    const root = (crdFor('Rollout').spec as { versions: { schema: { openAPIV3Schema: Node } }[] }).versions[0]!.schema.openAPIV3Schema;
    const canary = (((root.properties as Record<string, Node>).spec!.properties as Record<string, Node>).strategy!.properties as Record<string, Node>).canary!;
    expect((canary.properties as Record<string, Node>).maxSurge).toEqual({
      description: 'Pods above spec.replicas during an update (default 25%).',
      'x-kubernetes-int-or-string': true,
    });
  });

  it('names, scope and subresources match Argo Rollouts', () => {
    const summary = allCrds().map(({ crd }) => {
      const spec = crd.spec as { names: { plural: string; shortNames: string[] }; scope: string; versions: { subresources: Node }[] };
      return [spec.names.plural, spec.names.shortNames, spec.scope, Object.keys(spec.versions[0]!.subresources)];
    });
    expect(summary).toEqual([
      ['rollouts', ['ro'], 'Namespaced', ['status', 'scale']],
      ['analysistemplates', ['at'], 'Namespaced', []],
      ['clusteranalysistemplates', ['cat'], 'Cluster', []],
      ['analysisruns', ['ar'], 'Namespaced', []],
      ['experiments', ['exp'], 'Namespaced', []],
    ]);
    expect((crdFor('Rollout').spec as { versions: { subresources: Node }[] }).versions[0]!.subresources.scale).toEqual({
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.HPAReplicas',
      labelSelectorPath: '.status.selector',
    });
  });
});

describe('install manifests', () => {
  const root = join(crdDir, '..');
  const kustomization = parse(readFileSync(join(root, 'kustomization.yaml'), 'utf8')) as { resources: string[] };

  it('list every CRD and parse', () => {
    for (const { plural } of allCrds()) expect(kustomization.resources).toContain(`crds/${plural}.yaml`);
    for (const file of kustomization.resources) {
      for (const doc of parseAllDocuments(readFileSync(join(root, file), 'utf8'))) expect(doc.errors).toEqual([]);
    }
  });

  it('run the controller from the image', () => {
    const docs = parseAllDocuments(readFileSync(join(root, 'deployment.yaml'), 'utf8')).map((d) => d.toJS());
    const container = docs.find((d) => d.kind === 'Deployment').spec.template.spec.containers[0];
    expect([container.image, container.command]).toEqual(['kanary/kanary:latest', ['node', '--max-semi-space-size=4', 'bin/kanary.js', 'controller']]);
    expect(container.ports.map((p: { containerPort: number }) => p.containerPort).sort()).toEqual([8080, 8090]);
  });
});
