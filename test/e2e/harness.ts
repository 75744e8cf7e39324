// The e2e harness: a client for the local control plane, a namespace per test, manifests applied
// from YAML, and waits that fail with the object's current state in the message.
import { inject } from 'vitest';
import {
  AppsV1Api, BatchV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, type KubernetesObject,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

export interface Cluster {
  kc: KubeConfig;
  objects: KubernetesObjectApi;
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  custom: CustomObjectsApi;
  kubeconfigPath: string;
}

export function connect(): Cluster {
  const kubeconfigPath = inject('kubeconfig');
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return {
    kc,
    kubeconfigPath,
    objects: KubernetesObjectApi.makeApiClient(kc),
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
  };
}

let counter = 0;

/** Creates a fresh namespace named after the test and waits for its default ServiceAccount. */
export async function createNamespace(c: Cluster, prefix: string): Promise<string> {
  const name = `${prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40)}-${process.pid % 10000}-${++counter}`;
  await c.core.createNamespace({ body: { metadata: { name, labels: { 'kanary.io/e2e': 'true' } } } });
  await waitFor(`ServiceAccount ${name}/default`, async () => {
    try {
      await c.core.readNamespacedServiceAccount({ name: 'default', namespace: name });
      return true;
    } catch {
      return false;
    }
  }, { timeoutMs: 60_000 });
  return name;
}

export async function deleteNamespace(c: Cluster, name: string): Promise<void> {
  await c.core.deleteNamespace({ name }).catch(() => undefined);
}

/** Parses YAML (one or more documents) into objects, setting the namespace where none is given. */
export function manifests(yamlText: string, namespace?: string): KubernetesObject[] {
  return parseAllDocuments(yamlText)
    .map((d) => d.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject => o !== null)
    .map((o) => (namespace && !o.metadata?.namespace ? { ...o, metadata: { ...o.metadata, namespace } } : o));
}

/** Creates every object in the YAML text, in order. */
export async function apply(c: Cluster, yamlText: string, namespace?: string): Promise<KubernetesObject[]> {
  const out: KubernetesObject[] = [];
  for (const obj of manifests(yamlText, namespace)) out.push(await c.objects.create(obj));
  return out;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Describes the current state for the failure message. */
  describe?: () => Promise<unknown>;
}

/** Polls `check` until it returns a truthy value; on timeout throws with the last state seen. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, opts: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      let state: unknown = lastError instanceof Error ? `last error: ${lastError.message}` : lastError;
      if (opts.describe) state = await opts.describe().catch((e: unknown) => `could not describe: ${String(e)}`);
      throw new Error(`timed out after ${opts.timeoutMs ?? 30_000} ms waiting for ${what}; current state:\n${
        typeof state === 'string' ? state : JSON.stringify(state, null, 2)}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}
