// Runs the real `kanary controller` binary as a child process for e2e tests, watching one
// namespace, with its log kept for failure messages.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ControllerProcess {
  readonly child: ChildProcess;
  /** Everything the controller logged so far. */
  log(): string;
  /** SIGTERM, and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, no draining. */
  kill(): Promise<void>;
}

export function startControllerProcess(kubeconfig: string, namespace: string, extra: string[] = []): ControllerProcess {
  const child = spawn(process.execPath, [path.join(repo, 'bin/kanary.js'), 'controller', '--kubeconfig', kubeconfig, '-n', namespace,
    '--metrics-port', '0', '--healthz-port', '0', '--log-level', 'debug', '--log-format', 'text', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    log: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
