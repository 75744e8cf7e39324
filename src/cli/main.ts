// The `kanary` command line (also `kubectl kanary`): one program, one registration line per
// command. `main` returns the exit code instead of exiting, so tests run it in-process.

import { Command, CommanderError } from 'commander';
import { processIo, type CliIo, type CommandContext } from './io.js';
import { registerAbort } from './abort.js';
import { registerCompletion } from './completion.js';
import { registerCreate } from './create.js';
import { registerGet } from './get.js';
import { registerLint } from './lint.js';
import { registerList } from './list.js';
import { registerPause } from './pause.js';
import { registerPromote } from './promote.js';
import { registerRestart } from './restart.js';
import { addGlobalOptions } from './session.js';
import { registerSetImage } from './set-image.js';
import { registerStatus } from './status.js';
import { registerTerminate } from './terminate.js';
import { registerUndo } from './undo.js';
import { registerVersion } from './version.js';

const COMMANDS: readonly ((program: Command, ctx: CommandContext) => void)[] = [
  registerLint,
  registerVersion,
  registerGet,
  registerList,
  registerStatus,
  registerPromote,
  registerAbort,
  registerPause,
  registerRestart,
  registerSetImage,
  registerUndo,
  registerCompletion,
  registerTerminate,
  registerCreate,
];

/** Runs the CLI on a process-style argv (`[node, script, ...args]`) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const ctx: CommandContext = { io, setExitCode: (code) => { exitCode = code; } };
  const program = new Command('kanary')
    .description('progressive delivery for Kubernetes: the argoproj.io/v1alpha1 Rollout API')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  addGlobalOptions(program);
  for (const register of COMMANDS) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'node' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version requests end here too; they are not failures.
      return e.exitCode === 0 ? 0 : 2;
    }
    io.stderr.write(`kanary: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  return exitCode;
}
