// `kanary list rollouts|experiments [-A] [-w]`: one row per object in the namespace (or all).

import type { Command } from 'commander';
import type { KubernetesObject } from '@kubernetes/client-node';
import { kinds, type ResourceType } from '../kube/resources.js';
import { experimentsTable, rolloutsTable, type Line } from '../views/index.js';
import type { ExperimentObject, RolloutObject } from '../read/fetch-rollout.js';
import type { CommandContext } from './io.js';
import { showView } from './live-view.js';
import { commandGroup, runCommand } from './run-command.js';

interface ListOptions {
  allNamespaces?: boolean;
  watch?: boolean;
  color?: boolean;
}

function listCommand<T extends KubernetesObject>(
  group: Command, ctx: CommandContext, type: ResourceType, aliases: string[], description: string,
  table: (items: T[], now: number, withNamespace: boolean) => Line[],
): void {
  const plural = type.plural;
  group
    .command(plural)
    .aliases(aliases)
    .description(description)
    .option('-A, --all-namespaces', 'in every namespace')
    .option('-w, --watch', 'redraw on every change until Ctrl-C')
    .option('--no-color', 'no ANSI colours')
    .action((opts: ListOptions, cmd: Command) => runCommand(ctx, cmd, undefined, async (s) => {
      const namespace = opts.allNamespaces ? undefined : s.namespace;
      await showView({
        clients: s.clients,
        out: ctx.io.stdout,
        fetch: async () => (await s.clients.resource<T>(type).list(namespace ? { namespace } : {})).items,
        render: (items, now) => (items.length > 0 ? table(items, now, !namespace)
          : [[{ text: namespace ? `No ${plural} found in namespace "${namespace}".` : `No ${plural} found.` }]]),
        targets: () => [{ type, ...(namespace ? { namespace } : {}) }],
        ...(opts.watch ? { watch: true } : {}),
        ...(opts.color === false ? { color: false } : {}),
      });
    }));
}

export function registerList(program: Command, ctx: CommandContext): void {
  const group = commandGroup(program, 'list', 'list Rollouts or Experiments');
  listCommand<RolloutObject>(group, ctx, kinds.Rollout, ['rollout', 'ro'],
    'list Rollouts: NAME STRATEGY STATUS STEP SET-WEIGHT READY DESIRED UP-TO-DATE AVAILABLE',
    (items, _now, withNamespace) => rolloutsTable(items, withNamespace));
  listCommand<ExperimentObject>(group, ctx, kinds.Experiment, ['experiment', 'exp'], 'list Experiments: NAME STATUS AGE',
    (items, now, withNamespace) => experimentsTable(items, now, withNamespace));
}
