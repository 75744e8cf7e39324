// `kanary get rollout NAME` and `kanary get experiment NAME` [-w] [--no-color]
// [--timeout-seconds N]: the object as a tree; with --watch, kept current until Ctrl-C or the
// timeout (live-view.ts).

import type { Command } from 'commander';
import { kinds } from '../kube/resources.js';
import { experimentView, rolloutView } from '../views/index.js';
import { fetchExperimentView, fetchRolloutView, rolloutWatchTargets } from '../read/fetch-rollout.js';
import { parseCountFlag } from './flags.js';
import type { CommandContext } from './io.js';
import { showView } from './live-view.js';
import { commandGroup, runCommand } from './run-command.js';

interface GetOptions {
  watch?: boolean;
  color?: boolean;
  timeoutSeconds?: number;
}

function viewCommand(group: Command, name: string, aliases: string[], description: string): Command {
  return group
    .command(name)
    .aliases(aliases)
    .description(description)
    .argument('<name>', `the ${name === 'rollout' ? 'Rollout' : 'Experiment'}`)
    .option('-w, --watch', 'redraw on every change until Ctrl-C')
    .option('--no-color', 'no ANSI colours')
    .option('--timeout-seconds <n>', 'with --watch, stop after this many seconds (0: never)', parseCountFlag);
}

export function registerGet(program: Command, ctx: CommandContext): void {
  const group = commandGroup(program, 'get', 'show a Rollout or an Experiment as a tree');
  viewCommand(group, 'rollout', ['rollouts', 'ro'], 'show a Rollout: status, step, weights, images, and a tree of revisions, ReplicaSets, pods, Experiments, AnalysisRuns and Jobs')
    .action((name: string, opts: GetOptions, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, (s) => showView({
      clients: s.clients,
      out: ctx.io.stdout,
      fetch: () => fetchRolloutView(s.clients, { namespace: s.namespace, name }),
      render: (data, now) => rolloutView({ ...data, now }),
      targets: (first) => rolloutWatchTargets(first.rollout),
      ...opts,
    })));

  viewCommand(group, 'experiment', ['experiments', 'exp'], 'show an Experiment: status, and a tree of its ReplicaSets, pods, AnalysisRuns and Jobs')
    .action((name: string, opts: GetOptions, cmd: Command) => runCommand(ctx, cmd, { kind: 'experiment', name }, (s) => showView({
      clients: s.clients,
      out: ctx.io.stdout,
      fetch: () => fetchExperimentView(s.clients, { namespace: s.namespace, name }),
      render: (data, now) => experimentView({ ...data, now }),
      targets: () => [
        { type: kinds.Experiment, namespace: s.namespace, fieldSelector: `metadata.name=${name}` },
        { type: kinds.ReplicaSet, namespace: s.namespace },
        { type: kinds.Pod, namespace: s.namespace },
        { type: kinds.AnalysisRun, namespace: s.namespace },
      ],
      ...opts,
    })));
}
