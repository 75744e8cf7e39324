// `kanary restart NAME [--in 30s]`: replaces the Rollout's pods created before now (or a moment
// from now), a few at a time.

import type { Command } from 'commander';
import { restart } from '../actions/rollout-actions.js';
import { parseDurationFlag } from './flags.js';
import type { CommandContext } from './io.js';
import { runCommand } from './run-command.js';

export function registerRestart(program: Command, ctx: CommandContext): void {
  program
    .command('restart')
    .description('restart the pods of a Rollout (spec.restartAt)')
    .argument('<name>', 'the Rollout')
    .option('--in <duration>', 'restart after this long (30s, 5m) instead of now', parseDurationFlag)
    .action((name: string, opts: { in?: number }, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
      const at = await restart(s.clients, { namespace: s.namespace, name }, new Date(Date.now() + (opts.in ?? 0)));
      ctx.io.stdout.write(`rollout "${name}" restarts its pods ${opts.in ? `at ${at}` : 'now'}\n`);
    }));
}
