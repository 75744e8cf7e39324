// An in-memory CliIo for running `main` in-process in tests.
import type { CliIo } from '../../src/cli/io.js';

export interface CapturedIo extends CliIo {
  out(): string;
  err(): string;
}

export function captureIo(stdinText = ''): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => { out += s; return true; } },
    stderr: { write: (s: string) => { err += s; return true; } },
    stdin: (async function* () { yield stdinText; })(),
    out: () => out,
    err: () => err,
  };
}
