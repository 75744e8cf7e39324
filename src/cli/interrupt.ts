// Ctrl-C during a --watch ends the following cleanly (the command then reports 'interrupted')
// instead of killing the process mid-draw.

/** Runs `body` with a signal that aborts on SIGINT; the handler is removed afterwards. */
export async function untilInterrupted<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    return await body(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
