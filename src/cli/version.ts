// `kanary version`: the package version and the API group it serves.

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CommandContext } from './io.js';

/** The version in package.json (two levels up from both src/cli and dist/cli). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

export function registerVersion(program: Command, ctx: CommandContext): void {
  program
    .command('version')
    .description('print the kanary version')
    .action(() => {
      ctx.io.stdout.write(`kanary ${packageVersion()} (argoproj.io/v1alpha1)\n`);
    });
}
