// Installs the routers' real upstream CRDs in the local control plane: Istio's from the istio.io/api
// Go module, Gateway API's standard channel from sigs.k8s.io/gateway-api, SMI's TrafficSplit
// from smi-sdk-go and Traefik's TraefikService from traefik/v3, all pinned in hack/crds/go.mod and
// fetched into the Go module cache (never committed); and the CRDs no Go module ships, written by
// hand in hack/crds/handwritten/.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeAccess } from '../../src/kube/kubeconfig.js';
import { parseAllDocuments, stringify } from 'yaml';
import { createKubeClients } from '../../src/kube/client.js';
import { installCrds } from '../../src/kube/install-crds.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where `go mod download` put each module of hack/crds/go.mod. */
export function upstreamModuleDirs(): Record<string, string> {
  const out = execFileSync('go', ['mod', 'download', '-json'], { cwd: path.join(repo, 'hack/crds'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const dirs: Record<string, string> = {};
  for (const chunk of out.split(/\n(?=\{)/)) {
    const mod = JSON.parse(chunk) as { Path: string; Dir?: string; Error?: string };
    if (mod.Error || !mod.Dir) throw new Error(`go mod download ${mod.Path}: ${mod.Error ?? 'no directory'}`);
    dirs[mod.Path] = mod.Dir;
  }
  return dirs;
}

/** Only the CustomResourceDefinitions of a YAML text (Gateway API ships a ValidatingAdmissionPolicy beside them). */
function crdsOf(text: string): string[] {
  return parseAllDocuments(text).map((d) => d.toJS() as { kind?: string } | null).filter((o) => o?.kind === 'CustomResourceDefinition').map((o) => stringify(o));
}

interface V1beta1Crd {
  apiVersion?: string;
  spec: {
    version?: string;
    versions?: { name: string; served: boolean; storage: boolean }[];
    validation?: { openAPIV3Schema?: Record<string, unknown> };
    additionalPrinterColumns?: { name: string; type: string; description?: string; JSONPath: string }[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/**
 * An apiextensions.k8s.io/v1beta1 CRD (smi-sdk-go still ships that form, which API servers stopped
 * serving in Kubernetes 1.22) as v1, the way the API server converted it: the shared schema and
 * printer columns go into each version, `version` goes. v1 also requires a structural schema, so a
 * root without a type gets `type: object`; nothing else of the schema changes.
 */
export function crdV1beta1ToV1(text: string): string[] {
  return parseAllDocuments(text).map((d) => d.toJS() as V1beta1Crd | null).filter((o) => o?.['kind'] === 'CustomResourceDefinition').map((crd) => {
    if (crd?.apiVersion !== 'apiextensions.k8s.io/v1beta1') return stringify(crd);
    const { version, versions, validation, additionalPrinterColumns, ...spec } = crd.spec;
    const schema = { type: 'object', ...(validation?.openAPIV3Schema ?? {}) };
    const columns = additionalPrinterColumns?.map(({ JSONPath, ...c }) => ({ ...c, jsonPath: JSONPath }));
    const all = versions ?? [{ name: version ?? 'v1', served: true, storage: true }];
    return stringify({
      ...crd, apiVersion: 'apiextensions.k8s.io/v1',
      spec: { ...spec, versions: all.map((v) => ({ ...v, schema: { openAPIV3Schema: schema }, ...(columns ? { additionalPrinterColumns: columns } : {}) })) },
    });
  });
}

/** The CRDs written by hand from a vendor's API reference, in hack/crds/handwritten/<router>/ (see the README there). */
export function handwrittenCrds(): string[] {
  const root = path.join(repo, 'hack/crds/handwritten');
  return readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    .flatMap((dir) => readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => crdsOf(readFileSync(path.join(root, dir, f), 'utf8'))));
}

/**
 * Traefik's TraefikService CRD as traefik/v3 ships it (group traefik.io), or the same schema under
 * another `group`: tests stand in for Traefik v2's traefik.containo.us this way (not its own CRD,
 * but its `spec.weighted.services[].name` and `.weight`, all a router touches, are the same).
 */
export function traefikServiceCrd(dirs: Record<string, string>, group = 'traefik.io'): string {
  const traefik = dirs['github.com/traefik/traefik/v3'];
  if (!traefik) throw new Error(`hack/crds/go.mod lacks github.com/traefik/traefik/v3: ${JSON.stringify(dirs)}`);
  const text = readFileSync(path.join(traefik, 'docs/content/reference/dynamic-configuration/traefik.io_traefikservices.yaml'), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as { kind?: string; metadata: object; spec: object } | null).filter((o) => o?.kind === 'CustomResourceDefinition')
    .map((crd) => stringify({ ...crd, metadata: { ...crd?.metadata, name: `traefikservices.${group}` }, spec: { ...crd?.spec, group } })).join('---\n');
}

/** Istio's, Gateway API's, SMI's and Traefik's CRDs, and the hand-written ones, applied and Established. */
export async function installUpstreamCrds(kc: KubeAccess): Promise<string[]> {
  const dirs = upstreamModuleDirs();
  const istio = dirs['istio.io/api'];
  const gateway = dirs['sigs.k8s.io/gateway-api'];
  const smi = dirs['github.com/servicemeshinterface/smi-sdk-go'];
  if (!istio || !gateway || !smi) throw new Error(`hack/crds/go.mod lacks a module: ${JSON.stringify(dirs)}`);
  const gatewayDir = path.join(gateway, 'config/crd/standard');
  const texts = [
    ...crdsOf(readFileSync(path.join(istio, 'kubernetes/customresourcedefinitions.gen.yaml'), 'utf8')),
    ...readdirSync(gatewayDir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => crdsOf(readFileSync(path.join(gatewayDir, f), 'utf8'))),
    ...crdV1beta1ToV1(readFileSync(path.join(smi, 'crds/split.yaml'), 'utf8')),
    traefikServiceCrd(dirs),
    ...handwrittenCrds(),
  ];
  return installCrds(createKubeClients(kc), texts, 60_000);
}
