// I5 across conflicts: another writer changes the AnalysisRun between the controller's read and
// its status write, so the real API server answers that write 409 (it is conditional on the
// resourceVersion it was planned from). The measurement it carried is not recorded; the
// controller plans again from the fresh run. Each measurement is still recorded and counted once.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { AnalysisRun } from '../../../src/api/types.js';
import { kinds } from '../../../src/kube/resources.js';
import { apply, waitFor } from '../harness.js';
import type { ProxiedRequest } from './api-proxy.js';
import { FaultCase, report } from './fault-case.js';
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
/** The status writes (by number, from 1) that another writer races. */
const RACED = [2, 4];

describe('fault: the AnalysisRun changed by another writer during a measured status write', () => {
  it('answers the raced writes 409 and still records and counts each measurement once', async () => {
    server = await startMetricServer();
    const fc = (f = await FaultCase.open('fault-conflict-analysis', ['setWeight: 20']));
    await apply(fc.c, measuredRun(server, COUNT), fc.ns);
    const runs = fc.clients.resource<AnalysisRun & KubernetesObject>(kinds.AnalysisRun);
    const ref = { namespace: fc.ns, name: 'measured' };
    const raced: ProxiedRequest[] = [];
    let writes = 0;
    await fc.startController([], {
      // Before the write leaves, another writer (a person's label, a GitOps tool) changes the run.
      before: async (r) => {
        if (!isMeasuredRunStatusWrite(r) || !RACED.includes(++writes)) return;
        raced.push(r);
        await runs.mergePatch(ref, { metadata: { labels: { [`touched-${writes}`]: 'yes' } } });
      },
    });
    const startedAt = Date.now();
    const done = await waitFor('the AnalysisRun to succeed', async () => {
      const r = await runs.get(ref);
      return r.status?.phase === 'Successful' ? r : undefined;
    }, { timeoutMs: 60_000, intervalMs: 200, describe: async () => (await runs.get(ref)).status });
    report(`AnalysisRun with ${RACED.length} raced status writes (${COUNT} measurements, 1 s apart) -> Successful`, Date.now() - startedAt);

    expect(raced.map((r) => r.status)).toEqual(RACED.map(() => 409));
    const result = done.status?.metricResults?.[0];
    expect(result).toMatchObject({ count: COUNT, successful: COUNT });
    const started = (result?.measurements ?? []).map((m) => m.startedAt);
    expect(new Set(started).size).toBe(COUNT);
    // A measurement whose write was refused is taken again: a call to the provider, never a count.
    const calls = server.calls.get('/web/healthy')?.length ?? 0;
    console.log(`[faults] provider calls for ${COUNT} measurements with ${RACED.length} raced writes: ${calls}`);
    expect(calls).toBeGreaterThanOrEqual(COUNT);
    expect(calls).toBeLessThanOrEqual(COUNT + 2 * RACED.length);
    expect(Object.keys(done.metadata?.labels ?? {}).filter((k) => k.startsWith('touched-'))).toHaveLength(RACED.length);
    fc.assertInvariants();
  });
});
