// `kanary dashboard record URL [--token-file F] [-o FILE]`: asks a running dashboard for every
// answer of the contract (its config, the overview, each Rollout's page) and writes them as one
// JSON snapshot, from which the app runs with no cluster (web/recorded.html?snapshot=...).
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { paths, type DashboardConfig, type OverviewResponse, type Recording, type RolloutDetail } from './contract.js';

async function getJson<T>(base: URL, path: string, token: string | undefined): Promise<T> {
  const res = await fetch(new URL(path, base), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(`${path}: ${body.error ?? `HTTP ${res.status}`}`);
  return body;
}

/** Every answer of the contract from the dashboard at `url`, Rollouts in the overview's order. */
export async function recordDashboard(url: string, token?: string): Promise<Recording> {
  const base = new URL(url);
  const config = await getJson<DashboardConfig>(base, paths.config, token);
  const { rollouts } = await getJson<OverviewResponse>(base, paths.rollouts, token);
  const details: Record<string, RolloutDetail> = {};
  for (const card of rollouts) details[`${card.namespace}/${card.name}`] = await getJson<RolloutDetail>(base, paths.rollout(card.namespace, card.name), token);
  return { config, rollouts, details };
}

export async function recordMain(args: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const program = new Command('kanary dashboard record')
    .description('write a running dashboard\'s answers as a JSON snapshot the app can run from without a cluster')
    .argument('<url>', 'the dashboard, e.g. http://127.0.0.1:3100/')
    .option('--token-file <file>', 'the dashboard\'s token, when it needs one')
    .option('-o, --output <file>', 'write the snapshot here (default: stdout)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
  try {
    program.parse([...args], { from: 'user' });
  } catch (e) {
    return e instanceof CommanderError && e.exitCode === 0 ? 0 : 2;
  }
  const opts = program.opts<{ tokenFile?: string; output?: string }>();
  try {
    const token = opts.tokenFile ? readFileSync(opts.tokenFile, 'utf8').trim() : undefined;
    const recording = await recordDashboard(program.args[0]!, token);
    const text = `${JSON.stringify(recording, null, 1)}\n`;
    if (opts.output) writeFileSync(opts.output, text);
    else out.write(text);
    err.write(`recorded ${recording.rollouts.length} rollouts${opts.output ? ` to ${opts.output}` : ''}\n`);
    return 0;
  } catch (e) {
    err.write(`kanary dashboard record: ${(e as Error).message}\n`);
    return 1;
  }
}
