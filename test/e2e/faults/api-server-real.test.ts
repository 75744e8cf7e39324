// Fault 3 for real: the controller talks to a kube-apiserver of its own on the shared etcd
// (hack/cluster/fault-hooks.sh), which the case restarts mid-update, runs without a watch cache
// while etcd is compacted (so the controller's watches meet a real 410 Gone), or runs with
// --max-requests-inflight=1 under load (so the controller meets real 429s). The invariant checker
// watches through the shared API server, so it sees every state while the controller's is down.
import https from 'node:https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeConfig } from '@kubernetes/client-node';
import { compactEtcd, controlPlaneHooksMissing, startApiServer, type ApiServer } from './control-plane.js';
import { FaultCase, report, type Proxied } from './fault-case.js';

let f: FaultCase | undefined;
let server: ApiServer | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && f) console.error(`${f.logs()}\n${f.checker.timeline.slice(-30).join('\n')}`);
  await f?.close();
  await server?.stop({ kill: true });
  f = undefined;
  server = undefined;
});
beforeEach((ctx) => {
  const missing = controlPlaneHooksMissing();
  if (missing) ctx.skip(missing);
});

const STEPS = ['setWeight: 20', 'pause: {duration: 2s}', 'setWeight: 60', 'pause: {duration: 1s}'];
const isWatch = (url: string) => /[?&]watch=(true|1)/.test(url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The kinds (paths without the query) the controller watched, with the server answering, between `from` and `to`. */
function watched(p: Proxied, from: number, to = Infinity): string[] {
  return [...new Set(p.proxy.requests.filter((r) => r.at >= from && r.at < to && isWatch(r.url) && r.status === 200).map((r) => r.url.split('?')[0] ?? ''))].sort();
}

/**
 * Keeps every request slot of `kc`'s server busy for `ms`: `readers` loops of cluster-wide pod
 * lists and `writers` loops of ConfigMap patches in `ns`, each sent as soon as the last returned.
 * Returns how many of the load's own requests were shed (429).
 */
async function loadServer(kc: KubeConfig, ns: string, ms: number, readers = 6, writers = 3): Promise<number> {
  const tls: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(tls);
  const agent = new https.Agent({ keepAlive: true, maxSockets: readers + writers, ca: tls.ca, cert: tls.cert, key: tls.key });
  const base = kc.getCurrentCluster()?.server ?? '';
  const send = (method: string, path: string, body?: string) => new Promise<number>((resolve) => {
    const req = https.request(new URL(path, base), { method, agent, headers: body ? { 'Content-Type': 'application/merge-patch+json' } : {} }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
  const until = Date.now() + ms;
  let shed = 0;
  const loop = async (next: (i: number) => Promise<number>) => {
    for (let i = 0; Date.now() < until; i++) if ((await next(i)) === 429) shed++;
  };
  const create = await new Promise<number>((resolve) => {
    const req = https.request(new URL(`/api/v1/namespaces/${ns}/configmaps`, base), { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)));
    req.on('error', () => resolve(0));
    req.end(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'load' }, data: {} }));
  });
  expect([201, 409, 429]).toContain(create);
  await Promise.all([
    ...Array.from({ length: readers }, () => loop(() => send('GET', '/api/v1/pods'))),
    ...Array.from({ length: writers }, (_, w) => loop((i) => send('PATCH', `/api/v1/namespaces/${ns}/configmaps/load`, JSON.stringify({ data: { [`w${w}`]: String(i) } })))),
  ]);
  agent.destroy();
  return shed;
}

// Each case starts an API server (about 10 s on a loaded machine) and the first two restart it.
describe('fault: the real API server restarted, compacted, shedding load', { timeout: 240_000 }, () => {
  it('restarted mid-update: the controller\'s watches resume and the update completes', async () => {
    const fc = (f = await FaultCase.open('fault-real-restart', STEPS));
    server = await startApiServer('fault-restart');
    const p = await fc.startController([], {}, server.kc);
    await fc.reach('Healthy');
    await fc.setImage('demo:2');
    await fc.reach('Paused', { step: 1 });
    const stoppedAt = Date.now();
    await server.stop({ kill: true });
    await sleep(3_000);
    const restartAt = Date.now();
    await server.restart();
    report('API server start-up (start -> /readyz; it serves a little before)', Date.now() - restartAt);
    await fc.reach('Healthy', { timeoutMs: 90_000 });
    report('API server started again -> update completed', Date.now() - restartAt);
    report('API server killed -> update completed (3 s down, start-up, pauses left)', Date.now() - stoppedAt);
    expect(p.proc.child.exitCode).toBe(null);
    // Every informer opened its watch again on the restarted server.
    const before = watched(p, 0, stoppedAt);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(watched(p, stoppedAt)).toEqual(before);
    fc.assertInvariants();
  });

  it('etcd compacted while the controller was away: its watches get 410 Gone, it relists and acts on what changed', async () => {
    const fc = (f = await FaultCase.open('fault-real-410', STEPS));
    // No watch cache: a watch is served by etcd itself, so an old resourceVersion meets the compaction.
    server = await startApiServer('fault-nocache', ['--watch-cache=false']);
    const p = await fc.startController([], {}, server.kc);
    await fc.reach('Healthy');
    await server.stop({ kill: true });
    // While the controller cannot see: the update starts (the controller-manager and kwok
    // write on), then etcd forgets every revision before now.
    const changedAt = Date.now();
    await fc.setImage('demo:2');
    await sleep(1_000);
    const revision = await compactEtcd();
    const restartAt = Date.now();
    await server.restart();
    await fc.reach('Healthy', { timeoutMs: 90_000 });
    report(`etcd compacted at revision ${revision}; API server started again -> update completed (includes 3 s of pauses)`, Date.now() - restartAt);
    report('change made while the controller was away -> update completed', Date.now() - changedAt);
    const expired = p.proc.log().match(/watch expired \(410\), relisting/g) ?? [];
    expect(expired.length).toBeGreaterThanOrEqual(3);
    expect(p.proc.child.exitCode).toBe(null);
    fc.assertInvariants();
  });

  it('sheds load with real 429s (--max-requests-inflight=1): the controller waits as told and completes', async () => {
    const fc = (f = await FaultCase.open('fault-real-429', STEPS));
    server = await startApiServer('fault-inflight', ['--max-requests-inflight=1', '--max-mutating-requests-inflight=1']);
    const p = await fc.startController([], {}, server.kc);
    await fc.reach('Healthy', { timeoutMs: 90_000 });
    const started = Date.now();
    const load = loadServer(server.kc, fc.ns, 6_000);
    await sleep(500);
    await fc.setImage('demo:2');
    const loadShed = await load;
    const loadEnded = Date.now();
    await fc.reach('Healthy', { timeoutMs: 90_000 });
    const shed = p.proxy.requests.filter((r) => r.at >= started && r.status === 429);
    report(`update under 6 s of load (${shed.length} of the controller's requests and ${loadShed} of the load's shed with 429) -> completed (includes 3 s of pauses)`, Date.now() - started);
    report('load ended -> update completed', Date.now() - loadEnded);
    expect(shed.length).toBeGreaterThan(0);
    expect(p.proc.child.exitCode).toBe(null);
    fc.assertInvariants();
  });
});
