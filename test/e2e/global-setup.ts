// Brings up the local control plane once for the whole e2e run (or uses KANARY_E2E_KUBECONFIG),
// installs Kanary's CRDs, and stops the control plane afterwards if this run started it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClients } from '../../src/kube/client.js';
import { installCrds as applyCrds } from '../../src/kube/install-crds.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const clusterScript = path.join(repo, 'hack/cluster/cluster.sh');

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
  }
}

function cluster(verb: string): string {
  return execFileSync('bash', [clusterScript, verb], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function isUp(): boolean {
  try {
    cluster('status');
    return true;
  } catch {
    return false;
  }
}

/** Applies every CRD in manifests/crds (server-side apply) and waits until each is Established. */
async function installCrds(kubeconfig: string): Promise<void> {
  const dir = path.join(repo, 'manifests/crds');
  if (!existsSync(dir)) return;
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const texts = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8'));
  await applyCrds(createKubeClients(kc), texts);
}

export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.KANARY_E2E_KUBECONFIG;
  let started = false;
  let kubeconfig: string;
  if (given) {
    kubeconfig = given;
  } else {
    if (!isUp()) {
      cluster('up');
      started = true;
    }
    kubeconfig = path.join(repo, '.cluster/kubeconfig');
  }
  await installCrds(kubeconfig);
  project.provide('kubeconfig', kubeconfig);
  return () => {
    if (started && !process.env.KANARY_E2E_KEEP_CLUSTER) cluster('down');
  };
}
