// `kanary abort NAME`, `kanary retry rollout NAME` and `kanary retry experiment NAME`: give up an
// update (back to the stable version), start an aborted update again from step 1, and run a
// failed Experiment again.

import type { Command } from 'commander';
import { retryExperiment } from '../actions/analysis-actions.js';
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

  const group = commandGroup(program, 'retry', 'start an aborted update or a failed experiment again');
  group
    .command('rollout')
    .alias('ro')
    .description('start an aborted update again from step 1')
    .argument('<name>', 'the Rollout')
    .action((name: string, _opts: unknown, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
      await retry(s.clients, { namespace: s.namespace, name });
      ctx.io.stdout.write(`rollout "${name}" retried: the update starts again from step 1\n`);
    }));

  group
    .command('experiment')
    .alias('exp')
    .description('run a Failed, Error or Inconclusive Experiment again (its status is cleared)')
    .argument('<name>', 'the Experiment')
    .action((name: string, _opts: unknown, cmd: Command) => runCommand(ctx, cmd, { kind: 'experiment', name }, async (s) => {
      const was = await retryExperiment(s.clients, { namespace: s.namespace, name });
      ctx.io.stdout.write(`experiment "${name}" retried: it was ${was}; its status is cleared and it starts again\n`);
    }));
}
