// Installs CustomResourceDefinitions by server-side apply and waits until the API server serves
// them (Established). Used by the e2e setup, the demo and the benchmark.
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import type { KubeClients } from './client.js';
import { kinds } from './resources.js';

interface Crd extends KubernetesObject {
  status?: { conditions?: { type: string; status: string }[] };
}

/** Applies every CRD in the YAML texts as field manager `kanary`; resolves once all are Established. */
export async function installCrds(clients: KubeClients, yamlTexts: readonly string[], timeoutMs = 30_000): Promise<string[]> {
  const crds = clients.resource<Crd>(kinds.CustomResourceDefinition);
  const names: string[] = [];
  for (const text of yamlTexts) {
    for (const doc of parseAllDocuments(text)) {
      const obj = doc.toJS() as Crd | null;
      if (!obj?.metadata?.name) continue;
      await crds.apply(obj, { fieldManager: 'kanary', force: true });
      names.push(obj.metadata.name);
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    for (;;) {
      const crd = await crds.get({ name });
      if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CustomResourceDefinition ${name} was not Established within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return names;
}
