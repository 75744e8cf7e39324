// What a command may touch of the process: its streams. Tests pass their own to `main`.

/** Something that takes text, as process.stdout does. */
export interface TextSink {
  write(chunk: string): unknown;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: AsyncIterable<string | Uint8Array>;
}

/** Passed to each command's registration: the streams, and where to record the exit code. */
export interface CommandContext {
  readonly io: CliIo;
  setExitCode(code: number): void;
}

export const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

/** Reads a whole stream as UTF-8 text. */
export async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}
