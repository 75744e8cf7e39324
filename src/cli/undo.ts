// `kanary undo NAME [--to-revision N]`: back to an earlier revision's pod template.

import type { Command } from 'commander';
import { undo } from '../actions/rollout-actions.js';
import { parseCountFlag } from './flags.js';
import type { CommandContext } from './io.js';
import { runCommand } from './run-command.js';

export function registerUndo(program: Command, ctx: CommandContext): void {
  program
    .command('undo')
    .description('roll a Rollout back to the previous revision (or --to-revision N)')
    .argument('<name>', 'the Rollout')
    .option('--to-revision <n>', 'the revision to go back to (default: the one before the current)', parseCountFlag)
    .action((name: string, opts: { toRevision?: number }, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
      const revision = await undo(s.clients, { namespace: s.namespace, name }, opts.toRevision);
      ctx.io.stdout.write(`rollout "${name}" rolled back to revision ${revision}\n`);
    }));
}
