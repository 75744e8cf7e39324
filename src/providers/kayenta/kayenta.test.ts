// The kayenta provider against a local server that answers Kayenta's standalone canary API as
// it documents: config lookup, execution start, execution polling until complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement, Metric } from '../../api/types.js';
import { describeProviderContract, testContext } from '../contract.js';
import { toMeasurement } from '../result.js';
import { startVendorServer, type RecordedRequest, type VendorServer } from '../vendor-server.test-support.js';
import { kayentaPhase, readExecution, type KayentaSpec } from './canary-api.js';
import { kayentaProvider } from './index.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const scope = (s: string) => ({ scope: s, region: 'us-west-2', step: 60, start: '2026-01-01T11:00:00Z', end: '2026-01-01T12:00:00Z' });

let kayenta: VendorServer;
let polls = 0;

function api(req: RecordedRequest) {
  if (req.path === '/canaryConfig') return { body: [{ id: 'cfg-other', name: 'other' }, { id: 'cfg-123', name: 'web-canary', applications: ['web'] }] };
  if (req.method === 'POST' && req.path === '/canary/cfg-123') return { body: { canaryExecutionId: 'exec-9' } };
  if (req.path === '/canary/exec-9') {
    polls++;
    return { body: polls < 2 ? { complete: false, status: 'running' } : { complete: true, status: 'succeeded', result: { judgeResult: { score: { score: 92.6 } } } } };
  }
  if (req.path === '/canary/exec-hang') return { hang: true };
  return { status: 404, body: { message: 'not found' } };
}

beforeAll(async () => { kayenta = await startVendorServer(api); });
afterAll(async () => kayenta.close());

const spec = (over: Partial<KayentaSpec> = {}): KayentaSpec => ({
  address: kayenta.url, application: 'web', canaryConfigName: 'web-canary',
  metricsAccountName: 'prom-account', configurationAccountName: 'config-store', storageAccountName: 'object-store',
  threshold: { pass: 90, marginal: 75 },
  scopes: [{ name: 'default', controlScope: scope('web-stable'), experimentScope: scope('web-canary') }],
  ...over,
});
const metric = (k: KayentaSpec): Metric => ({ name: 'kayenta', provider: { kayenta: k } });
const ctx = () => testContext({ now: () => NOW });
const running = (id: string): Measurement => ({ phase: 'Running', startedAt: '2026-01-01T11:59:00Z', metadata: { canaryExecutionId: id } });

describeProviderContract('kayenta', () => ({
  provider: kayentaProvider,
  working: metric(spec()),
  broken: metric(spec({ address: 'http://127.0.0.1:1' })),
  noisy: metric(spec({ canaryConfigName: 'x'.repeat(5000) })),
  context: { now: () => NOW },
}));

describe('kayenta provider', () => {
  it('finds the config by name, starts an execution with the scopes and thresholds, and is Running', async () => {
    kayenta.answer(api);
    const r = await kayentaProvider.run(ctx(), metric(spec()));
    expect(r).toEqual({ phase: 'Running', startedAt: '2026-01-01T12:00:00Z', metadata: { canaryExecutionId: 'exec-9' }, resumeAt: '2026-01-01T12:00:15Z' });
    const [lookup, post] = kayenta.requests;
    expect(lookup).toMatchObject({ method: 'GET', path: '/canaryConfig' });
    expect(Object.fromEntries(lookup!.query)).toEqual({ application: 'web', configurationAccountName: 'config-store' });
    expect(post).toMatchObject({ method: 'POST', path: '/canary/cfg-123' });
    expect(Object.fromEntries(post!.query)).toEqual({ application: 'web', metricsAccountName: 'prom-account', configurationAccountName: 'config-store', storageAccountName: 'object-store' });
    expect(JSON.parse(post!.body)).toEqual({
      scopes: { default: { controlScope: scope('web-stable'), experimentScope: scope('web-canary') } },
      thresholds: { pass: 90, marginal: 75 },
    });
  });

  it('reads the execution until it is complete, then judges the score', async () => {
    polls = 0;
    kayenta.answer(api);
    const first = await kayentaProvider.resume(ctx(), metric(spec()), running('exec-9'));
    expect(first).toEqual({ phase: 'Running', startedAt: '2026-01-01T11:59:00Z', metadata: { canaryExecutionId: 'exec-9' }, resumeAt: '2026-01-01T12:00:15Z' });
    const done = await kayentaProvider.resume(ctx(), metric(spec()), toMeasurement(first, 'Running'));
    expect(done).toMatchObject({ phase: 'Successful', value: '92', result: 92, metadata: { canaryExecutionId: 'exec-9' }, finishedAt: '2026-01-01T12:00:00Z' });
    expect(kayenta.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /canary/exec-9', 'GET /canary/exec-9']);
    const marginal = await kayentaProvider.resume(ctx(), metric(spec({ threshold: { pass: 95, marginal: 90 } })), running('exec-9'));
    expect(marginal).toMatchObject({ phase: 'Inconclusive', value: '92' });
  });

  it('names a config that does not exist, and keeps the execution id on a failed look', async () => {
    kayenta.answer(api);
    expect(await kayentaProvider.run(ctx(), metric(spec({ canaryConfigName: 'missing' })))).toMatchObject({
      phase: 'Error', message: 'kayenta: no canary config named "missing" for application "web"',
    });
    const r = await kayentaProvider.resume(ctx(), metric(spec()), running('exec-unknown'));
    expect(r).toMatchObject({ phase: 'Error', metadata: { canaryExecutionId: 'exec-unknown' }, message: expect.stringContaining('kayenta: received non 2xx response code: 404 Not Found') });
  });

  it('ends a look at once when aborted', async () => {
    kayenta.answer(api);
    const t0 = Date.now();
    const r = await kayentaProvider.resume(testContext({ signal: AbortSignal.timeout(200) }), metric(spec()), running('exec-hang'));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toMatchObject({ phase: 'Error', message: 'measurement aborted' });
  });

  it('ends a Running measurement when terminated, as a Job\'s (the engine records it Inconclusive)', async () => {
    expect(await kayentaProvider.terminate(ctx(), metric(spec()), running('exec-9'))).toMatchObject({ phase: 'Successful', finishedAt: '2026-01-01T12:00:00Z', metadata: { canaryExecutionId: 'exec-9' } });
  });
});

describe('kayenta scores and executions', () => {
  it.each([[95.7, 'Successful'], [90, 'Successful'], [89.9, 'Inconclusive'], [75, 'Inconclusive'], [74.9, 'Failed'], [0, 'Failed']] as const)('score %d -> %s', (score, phase) => {
    expect(kayentaPhase(score, { pass: 90, marginal: 75 })).toBe(phase);
  });

  it.each([
    [{ complete: false }, { kind: 'running' }],
    [{ complete: true, result: { judgeResult: { score: { score: 50 } } } }, { kind: 'scored', score: 50 }],
    [{ status: 'running' }, { kind: 'error', message: 'kayenta: the canary execution has no complete status' }],
    [{ complete: true, status: 'terminal', exception: { details: { error: 'metrics query failed' } } }, { kind: 'error', message: 'kayenta: the canary execution finished without a score: {"error":"metrics query failed"}' }],
  ])('%j', (body, reading) => {
    expect(readExecution(body)).toEqual(reading);
  });
});
