// `kanary terminate analysisrun|experiment NAME`: stops a run or an experiment early
// (spec.terminate); the controller completes it with what it has measured.

import type { Command } from 'commander';
import { terminate } from '../actions/analysis-actions.js';
import { kinds, type ResourceType } from '../kube/resources.js';
import type { CommandContext } from './io.js';
import { commandGroup, runCommand } from './run-command.js';

export function registerTerminate(program: Command, ctx: CommandContext): void {
  const group = commandGroup(program, 'terminate', 'stop an AnalysisRun or an Experiment early');
  const targets: [string, string, ResourceType][] = [['analysisrun', 'ar', kinds.AnalysisRun], ['experiment', 'exp', kinds.Experiment]];
  for (const [word, alias, type] of targets) {
    group
      .command(word)
      .alias(alias)
      .description(`stop the ${type.kind} now (spec.terminate)`)
      .argument('<name>', `the ${type.kind}`)
      .action((name: string, _opts: unknown, cmd: Command) => runCommand(ctx, cmd, { kind: word, name }, async (s) => {
        const outcome = await terminate(s.clients, type, { namespace: s.namespace, name });
        ctx.io.stdout.write(outcome === 'terminated' ? `${word} "${name}" terminated\n` : `${word} "${name}" had already completed\n`);
      }));
  }
}
