import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Metric } from '../api/types.js';
import type { KubeClients } from '../kube/client.js';
import { KubeError } from '../kube/errors.js';
import { FreshnessTracker } from '../kube/freshness.js';
import { WorkQueue } from '../kube/queue.js';
import type { MetricProvider, ProviderResult } from '../providers/provider.js';
import { analysisRunReconciler, metricsWithFinishedJobs, type AnalysisRunObject, type FinishedJobLike } from './analysis-run-reconciler.js';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const STAMP = '2026-01-01T10:00:00Z';

interface World {
  runs: Map<string, AnalysisRunObject>;
  patches: { name: string; body: { metadata: { resourceVersion?: string }; status: Record<string, unknown> } }[];
  events: { reason: string; message: string }[];
  collected: { metric: string; limit: number }[];
  calls: { run: string; metric: Metric }[];
  patchError?: KubeError;
}

function world(answer: (metric: Metric) => Promise<ProviderResult> | ProviderResult) {
  const w: World = { runs: new Map(), patches: [], events: [], collected: [], calls: [] };
  const provider: MetricProvider = {
    type: 'fake',
    run: async (ctx, metric) => {
      w.calls.push({ run: ctx.run.name, metric });
      return answer(metric);
    },
    resume: async (_ctx, metric) => answer(metric),
    terminate: async (_ctx, _m, measurement) => ({ phase: 'Successful', startedAt: measurement.startedAt ?? STAMP, finishedAt: STAMP }),
    garbageCollect: async (_ctx, metric, limit) => void w.collected.push({ metric: metric.name, limit }),
  };
  let rv = 10;
  const clients = {
    kc: undefined,
    resource: (type: { kind: string }) => ({
      get: async () => {
        if (type.kind !== 'Secret') throw new KubeError('NotFound', 'not found', 404);
        return { data: { token: Buffer.from('s3cr3t').toString('base64') } };
      },
      patchStatus: async (ref: { name: string }, body: World['patches'][number]['body']) => {
        if (w.patchError) throw w.patchError;
        w.patches.push({ name: ref.name, body });
        return { metadata: { resourceVersion: String(++rv) } };
      },
    }),
  } as unknown as KubeClients;
  const deps = {
    clients,
    runs: { get: (k: string) => w.runs.get(k), list: () => [...w.runs.values()], keys: () => [...w.runs.keys()] },
    recorder: { record: async (_o: unknown, _t: string, reason: string, message: string) => void w.events.push({ reason, message }) },
    freshness: new FreshnessTracker(),
    log: pino({ level: 'silent' }),
    now: () => T0,
    providerFor: () => ({ ok: true as const, name: 'prometheus' as const, provider }),
    measureTimeoutMs: 1000,
  };
  return { w, deps, reconcile: analysisRunReconciler(deps) };
}

function addRun(w: World, name: string, metric: Partial<Metric> = {}, extra: Partial<AnalysisRunObject> = {}): string {
  w.runs.set(`ns/${name}`, {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun',
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: '5' },
    spec: {
      args: [{ name: 'token', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }],
      metrics: [{ name: 'errors', successCondition: 'result[0] <= 5', provider: { prometheus: { address: 'http://p', query: 'q{t="{{args.token}}"}' } }, ...metric }],
    },
    ...extra,
  });
  return `ns/${name}`;
}

const value = (v: number): ProviderResult => ({ result: [v], value: `[${v}]`, startedAt: STAMP, finishedAt: STAMP });

