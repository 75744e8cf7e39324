// `kanary status NAME [-w] [-t TIMEOUT]`: the phase and message. With --watch, the CI gate:
// waits, printing each change, and exits 0 once Healthy, 1 when Degraded (aborted included) or
// at the timeout. Without --watch: 0 when Healthy now, else 1.

import type { Command } from 'commander';
import { kinds } from '../kube/resources.js';
import { displayPhase, statusLine } from '../views/index.js';
import { type RolloutObject } from '../read/fetch-rollout.js';
import { parseDurationFlag } from './flags.js';
import { follow } from '../read/follow.js';
import { untilInterrupted } from './interrupt.js';
import type { CommandContext } from './io.js';
import { runCommand } from './run-command.js';

interface StatusOptions {
  watch?: boolean;
  timeout?: number;
}

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description('print the Rollout\'s phase and message; with --watch wait until it is Healthy (exit 0) or Degraded (exit 1)')
    .argument('<name>', 'the Rollout')
    .option('-w, --watch', 'wait for Healthy (exit 0), Degraded or aborted (exit 1), or the timeout (exit 1)')
    .option('-t, --timeout <duration>', 'with --watch, give up after this long (30s, 5m; 0: never)', parseDurationFlag)
    .action((name: string, opts: StatusOptions, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
      const ref = { namespace: s.namespace, name };
      const rollouts = s.clients.resource<RolloutObject>(kinds.Rollout);
      const out = ctx.io.stdout;
      if (!opts.watch) {
        const r = await rollouts.get(ref);
        out.write(`${statusLine(r)}\n`);
        return displayPhase(r).phase === 'Healthy' ? 0 : 1;
      }
      let last: string | undefined;
      let phase: string | undefined;
      const end = await untilInterrupted((signal) => follow({
        clients: s.clients,
        signal,
        targets: [{ type: kinds.Rollout, namespace: s.namespace, fieldSelector: `metadata.name=${name}` }],
        fetch: () => rollouts.get(ref),
        onData: (r) => {
          const line = statusLine(r);
          if (line !== last) out.write(`${line}\n`);
          last = line;
          phase = displayPhase(r).phase;
          return phase === 'Healthy' || phase === 'Degraded';
        },
        ...(opts.timeout ? { timeoutMs: opts.timeout } : {}),
      }));
      if (end === 'timeout') ctx.io.stderr.write(`kanary: rollout "${name}" is not Healthy after ${opts.timeout! / 1000}s (now: ${last ?? 'unknown'})\n`);
      if (end === 'interrupted') ctx.io.stderr.write(`kanary: interrupted before rollout "${name}" was Healthy\n`);
      return end === 'done' && phase === 'Healthy' ? 0 : 1;
    }));
}
