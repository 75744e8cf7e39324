// Installs the routers' real upstream CRDs in the local control plane: Istio's from the istio.io/api
// Go module and Gateway API's standard channel from sigs.k8s.io/gateway-api, both pinned in
// hack/crds/go.mod and fetched into the Go module cache (never committed).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeConfig } from '@kubernetes/client-node';
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

/** Istio's and Gateway API's CRDs, applied and Established. */
export async function installUpstreamCrds(kc: KubeConfig): Promise<string[]> {
  const dirs = upstreamModuleDirs();
  const istio = dirs['istio.io/api'];
  const gateway = dirs['sigs.k8s.io/gateway-api'];
  if (!istio || !gateway) throw new Error(`hack/crds/go.mod lacks a module: ${JSON.stringify(dirs)}`);
  const gatewayDir = path.join(gateway, 'config/crd/standard');
  const texts = [
    ...crdsOf(readFileSync(path.join(istio, 'kubernetes/customresourcedefinitions.gen.yaml'), 'utf8')),
    ...readdirSync(gatewayDir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) => crdsOf(readFileSync(path.join(gatewayDir, f), 'utf8'))),
  ];
  return installCrds(createKubeClients(kc), texts, 60_000);
}
