// A connection to the cluster from kubectl-style options (--kubeconfig, --context, -n): clients,
// the namespace to use, and the server's address for error messages. The CLI and the dashboard
// both open one.

import { readFileSync } from 'node:fs';
import { createKubeClients, loadKubeConfig, type KubeClients } from '../kube/client.js';
import { UsageError } from './failure.js';

export interface ConnectionOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface Session {
  readonly clients: KubeClients;
  /** -n, else the context's namespace, else "default". */
  readonly namespace: string;
  readonly server: string;
  /** The kubeconfig user of the context: who actions are recorded as. */
  readonly user: string;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Who the session acts as: the kubeconfig's user, or in a pod (client-node names that user
 * "inClusterUser") the ServiceAccount its token is for, `system:serviceaccount:kanary:kanary-dashboard`.
 */
function identityOf(user: string | undefined): string {
  if (user !== 'inClusterUser') return user ?? 'unknown';
  try {
    const payload = readFileSync(IN_CLUSTER_TOKEN, 'utf8').split('.')[1] ?? '';
    const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
    return typeof sub === 'string' && sub ? sub : user;
  } catch {
    return user;
  }
}

function readableReason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

/** Loads the kubeconfig the flags name; a missing file or context is a usage error (exit 2). */
export function openSession(opts: ConnectionOptions): Session {
  let kc;
  try {
    kc = loadKubeConfig({ ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}) });
  } catch (e) {
    const where = opts.kubeconfig ? `"${opts.kubeconfig}"` : '(KUBECONFIG or ~/.kube/config)';
    throw new UsageError(`cannot load the kubeconfig ${where}: ${readableReason(e)}; check --kubeconfig`);
  }
  if (opts.context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(opts.context)) {
      throw new UsageError(`context "${opts.context}" is not in the kubeconfig; its contexts are: ${names.join(', ') || 'none'}`);
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new UsageError(`the kubeconfig's context "${kc.getCurrentContext()}" names no cluster; check --kubeconfig/--context`);
  const contextNamespace = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return {
    clients: createKubeClients(kc),
    namespace: opts.namespace || contextNamespace || 'default',
    server: cluster.server,
    user: identityOf(kc.getCurrentUser()?.name),
  };
}
