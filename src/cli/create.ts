// `kanary create -f FILE|-`: creates the objects of a YAML file (Rollouts, AnalysisTemplates,
// Experiments, ... and the core kinds Kanary knows), in order, one line per object.

import { readFile } from 'node:fs/promises';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import { createAnalysisRun, type CreateAnalysisRunOptions } from '../actions/analysis-actions.js';
import type { AnalysisTemplate } from '../api/types.js';
import { kinds, type ResourceType } from '../kube/resources.js';
import { UsageError } from '../read/failure.js';
import { readAll, type CommandContext } from './io.js';
import { runCommand } from './run-command.js';

const BY_KIND = new Map<string, ResourceType>(Object.values(kinds).map((t) => [t.kind, t]));

/** The objects in the text; a syntax error or an unknown kind is a usage error naming the document. */
export function parseObjects(text: string, source: string): { obj: KubernetesObject; type: ResourceType }[] {
  return parseAllDocuments(text).flatMap((doc, i) => {
    if (doc.errors.length > 0) throw new UsageError(`${source}: document ${i + 1}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const obj = doc.toJS() as KubernetesObject | null;
    if (obj === null) return [];
    const type = BY_KIND.get(obj.kind ?? '');
    if (!type) throw new UsageError(`${source}: document ${i + 1}: kanary cannot create kind "${obj.kind ?? ''}"; use kubectl for it`);
    return [{ obj, type }];
  });
}

export function registerCreate(program: Command, ctx: CommandContext): void {
  const create = program
    .command('create')
    .description('create the objects in a YAML file (Rollout, AnalysisTemplate, Experiment, AnalysisRun, ...)')
    .option('-f, --filename <path>', 'the YAML file, or - for stdin')
    .action((opts: { filename?: string }, cmd: Command) => runCommand(ctx, cmd, undefined, async (s) => {
      if (!opts.filename) throw new UsageError('create needs -f FILE (or a subcommand: kanary create analysisrun --from TEMPLATE)');
      let text: string;
      try {
        text = opts.filename === '-' ? await readAll(ctx.io.stdin) : await readFile(opts.filename as string, 'utf8');
      } catch (e) {
        throw new UsageError(`cannot read ${opts.filename}: ${(e as { code?: string }).code === 'ENOENT' ? 'no such file' : String(e)}`);
      }
      for (const { obj, type } of parseObjects(text, opts.filename)) {
        const namespaced = type.namespaced ? { namespace: obj.metadata?.namespace ?? s.namespace } : {};
        const made = await s.clients.resource(type).create({ ...obj, metadata: { ...obj.metadata, ...namespaced } });
        const group = type.group ? `.${type.group}` : '';
        ctx.io.stdout.write(`${type.kind.toLowerCase()}${group}/${made.metadata?.name ?? ''} created\n`);
      }
    }));
  registerCreateAnalysisRun(create, ctx);
}

/** `kanary create analysisrun --from T | --from-file F [-a key=value]... [--global] [--name N]`. */
function registerCreateAnalysisRun(create: Command, ctx: CommandContext): void {
  const collect = (value: string, previous: string[]) => [...previous, value];
  create
    .command('analysisrun')
    .alias('ar')
    .description('create an AnalysisRun from an AnalysisTemplate (or a ClusterAnalysisTemplate with --global)')
    .option('--from <template>', 'the template to run, by name')
    .option('--from-file <path>', 'a template from a YAML file')
    .option('--global', 'the template is a ClusterAnalysisTemplate', false)
    .option('-a, --argument <key=value>', 'an argument for the template (repeatable)', collect, [])
    .option('--name <name>', 'the run\'s name (default: <template>-<5 random characters>)')
    .option('--instance-id <id>', 'label the run for this controller instance')
    .action((opts: { from?: string; fromFile?: string; global: boolean; argument: string[]; name?: string; instanceId?: string }, cmd: Command) =>
      runCommand(ctx, cmd, undefined, async (s) => {
        if (!opts.from === !opts.fromFile) throw new UsageError('give exactly one of --from TEMPLATE or --from-file FILE');
        let from: CreateAnalysisRunOptions['from'];
        if (opts.fromFile) {
          let text: string;
          try {
            text = await readFile(opts.fromFile, 'utf8');
          } catch {
            throw new UsageError(`cannot read ${opts.fromFile}`);
          }
          const template = parseAllDocuments(text).map((d) => d.toJS() as AnalysisTemplate | null).find((o) => o !== null);
          if (!template) throw new UsageError(`${opts.fromFile} holds no template`);
          from = { template };
        } else from = { name: opts.from as string, clusterScope: opts.global };
        const run = await createAnalysisRun(s.clients, {
          namespace: s.namespace, from, args: opts.argument,
          ...(opts.name ? { name: opts.name } : {}), ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
        });
        ctx.io.stdout.write(`analysisrun.argoproj.io/${run.metadata?.name ?? ''} created\n`);
      }));
}
