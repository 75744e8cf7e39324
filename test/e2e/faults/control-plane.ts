// The local control plane's fault hooks (hack/cluster/fault-hooks.sh), for the fault cases that
// break the real thing: a further kube-apiserver on the shared etcd that a case may stop, start
// again or start with its own flags, and etcd compaction. The other e2e tests keep the shared
// API server, untouched.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const run = promisify(execFile);

/** Why the hooks cannot run here ('' when they can): they need the control plane this repository starts. */
export function controlPlaneHooksMissing(): string {
  return process.env.KANARY_E2E_KUBECONFIG
    ? 'KANARY_E2E_KUBECONFIG points the tests at another cluster; restarting an API server and compacting etcd need the local control plane (hack/cluster)'
    : '';
}

async function cluster(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [path.join(repo, 'hack/cluster/cluster.sh'), ...args], { cwd: repo, encoding: 'utf8', timeout: 180_000 });
  return stdout.trim();
}

export interface ApiServer {
  readonly name: string;
  /** A kubeconfig for this server, as the ordinary user `kanary-tenant` (bound to cluster-admin). */
  readonly kc: KubeConfig;
  readonly kubeconfigPath: string;
  /** Stops the process (SIGTERM, or SIGKILL with `kill`); it keeps its port and flags. */
  stop(opts?: { kill?: boolean }): Promise<void>;
  /** Starts it again with the same flags and port; resolves once /readyz answers. */
  restart(): Promise<void>;
}

/** Starts a further kube-apiserver on the shared etcd, with the shared flags plus `flags`. */
export async function startApiServer(name: string, flags: string[] = []): Promise<ApiServer> {
  const kubeconfigPath = (await cluster('apiserver', 'start', name, ...flags)).split('\n').at(-1) ?? '';
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return {
    name, kc, kubeconfigPath,
    stop: async (opts = {}) => { await cluster('apiserver', 'stop', name, ...(opts.kill ? ['--kill'] : [])); },
    restart: async () => { await cluster('apiserver', 'start', name); },
  };
}

/** Compacts etcd at its current revision (physically); returns that revision. */
export async function compactEtcd(): Promise<number> {
  return Number(await cluster('etcd', 'compact'));
}
