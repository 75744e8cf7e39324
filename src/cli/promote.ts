// `kanary promote NAME [--full]`: ends the current pause, or moves past the current step; with
// --full skips every remaining step.

import type { Command } from 'commander';
import { promote, type PromoteOutcome } from '../actions/rollout-actions.js';
import type { CommandContext } from './io.js';
import { runCommand } from './run-command.js';

const SAID: Record<PromoteOutcome, (name: string) => string> = {
  'unpaused': (n) => `rollout "${n}" resumed (it was paused by a user)`,
  'skipped-pause': (n) => `rollout "${n}" promoted: the pause is over`,
  'skipped-step': (n) => `rollout "${n}" promoted: the current step is skipped`,
  'promoted-full': (n) => `rollout "${n}" fully promoted: every remaining step is skipped`,
  'nothing-to-promote': (n) => `rollout "${n}" has no update in progress: nothing to promote`,
};

export function registerPromote(program: Command, ctx: CommandContext): void {
  program
    .command('promote')
    .description('end the current pause or step of a Rollout (--full: skip every remaining step)')
    .argument('<name>', 'the Rollout')
    .option('--full', 'skip every remaining step, pause and analysis')
    .action((name: string, opts: { full?: boolean }, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
      const outcome = await promote(s.clients, { namespace: s.namespace, name }, { full: opts.full === true });
      ctx.io.stdout.write(`${SAID[outcome](name)}\n`);
    }));
}
