// Fault 5: a metric provider that hangs, answers 500, or answers garbage, played by a real local
// HTTP server in two shapes (a Web endpoint and the Prometheus query API). Each faulty run's
// measurements error with a message that says what happened, `consecutiveErrorLimit` ends the run
// exactly when crossed, and the runs beside them are not blocked: a healthy run keeps its 1 s
// interval, and a Rollout update goes through meanwhile. Every provider call is one counted
// measurement (I5, with the shared checker on every state).
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalysisRun } from '../../../src/api/types.js';
import { kinds } from '../../../src/kube/resources.js';
import { apply, waitFor } from '../harness.js';
import { FaultCase, report } from './fault-case.js';
import { startMetricServer, type Behaviour, type MetricServer } from './metric-server.js';

type RunObject = AnalysisRun & KubernetesObject;

let f: FaultCase | undefined;
let server: MetricServer | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && f) console.error(`${f.logs()}\n${f.checker.timeline.slice(-30).join('\n')}`);
  await f?.close();
  await server?.close();
  f = undefined;
  server = undefined;
});

/** Seconds a provider call may take before the measurement errors (web timeoutSeconds, prometheus timeout). */
const CALL_TIMEOUT_S = 3;
const HEALTHY_COUNT = 12;

type Shape = 'web' | 'prom';
const pathOf = (shape: Shape, b: Behaviour) => (shape === 'web' ? `/web/${b}` : `/prom/${b}/api/v1/query`);

function provider(shape: Shape, b: Behaviour, url: string): string {
  return shape === 'web'
    ? `web: {url: "${url}/web/${b}", jsonPath: "{$.value}", timeoutSeconds: ${CALL_TIMEOUT_S}}`
    : `prometheus: {address: "${url}/prom/${b}", query: "up", timeout: ${CALL_TIMEOUT_S}}`;
}

function run(name: string, shape: Shape, b: Behaviour, url: string): string {
  const healthy = b === 'healthy';
  return `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: ${name}}
spec:
  metrics:
    - name: m
      interval: 1s
      ${healthy ? `count: ${HEALTHY_COUNT}` : 'consecutiveErrorLimit: 1'}
      successCondition: ${shape === 'web' ? '"result == 1"' : '"result[0] == 1"'}
      provider: {${provider(shape, b, url)}}
`;
}

/** What each faulty measurement's message must say. */
const EXPECTED: Record<Shape, Record<Exclude<Behaviour, 'healthy'>, RegExp>> = {
  web: {
    hang: new RegExp(`timed out after ${CALL_TIMEOUT_S}s`),
    error500: /received non 2xx response code: 500 Internal Server Error/,
    garbage: /response is not JSON, so jsonPath \{\$\.value\} cannot apply: <html>/,
  },
  prom: {
    hang: new RegExp(`timed out after ${CALL_TIMEOUT_S}s`),
    error500: /prometheus returned HTTP 500: internal error/,
    garbage: /prometheus returned HTTP 200: <html>/,
  },
};

const FAULTS = ['hang', 'error500', 'garbage'] as const;

describe('fault: a metric provider that hangs, answers 500 or answers garbage', () => {
  it('errors each measurement clearly, ends at consecutiveErrorLimit, and blocks no other run', async () => {
    server = await startMetricServer();
    const fc = (f = await FaultCase.open('fault-metrics', ['setWeight: 40', 'pause: {duration: 2s}']));
    await fc.startController();
    await fc.reach('Healthy');
    const runs = fc.clients.resource<RunObject>(kinds.AnalysisRun);
    const get = (name: string) => runs.get({ namespace: fc.ns, name });

    const startedAt = Date.now();
    const manifests = (['web', 'prom'] as const).flatMap((shape) => [...FAULTS, 'healthy' as const].map((b) => run(`${shape}-${b.toLowerCase()}`, shape, b, server!.url)));
    await apply(fc.c, manifests.join('\n---\n'), fc.ns);
    // A Rollout update meanwhile: the Rollout workers are not held up by the measurements.
    await fc.setImage('demo:2');
    await fc.reach('Healthy', { timeoutMs: 60_000 });
    report('Rollout update completed while providers hang (from the runs created)', Date.now() - startedAt);

    for (const shape of ['web', 'prom'] as const) {
      for (const b of FAULTS) {
        const name = `${shape}-${b.toLowerCase()}`;
        const done = await waitFor(`AnalysisRun ${name} to end in Error`, async () => {
          const r = await get(name);
          return r.status?.phase === 'Error' ? r : undefined;
        }, { timeoutMs: 60_000, intervalMs: 200, describe: async () => (await get(name)).status });
        const result = done.status?.metricResults?.[0];
        // consecutiveErrorLimit 1: the second consecutive error ends the run, not the first.
        expect(result, name).toMatchObject({ phase: 'Error', error: 2, consecutiveError: 2 });
        expect(result?.count ?? 0, name).toBe(0);
        expect(done.status?.message, name).toContain('consecutiveErrors (2) > consecutiveErrorLimit (1)');
        expect(result?.message, name).toMatch(EXPECTED[shape][b]);
        for (const m of result?.measurements ?? []) expect(m.message, name).toMatch(EXPECTED[shape][b]);
        // Every provider call is one measurement, counted once.
        expect(server.calls.get(pathOf(shape, b))?.length, name).toBe(2);
        if (b === 'hang') report(`${shape} provider hanging: run seen in Error after`, Date.now() - startedAt);
      }
    }

    for (const shape of ['web', 'prom'] as const) {
      const name = `${shape}-healthy`;
      const done = await waitFor(`AnalysisRun ${name} to succeed`, async () => {
        const r = await get(name);
        return r.status?.phase === 'Successful' ? r : undefined;
      }, { timeoutMs: 60_000, intervalMs: 200, describe: async () => (await get(name)).status });
      expect(done.status?.metricResults?.[0]).toMatchObject({ count: HEALTHY_COUNT, successful: HEALTHY_COUNT });
      const calls = server.calls.get(pathOf(shape, 'healthy')) ?? [];
      expect(calls.length, name).toBe(HEALTHY_COUNT);
      // The interval is 1 s after each measurement finished; allow 1.5 s more for a loaded machine,
      // far below a hanging call's 3 s or the 10 s error retry.
      const gaps = calls.slice(1).map((t, i) => t - (calls[i] ?? t));
      const widest = Math.max(...gaps);
      report(`${shape} healthy run beside hanging ones: widest gap between measurements`, widest);
      expect(widest, `${name} gaps ${gaps.join(', ')} ms`).toBeLessThan(2_500);
    }
    // The healthy runs measured while the hanging calls were open.
    const hangs = server.calls.get(pathOf('web', 'hang')) ?? [];
    const healthyCalls = server.calls.get(pathOf('web', 'healthy')) ?? [];
    expect(healthyCalls.some((t) => t > (hangs[0] ?? 0) && t < (hangs[0] ?? 0) + CALL_TIMEOUT_S * 1000)).toBe(true);

    fc.assertInvariants();
  });
});
