// Fault 3 as a proxy plays it, beside the real thing (api-server-real.test.ts): the API server
// gone for a while with every connection cut and every new one dropped without an answer (a
// black hole, which a real restart never is), every watch expired at once (410), and half the
// requests shed with 429 and Retry-After. The faults are played by the process's proxy in front
// of the real API server; the Rollout's update goes on through each and every invariant holds.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../harness.js';
import { FaultCase, report } from './fault-case.js';

let f: FaultCase | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && f) console.error(f.logs());
  await f?.close();
  f = undefined;
});

const STEPS = ['setWeight: 20', 'pause: {duration: 2s}', 'setWeight: 60', 'pause: {duration: 1s}'];
const isWatch = (url: string) => /[?&]watch=(true|1)/.test(url);

describe('fault: the API server misbehaving', () => {
  it('is gone for 4 s mid-update: watches resume, the update completes', async () => {
    const fc = (f = await FaultCase.open('fault-apiserver-gone', STEPS));
    const p = await fc.startController();
    await fc.reach('Healthy');
    await fc.setImage('demo:2');
    await fc.reach('Paused', { step: 1 });
    let down = true;
    p.proxy.hooks = { before: () => (down ? { drop: true } : undefined) };
    p.proxy.dropConnections();
    await new Promise((r) => setTimeout(r, 4_000));
    down = false;
    const backAt = Date.now();
    await fc.reach('Healthy', { timeoutMs: 60_000 });
    report('API server back -> update completed (includes the pauses left)', Date.now() - backAt);
    expect(p.proc.child.exitCode).toBe(null);
    fc.assertInvariants();
  });

  it('expires every watch (410): the informers relist and nothing is missed', async () => {
    const fc = (f = await FaultCase.open('fault-apiserver-410', STEPS));
    const p = await fc.startController();
    await fc.reach('Healthy');
    // Each kind's next watch is answered 410 Expired, as after a compaction.
    const expired = new Set<string>();
    p.proxy.hooks = {
      before: (r) => {
        const kind = r.url.split('?')[0] ?? '';
        if (!isWatch(r.url) || expired.has(kind)) return;
        expired.add(kind);
        return { answer: 410, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version' } };
      },
    };
    p.proxy.dropConnections();
    const started = Date.now();
    await fc.setImage('demo:2');
    await fc.reach('Healthy', { timeoutMs: 60_000 });
    report('every watch expired (410) -> update completed (includes 3 s of pauses)', Date.now() - started);
    expect(expired.size).toBeGreaterThanOrEqual(3);
    expect(p.proc.log()).toMatch(/relisting/);
    fc.assertInvariants();
  });

  it('sheds load with 429 and Retry-After for 5 s: the controller waits as told and completes', async () => {
    const fc = (f = await FaultCase.open('fault-apiserver-429', STEPS));
    const p = await fc.startController();
    await fc.reach('Healthy');
    let shedding = true;
    let n = 0;
    let shed = 0;
    p.proxy.hooks = {
      before: (r) => {
        if (!shedding || isWatch(r.url) || n++ % 2 === 0) return;
        shed++;
        return {
          answer: 429, headers: { 'Retry-After': '1' },
          body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'TooManyRequests', code: 429, message: 'too many requests', details: { retryAfterSeconds: 1 } },
        };
      },
    };
    const started = Date.now();
    await fc.setImage('demo:2');
    setTimeout(() => { shedding = false; }, 5_000);
    await fc.reach('Healthy', { timeoutMs: 60_000 });
    report('update under 5 s of 429s (half the requests) -> completed (includes 3 s of pauses)', Date.now() - started);
    expect(shed).toBeGreaterThan(0);
    // How long each 429 is waited for is pinned by src/kube/client-faults.test.ts.
    await waitFor('the controller to be alive', async () => p.proc.child.exitCode === null);
    fc.assertInvariants();
  });
});
