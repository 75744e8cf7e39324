// Runs `kanary dashboard` as a user would, for the dashboard's e2e tests: the URL it prints,
// its output for failure messages, and a clean stop.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface DashboardProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts the dashboard and resolves once it prints its URL; rejects with its output if it exits first. */
export function startDashboard(args: readonly string[]): Promise<DashboardProcess> {
  const child = spawn(process.execPath, [path.join(repo, 'bin/kanary.js'), 'dashboard', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const url = /(http:\/\/\S+\/)/.exec(out)?.[1];
      if (url) {
        resolve({
          child, url, output: () => out,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
    void exited.then((code) => reject(Object.assign(new Error(`kanary dashboard exited with ${code}: ${out}`), { exitCode: code, output: out })));
  });
}

/** Runs the dashboard expecting it to refuse to start: its exit code and output. */
export function refusedDashboard(args: readonly string[]): Promise<{ exitCode: number | null; output: string }> {
  return startDashboard(args).then(
    async (d) => {
      await d.stop();
      throw new Error(`the dashboard started at ${d.url}`);
    },
    (err: { exitCode: number | null; output: string }) => ({ exitCode: err.exitCode, output: err.output }),
  );
}