describe('analysisRunReconciler', () => {
  it('measures a new run with its secret, writes one conditional status patch, emits events and collects garbage', async () => {
    const { w, reconcile } = world(() => value(16.31));
    const key = addRun(w, 'bad');
    expect(await reconcile(key)).toBeUndefined();
    expect(w.calls[0]?.metric.provider.prometheus?.query).toBe('q{t="s3cr3t"}');
    expect(w.patches).toHaveLength(1);
    const { body } = w.patches[0]!;
    expect(body.metadata.resourceVersion).toBe('5');
    expect(body.status).toMatchObject({ phase: 'Failed', message: expect.stringContaining('Metric "errors" assessed Failed due to failed (1) > failureLimit (0)') });
    expect(JSON.stringify(body)).not.toContain('s3cr3t');
    expect(w.events.map((e) => e.reason)).toEqual(['MetricFailed', 'AnalysisRunFailed']);
    expect(w.collected).toEqual([{ metric: 'errors', limit: 10 }]);
  });

  it('looks again when the next measurement is due', async () => {
    const { w, reconcile } = world(() => value(1));
    const key = addRun(w, 'ok', { interval: '30s', count: 3 });
    expect(await reconcile(key)).toEqual({ requeueAfterMs: 30_000 });
    expect(w.patches[0]?.body.status).toMatchObject({ phase: 'Running' });
  });

  it('waits for its own write to reach the cache before planning again', async () => {
    const { w, reconcile } = world(() => value(1));
    const key = addRun(w, 'ok', { interval: '30s', count: 3 });
    await reconcile(key);
    expect(await reconcile(key)).toEqual({ requeueAfterMs: 50 });
    expect(w.calls).toHaveLength(1);
  });

  it('plans again at once after a conflict', async () => {
    const { w, reconcile } = world(() => value(1));
    w.patchError = new KubeError('Conflict', 'the object has been modified', 409);
    expect(await reconcile(addRun(w, 'ok'))).toEqual({ requeueAfterMs: 0 });
  });

  it('leaves a completed run alone except for one garbage collection', async () => {
    const { w, reconcile } = world(() => value(1));
    const key = addRun(w, 'done', {}, { status: { phase: 'Successful', completedAt: STAMP } });
    await reconcile(key);
    await reconcile(key);
    expect(w.calls).toHaveLength(0);
    expect(w.patches).toHaveLength(0);
    expect(w.collected).toHaveLength(1);
  });

  it('a slow provider never delays another run', async () => {
    const { w, reconcile } = world((metric) => (metric.name === 'slow' ? new Promise(() => undefined) : value(1)));
    const slow = addRun(w, 'slow-run', { name: 'slow' });
    const fast = addRun(w, 'fast-run');
    const queue = new WorkQueue({ workers: 10 });
    const done = new Set<string>();
    queue.start(async (key) => {
      await reconcile(key);
      done.add(key);
    });
    queue.add(slow);
    queue.add(fast);
    await new Promise((r) => setTimeout(r, 100));
    expect([...done]).toEqual([fast]);
    await new Promise((r) => setTimeout(r, 1200));
    expect(w.patches.find((p) => p.name === 'slow-run')?.body.status).toMatchObject({
      metricResults: [expect.objectContaining({ measurements: [expect.objectContaining({ phase: 'Error', message: expect.stringContaining('timed out after 1s') })] })],
    });
    await queue.shutdown();
  });
});

describe('metricsWithFinishedJobs', () => {
  const store = (jobs: Record<string, FinishedJobLike>) => ({ get: (k: string) => jobs[k], list: () => Object.values(jobs), keys: () => Object.keys(jobs) });
  const runWith = (measurement: Record<string, unknown>) => ({
    metadata: { name: 'r', namespace: 'n' },
    spec: { metrics: [] },
    status: { metricResults: [{ name: 'probe', measurements: [measurement] }] },
  }) as unknown as AnalysisRunObject;
  const done = (type: string) => ({ status: { conditions: [{ type, status: 'True' }] } });

  it.each([
    ['a Complete Job', { phase: 'Running', metadata: { 'job-name': 'j' } }, { 'n/j': done('Complete') }, ['probe']],
    ['a Failed Job', { phase: 'Running', metadata: { 'job-name': 'j' } }, { 'n/j': done('Failed') }, ['probe']],
    ['a Job still running', { phase: 'Running', metadata: { 'job-name': 'j' } }, { 'n/j': { status: {} } }, []],
    ['a finished measurement', { phase: 'Successful', finishedAt: 't', metadata: { 'job-name': 'j' } }, { 'n/j': done('Complete') }, []],
    ['no Job named', { phase: 'Running' }, { 'n/j': done('Complete') }, []],
    ['a Job not in the cache', { phase: 'Running', metadata: { 'job-name': 'gone' } }, {}, []],
  ])('%s', (_name, measurement, jobs, want) => {
    expect([...metricsWithFinishedJobs(runWith(measurement), store(jobs))]).toEqual(want);
  });
});
