// The two controllers under test, started as a user would start them, watching one namespace:
// Argo Rollouts' own (hack/argo, built once) and Kanary's (bin/kanary.js). Both are measured
// from outside: by the API server's counts, by watches, and by their RSS in /proc.
// BENCH_CONTROLLER_LOGS=<dir> keeps each controller's log there (otherwise it is dropped).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { freePort } from '../../test/support/prometheus.js';
import { locateTool } from '../../test/support/tools.js';
import { repo } from '../bench-cluster.js';
import type { SettingName } from './options.js';

export type Controller = 'Argo Rollouts' | 'Kanary';
export const CONTROLLERS: readonly Controller[] = ['Argo Rollouts', 'Kanary'];

export interface Setting { readonly title: string; readonly argo: readonly string[]; readonly kanary: readonly string[] }

/** Each one's defaults (what users get), and both tuned alike. Argo's analysis workers stay at its default 30. */
export const SETTINGS: Record<SettingName, Setting> = {
  defaults: { title: 'each one\'s defaults (40 qps, 80 burst)', argo: [], kanary: [] },
  tuned: {
    title: 'both at 200 qps, 400 burst, 30 workers',
    argo: ['--qps', '200', '--burst', '400', '--rollout-threads', '30'],
    kanary: ['--qps', '200', '--burst', '400', '--workers', '30'],
  },
};

function logTo(which: Controller, ns: string): 'ignore' | number {
  const dir = process.env.BENCH_CONTROLLER_LOGS;
  if (!dir) return 'ignore';
  mkdirSync(dir, { recursive: true });
  return openSync(path.join(dir, `${ns}-${which === 'Kanary' ? 'kanary' : 'argo'}.log`), 'w');
}

/**
 * The node flags the shipped Deployment runs the controller with (`command: [node, <flags>,
 * bin/kanary.js, controller]` in manifests/deployment.yaml), so the bench measures what users run.
 */
export function shippedNodeFlags(manifest = readFileSync(path.join(repo, 'manifests/deployment.yaml'), 'utf8')): string[] {
  for (const doc of parseAllDocuments(manifest)) {
    const obj = doc.toJS() as { kind?: string; spec?: { template?: { spec?: { containers?: { command?: string[] }[] } } } } | null;
    const command = obj?.kind === 'Deployment' ? obj.spec?.template?.spec?.containers?.[0]?.command : undefined;
    const entry = command?.indexOf('bin/kanary.js') ?? -1;
    if (command?.[0] === 'node' && entry > 0) return command.slice(1, entry);
  }
  throw new Error('manifests/deployment.yaml: no Deployment whose command is [node, ..., bin/kanary.js, controller]');
}

/** Starts `which` on namespace `ns` with a setting's flags. */
export async function startController(which: Controller, kubeconfig: string, ns: string, setting: Setting): Promise<ChildProcess> {
  const log = logTo(which, ns);
  const level = process.env.BENCH_CONTROLLER_LOGS ? 'info' : 'warn';
  if (which === 'Kanary') {
    return spawn(process.execPath, [...shippedNodeFlags(), path.join(repo, 'bin/kanary.js'), 'controller', '--kubeconfig', kubeconfig, '-n', ns,
      '--metrics-port', '0', '--healthz-port', '0', '--log-level', level, ...setting.kanary], { stdio: ['ignore', log, log] });
  }
  return spawn(locateTool('argo-rollouts-controller'), ['--kubeconfig', kubeconfig, '--namespaced', '--namespace', ns, '--leader-elect=false',
    '--metricsPort', String(await freePort()), '--healthzPort', String(await freePort()), '--loglevel', level, ...setting.argo],
  { stdio: ['ignore', log, log] });
}

/** SIGTERM, and wait until it has exited (SIGKILL after 30 s). */
export async function stopController(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
