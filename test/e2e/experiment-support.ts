// Helpers for the Experiment e2e tests: seed files read as written, reads of an Experiment and
// its objects, and waits that print the Experiment's status when they time out.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { AnalysisRun, Experiment } from '../../src/api/types.js';
import type { KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { manifests, waitFor } from './harness.js';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type ExperimentObject = Experiment & KubernetesObject;
export type RunObject = AnalysisRun & KubernetesObject;

/** The objects of a seed file, unchanged, in the test's namespace. */
export function seedObjects(file: string, namespace: string): KubernetesObject[] {
  return manifests(readFileSync(path.join(repo, 'examples/seeds', file), 'utf8'), namespace);
}

export async function createAll(clients: KubeClients, objects: readonly KubernetesObject[]): Promise<void> {
  for (const obj of objects) {
    const type = Object.values(kinds).find((k) => k.kind === obj.kind);
    if (!type) throw new Error(`no resource type for kind ${obj.kind}`);
    await clients.resource<KubernetesObject>(type).create(obj);
  }
}

export function experimentReads(clients: KubeClients, namespace: string) {
  const get = (name: string) => clients.resource<ExperimentObject>(kinds.Experiment).get({ namespace, name });
  return {
    get,
    run: (name: string) => clients.resource<RunObject>(kinds.AnalysisRun).get({ namespace, name }),
    replicaSet: (name: string) => clients.resource<V1ReplicaSet>(kinds.ReplicaSet).get({ namespace, name }),
    services: async () => (await clients.resource<V1Service>(kinds.Service).list({ namespace })).items,
    /** Waits until the Experiment's status satisfies `check`; on timeout prints the status. */
    until: (name: string, what: string, check: (e: ExperimentObject) => boolean, timeoutMs = 90_000) =>
      waitFor(`Experiment ${name} ${what}`, async () => {
        const e = await get(name);
        return check(e) ? e : undefined;
      }, { timeoutMs, intervalMs: 300, describe: async () => (await get(name)).status }),
  };
}

/** Runs `kanary ARGS` (the built CLI) and returns its stdout. */
export function kanary(kubeconfig: string, namespace: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repo, 'bin/kanary.js'), '--kubeconfig', kubeconfig, '-n', namespace, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
