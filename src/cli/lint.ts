// `kanary lint FILE|DIR|- ...`: validates manifests offline, printing one line per problem
// with its file position. Exit 0 clean, 2 invalid, 1 when something could not be read.

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { lintSources, type SourceText } from '../manifest/lint-report.js';
import { readAll, type CliIo, type CommandContext } from './io.js';

const YAML_FILE = /\.ya?ml$/i;

/** Every *.yaml / *.yml under `dir`, recursively, sorted by path. */
export async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await yamlFilesUnder(p)));
    else if (e.isFile() && YAML_FILE.test(e.name)) out.push(p);
  }
  return out;
}

function reason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

/** Reads the named inputs; what cannot be read becomes an error line. */
async function readSources(paths: readonly string[], stdin: CliIo['stdin']): Promise<{ sources: SourceText[]; errors: string[] }> {
  const sources: SourceText[] = [];
  const errors: string[] = [];
  for (const p of paths) {
    try {
      if (p === '-') {
        sources.push({ fileName: '<stdin>', text: await readAll(stdin) });
      } else if ((await stat(p)).isDirectory()) {
        for (const f of await yamlFilesUnder(p)) sources.push({ fileName: f, text: await readFile(f, 'utf8') });
      } else {
        sources.push({ fileName: p, text: await readFile(p, 'utf8') });
      }
    } catch (e) {
      errors.push(`${p}: cannot read: ${reason(e)}`);
    }
  }
  return { sources, errors };
}

/** Runs the lint and returns the exit code. */
export async function runLint(paths: readonly string[], io: CliIo): Promise<number> {
  const read = await readSources(paths, io.stdin);
  const report = lintSources(read.sources);
  const errors = [...read.errors, ...report.errors];
  for (const line of report.problems) io.stdout.write(`${line}\n`);
  // Not problems (Argo Rollouts runs them), so not in stdout nor the exit code: Kanary holds them.
  for (const line of report.unsupported) io.stderr.write(`${line}\n`);
  for (const line of errors) io.stderr.write(`${line}\n`);
  const n = report.problems.length;
  const docs = `${report.documents} document${report.documents === 1 ? '' : 's'}`;
  const found = n === 0 ? 'no problems' : `${n} problem${n === 1 ? '' : 's'}`;
  const unread = errors.length === 0 ? '' : `; ${errors.length} input${errors.length === 1 ? '' : 's'} could not be read`;
  io.stderr.write(`${docs}, ${found}${unread}\n`);
  if (errors.length > 0) return 1;
  return n > 0 ? 2 : 0;
}

export function registerLint(program: Command, ctx: CommandContext): void {
  program
    .command('lint')
    .description('validate Rollout, AnalysisTemplate and Experiment manifests (files, directories, or - for stdin)')
    .argument('[paths...]', 'YAML files, directories (every *.yaml/*.yml under them) or - for stdin')
    .option('-f, --filename <path...>', 'a file, directory or - (may be repeated)')
    .action(async (paths: string[], opts: { filename?: string[] }) => {
      const all = [...paths, ...(opts.filename ?? [])];
      if (all.length === 0) {
        ctx.io.stderr.write('kanary lint: give at least one FILE, DIR or - (stdin)\n');
        ctx.setExitCode(2);
        return;
      }
      ctx.setExitCode(await runLint(all, ctx.io));
    });
}
