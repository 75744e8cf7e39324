// `kanary abort NAME` and `kanary retry rollout NAME`: give up an update (back to the stable
// version), and start an aborted update again from step 1.

import type { Command } from 'commander';
import { abort, retry } from '../actions/rollout-actions.js';
import type { CommandContext } from './io.js';
import { commandGroup, runCommand } from './run-command.js';

export function registerAbort(program: Command, ctx: CommandContext): void {
  program
    .command('abort')
    .description('abort the update in progress: the stable version back to full size, the canary scaled down')
    .argument('<name>', 'the Rollout')
    .action((name: string, _opts: unknown, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
      await abort(s.clients, { namespace: s.namespace, name });
      ctx.io.stdout.write(`rollout "${name}" aborted\n`);
    }));

  commandGroup(program, 'retry', 'start an aborted update again')
    .command('rollout')
    .alias('ro')
    .description('start an aborted update again from step 1')
    .argument('<name>', 'the Rollout')
    .action((name: string, _opts: unknown, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
      await retry(s.clients, { namespace: s.namespace, name });
      ctx.io.stdout.write(`rollout "${name}" retried: the update starts again from step 1\n`);
    }));
}
