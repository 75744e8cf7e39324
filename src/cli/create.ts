// `kanary create -f FILE|-`: creates the objects of a YAML file (Rollouts, AnalysisTemplates,
// Experiments, ... and the core kinds Kanary knows), in order, one line per object.

import { readFile } from 'node:fs/promises';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import { kinds, type ResourceType } from '../kube/resources.js';
import { UsageError } from './failure.js';
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
  program
    .command('create')
    .description('create the objects in a YAML file (Rollout, AnalysisTemplate, Experiment, AnalysisRun, ...)')
    .requiredOption('-f, --filename <path>', 'the YAML file, or - for stdin')
    .action((opts: { filename: string }, cmd: Command) => runCommand(ctx, cmd, undefined, async (s) => {
      let text: string;
      try {
        text = opts.filename === '-' ? await readAll(ctx.io.stdin) : await readFile(opts.filename, 'utf8');
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
}
