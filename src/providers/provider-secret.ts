// The Secrets metric providers take credentials from, found where Argo Rollouts looks for them:
// read when a measurement needs them, never cached, logged or written to status.
import { readFileSync } from 'node:fs';
import { createKubeClients, type KubeClients } from '../kube/client.js';
import { classify } from '../kube/errors.js';
import type { KubeAccess } from '../kube/kubeconfig.js';
import { kinds } from '../kube/resources.js';
import type { ProviderContext, SecretReader, SecretRef } from './provider.js';

/** Argo's fallback when neither POD_NAMESPACE nor a service-account namespace is known. */
export const DEFAULT_CONTROLLER_NAMESPACE = 'argo-rollouts';
const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/**
 * The namespace the controller runs in, where shared provider Secrets (`datadog`, `newrelic`,
 * `influxdb`, `wavefront-api-tokens`) live: POD_NAMESPACE, else the pod's service-account
 * namespace, else `argo-rollouts` (Argo's `defaults.Namespace()`).
 */
export function controllerNamespace(env: NodeJS.ProcessEnv = process.env, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): string {
  const fromEnv = env['POD_NAMESPACE'];
  if (fromEnv !== undefined) return fromEnv;
  try {
    const ns = readFile(SERVICE_ACCOUNT_NAMESPACE).trim();
    if (ns) return ns;
  } catch {
    // not in a pod
  }
  return DEFAULT_CONTROLLER_NAMESPACE;
}

interface SecretObject {
  metadata?: { name?: string };
  data?: Record<string, string>;
}

const clientsByConfig = new WeakMap<KubeAccess, KubeClients>();

/** Reads a Secret through the apiserver with the context's credentials; undefined when it does not exist. */
export function kubeSecretReader(kube: KubeAccess): SecretReader {
  return async (ref) => {
    let clients = clientsByConfig.get(kube);
    if (!clients) clientsByConfig.set(kube, (clients = createKubeClients(kube)));
    let secret: SecretObject;
    try {
      secret = await clients.resource<SecretObject & { metadata: { name: string } }>(kinds.Secret).get(ref);
    } catch (err) {
      if (classify(err).kind === 'NotFound') return undefined;
      throw err;
    }
    const out: Record<string, string> = {};
    for (const [key, encoded] of Object.entries(secret.data ?? {})) out[key] = Buffer.from(encoded, 'base64').toString('utf8');
    return out;
  };
}

/** The Secret's decoded keys, or undefined when it does not exist; throws when no reader is available. */
export async function readProviderSecret(ctx: ProviderContext, ref: SecretRef): Promise<Record<string, string> | undefined> {
  const reader = ctx.readSecret ?? (ctx.kube ? kubeSecretReader(ctx.kube) : undefined);
  if (!reader) throw new Error(`cannot read secret ${JSON.stringify(ref.name)}: no cluster credentials`);
  return reader(ref);
}

/** The Secret's keys, or an Error naming the Secret and namespace (never a value). */
export async function requireProviderSecret(ctx: ProviderContext, ref: SecretRef, provider: string): Promise<Record<string, string>> {
  const secret = await readProviderSecret(ctx, ref);
  if (!secret) throw new Error(`${provider}: secret ${JSON.stringify(ref.name)} not found in namespace ${JSON.stringify(ref.namespace)}`);
  return secret;
}
