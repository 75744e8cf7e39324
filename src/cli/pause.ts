// `kanary pause NAME` and `kanary resume NAME`: spec.paused, a user's stop anywhere in an update.

import type { Command } from 'commander';
import { setPaused } from '../actions/rollout-actions.js';
import type { CommandContext } from './io.js';
import { runCommand } from './run-command.js';

export function registerPause(program: Command, ctx: CommandContext): void {
  for (const [verb, paused, description] of [
    ['pause', true, 'pause a Rollout where it is (spec.paused)'],
    ['resume', false, 'resume a paused Rollout (clears spec.paused; a pause step needs promote)'],
  ] as const) {
    program
      .command(verb)
      .description(description)
      .argument('<name>', 'the Rollout')
      .action((name: string, _opts: unknown, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
        await setPaused(s.clients, { namespace: s.namespace, name }, paused);
        ctx.io.stdout.write(`rollout "${name}" ${paused ? 'paused' : 'resumed'}\n`);
      }));
  }
}
