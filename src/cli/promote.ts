// `kanary promote NAME [--full]`: ends the current pause, or moves past the current step; with
// --full skips every remaining step.

import type { Command } from 'commander';
import { promote } from '../actions/rollout-actions.js';
import { promotedText } from '../read/action-words.js';
import type { CommandContext } from './io.js';
import { runCommand } from './run-command.js';

export function registerPromote(program: Command, ctx: CommandContext): void {
  program
    .command('promote')
    .description('end the current pause or step of a Rollout (--full: skip every remaining step)')
    .argument('<name>', 'the Rollout')
    .option('--full', 'skip every remaining step, pause and analysis')
    .action((name: string, opts: { full?: boolean }, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
      const outcome = await promote(s.clients, { namespace: s.namespace, name }, { full: opts.full === true });
      ctx.io.stdout.write(`${promotedText(outcome, name)}\n`);
    }));
}
