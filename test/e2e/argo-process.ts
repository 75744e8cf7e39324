// Runs Argo Rollouts' own controller (built from hack/argo, located by the global setup) as a
// child process for the side-by-side e2e tests: one namespace, no leader election, free ports,
// its log kept for failure messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../support/prometheus.js';
import { locateTool } from '../support/tools.js';

export interface ArgoProcess {
  readonly child: ChildProcess;
  log(): string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<number | null>;
}

export async function startArgoController(kubeconfig: string, namespace: string, extra: string[] = []): Promise<ArgoProcess> {
  const bin = locateTool('argo-rollouts-controller');
  const [metrics, healthz] = [await freePort(), await freePort()];
  const child = spawn(bin, ['--kubeconfig', kubeconfig, '--namespaced', '--namespace', namespace, '--leader-elect=false',
    '--metricsPort', String(metrics), '--healthzPort', String(healthz), '--loglevel', 'info', '--logformat', 'text', ...extra],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    log: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
