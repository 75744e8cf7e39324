// The frame every cluster command runs in: open the session from the global flags, run, and turn
// any failure into one line on stderr and an exit code (failure.ts).

import type { Command } from 'commander';
import { describeFailure, type FailureContext } from '../read/failure.js';
import type { CommandContext } from './io.js';
import { openSession, type Session } from '../read/session.js';
import { globalOptions } from './session.js';

export async function runCommand(
  ctx: CommandContext,
  cmd: Command,
  target: FailureContext['target'],
  body: (session: Session) => Promise<number | void>,
): Promise<void> {
  let session: Session | undefined;
  try {
    session = openSession(globalOptions(cmd));
    ctx.setExitCode((await body(session)) ?? 0);
  } catch (err) {
    const f = describeFailure(err, { ...(session ? { server: session.server, namespace: session.namespace } : {}), ...(target ? { target } : {}) });
    ctx.io.stderr.write(`kanary: ${f.message}\n`);
    ctx.setExitCode(f.exitCode);
  }
}

/** The parent of a group of subcommands (`get`, `list`, `set`, `retry`), made on first use. */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
