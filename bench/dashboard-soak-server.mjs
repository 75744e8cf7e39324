// The dashboard's server for the soak benchmark: `kanary dashboard` in this process (run with
// --expose-gc), reporting its memory to the benchmark over IPC when asked: heap after a full
// collection (what it keeps) and RSS.
/* global process */
import { dashboardMain } from '../dist/dashboard/main.js';

process.on('message', (msg) => {
  if (msg !== 'memory') return;
  globalThis.gc?.();
  const m = process.memoryUsage();
  process.send?.({ rss: m.rss, heapUsed: m.heapUsed, external: m.external });
});
process.exitCode = await dashboardMain(process.argv.slice(2));
process.disconnect?.();
