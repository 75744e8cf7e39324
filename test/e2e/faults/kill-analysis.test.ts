// I5 across restarts: the controller killed (SIGKILL) while an AnalysisRun measures, once just
// after the API server stored a status write (the process never hears it) and once just before
// a status write leaves (the measurement was taken and is lost with the process). The run ends
// with each measurement recorded and counted once; a lost one is taken again, never counted twice.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { AnalysisRun } from '../../../src/api/types.js';
import { kinds } from '../../../src/kube/resources.js';
import { apply, waitFor } from '../harness.js';
import { FaultCase, report, type Proxied } from './fault-case.js';
import { isMeasuredRunStatusWrite, measuredRun, startMetricServer, type MetricServer } from './metric-server.js';

let f: FaultCase | undefined;
let server: MetricServer | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && f) console.error(`${f.logs()}\n${f.checker.timeline.slice(-30).join('\n')}`);
  await f?.close();
  await server?.close();
  f = undefined;
  server = undefined;
});

const COUNT = 6;
// AnalysisRuns have no status subresource (as in Argo's CRDs): their status is patched on the object.

/** Kills `p` at its `nth` status write of the run: after the server answered it, or before it is sent. */
function killAtWrite(p: Proxied, nth: number, when: 'after-answer' | 'before-send'): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    p.proxy.hooks = when === 'after-answer'
      ? { after: async (r, status) => {
        if (!isMeasuredRunStatusWrite(r) || status !== 200 || ++seen !== nth) return;
        await p.proc.kill();
        resolve();
      } }
      : { before: async (r) => {
        if (!isMeasuredRunStatusWrite(r) || ++seen !== nth) return;
        await p.proc.kill();
        resolve();
        return { drop: true };
      } };
  });
}

describe('fault: the controller killed while an AnalysisRun measures', () => {
  it('records and counts each measurement once across a kill after a status write and one before it', async () => {
    server = await startMetricServer();
    const fc = (f = await FaultCase.open('fault-kill-analysis', ['setWeight: 20']));
    await apply(fc.c, measuredRun(server, COUNT), fc.ns);
    const first = await fc.startController();
    await killAtWrite(first, 2, 'after-answer');
    const second = await fc.startController();
    await killAtWrite(second, 2, 'before-send');
    const restartedAt = Date.now();
    await fc.startController();
    const runs = fc.clients.resource<AnalysisRun & KubernetesObject>(kinds.AnalysisRun);
    const done = await waitFor('the AnalysisRun to succeed', async () => {
      const r = await runs.get({ namespace: fc.ns, name: 'measured' });
      return r.status?.phase === 'Successful' ? r : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200, describe: async () => (await runs.get({ namespace: fc.ns, name: 'measured' })).status });
    report('AnalysisRun completed after the second kill (restart -> Successful)', Date.now() - restartedAt);

    const result = done.status?.metricResults?.[0];
    expect(result).toMatchObject({ count: COUNT, successful: COUNT });
    const started = (result?.measurements ?? []).map((m) => m.startedAt);
    expect(new Set(started).size).toBe(COUNT);
    // One measurement was taken by the process killed before it could record it: taken again.
    const calls = server.calls.get('/web/healthy')?.length ?? 0;
    expect(calls).toBeGreaterThanOrEqual(COUNT + 1);
    expect(calls).toBeLessThanOrEqual(COUNT + 2);
    fc.assertInvariants();
  });
});
