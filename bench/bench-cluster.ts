// The local control plane a benchmark runs on: started when it is not up (and stopped again at
// the end), the CRDs installed, a client without a rate limit (the benchmark's own requests must
// not queue behind a budget), and fresh namespaces that are gone again when a run ends.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKubeClients, loadKubeConfig, type KubeClients } from '../src/kube/client.js';
import { installCrds } from '../src/kube/install-crds.js';
import { kinds } from '../src/kube/resources.js';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const say = (s: string) => process.stdout.write(`${s}\n`);

export interface BenchCluster {
  readonly clients: KubeClients;
  readonly kubeconfig: string;
  /** Stops the control plane if this benchmark started it. */
  close(): void;
}

const cluster = (verb: string, quiet = false) =>
  execFileSync('bash', [path.join(repo, 'hack/cluster/cluster.sh'), verb], { stdio: quiet ? 'ignore' : 'inherit' });

/** The running local control plane, or one started for this benchmark, with Kanary's CRDs installed. */
export async function openBenchCluster(): Promise<BenchCluster> {
  let started = false;
  try {
    cluster('status', true);
  } catch {
    say('starting the local control plane');
    cluster('up');
    started = true;
  }
  const kubeconfig = path.join(repo, '.cluster/kubeconfig');
  const clients = createKubeClients(loadKubeConfig({ kubeconfig }), { qps: 0 });
  const crdDir = path.join(repo, 'manifests/crds');
  await installCrds(clients, readdirSync(crdDir).map((f) => readFileSync(path.join(crdDir, f), 'utf8')));
  return { clients, kubeconfig, close: () => { if (started) cluster('down'); } };
}

/** Deletes `name` and waits (up to `timeoutMs`) until the API server has finished deleting it. */
export async function deleteNamespace(clients: KubeClients, name: string, timeoutMs = 300_000): Promise<void> {
  const namespaces = clients.resource(kinds.Namespace);
  await namespaces.delete({ name }).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await namespaces.get({ name }).then(() => false, () => true)) return;
    await sleep(1000);
  }
  if (timeoutMs > 0) say(`  (namespace ${name} still terminating after ${timeoutMs / 1000} s; going on)`);
}

/** A new, empty namespace (an old one of the same name is deleted first). */
export async function freshNamespace(clients: KubeClients, name: string): Promise<void> {
  await deleteNamespace(clients, name);
  await clients.resource(kinds.Namespace).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** The p-th percentile (nearest rank) of ascending `sorted`, NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A process's peak (VmHWM) or current (VmRSS) resident memory, in MiB; NaN once it has exited. */
export function residentMiB(pid: number | undefined, which: 'VmHWM' | 'VmRSS'): number {
  try {
    const kb = new RegExp(`${which}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? NaN : Number(kb) / 1024;
  } catch {
    return NaN;
  }
}
