// `kanary set image NAME container=image ...`: a new image for one container, several, or all (`*`).

import type { Command } from 'commander';
import { setImages } from '../actions/rollout-actions.js';
import { UsageError } from '../read/failure.js';
import type { CommandContext } from './io.js';
import { commandGroup, runCommand } from './run-command.js';

/** "web=demo:2" -> ["web", "demo:2"]; the image may hold "=" (digests do not, tags may not). */
export function parseImagePair(pair: string): [string, string] {
  const i = pair.indexOf('=');
  if (i <= 0 || i === pair.length - 1) throw new UsageError(`"${pair}" is not container=image (for example web=nginx:1.27, or *=nginx:1.27 for every container)`);
  return [pair.slice(0, i), pair.slice(i + 1)];
}

export function registerSetImage(program: Command, ctx: CommandContext): void {
  commandGroup(program, 'set', 'change a Rollout\'s pod template')
    .command('image')
    .description('set container images of a Rollout: container=image (or *=image for every container)')
    .argument('<name>', 'the Rollout')
    .argument('<pairs...>', 'container=image pairs')
    .action((name: string, pairs: string[], _opts: unknown, cmd: Command) => runCommand(ctx, cmd, { kind: 'rollout', name }, async (s) => {
      const parsed = pairs.map(parseImagePair).map(([container, image]) => ({ container, image }));
      const changed = await setImages(s.clients, { namespace: s.namespace, name }, parsed);
      ctx.io.stdout.write(`rollout "${name}" image updated: ${changed.join(', ')}\n`);
    }));
}
