// The outside programs the tests and the demo run. prometheus and kubectl are always available:
// taken from KANARY_PROMETHEUS / KANARY_KUBECTL, else from PATH, else built once from their
// pinned Go modules (hack/tools/tool.sh). Argo Rollouts' own controller, for the side-by-side
// tests and benchmark, is taken from KANARY_ARGO_CONTROLLER or built once from hack/argo. Programs that no Go module provides (tmux, chromium)
// may be missing on a user's machine: the tests that need them are skipped, and the reason is
// printed in the run's summary (test/support/skip-reporter.ts).
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type BuiltTool = 'prometheus' | 'kubectl' | 'argo-rollouts-controller';
const ENV: Record<BuiltTool, string> = {
  prometheus: 'KANARY_PROMETHEUS', kubectl: 'KANARY_KUBECTL', 'argo-rollouts-controller': 'KANARY_ARGO_CONTROLLER',
};
/** The script that prints each tool's path, building it when needed, and its arguments. */
const SCRIPT: Record<BuiltTool, string[]> = {
  prometheus: ['hack/tools/tool.sh', 'prometheus'],
  kubectl: ['hack/tools/tool.sh', 'kubectl'],
  'argo-rollouts-controller': ['hack/argo/build.sh'],
};

/**
 * The path of a usable `name`, building it the first time a machine has none (a few minutes,
 * one progress line on stderr). The answer is kept in the environment, so child processes and
 * test workers started afterwards find it at once.
 */
export function locateTool(name: BuiltTool): string {
  const known = process.env[ENV[name]];
  if (known) return known;
  const [script, ...args] = SCRIPT[name];
  const found = execFileSync('bash', [path.join(repo, script!), ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  process.env[ENV[name]] = found;
  return found;
}

/** The path of `name` on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Why a test that needs `program` cannot run here, or undefined when it can. `install` says how
 * to get it (printed in the summary of skipped tests).
 */
export function missingProgram(program: string, install: string): string | undefined {
  return onPath(program) ? undefined : `${program} is not installed (${install})`;
}
