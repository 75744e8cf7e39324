// `npm run bench -- dashboard-soak`: the dashboard's server under 50 Rollouts (BENCH_SOAK_ROLLOUTS)
// changing for 10 minutes (BENCH_SOAK_MINUTES) on the local control plane, with the real controller
// and five browser sessions (each one event stream and a Rollout page read every second). Prints
// the server's RSS and its heap after a full collection every 30 s, and the slope of each over the
// run after the first two minutes (MiB per minute): flat memory is a slope near 0.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '@kubernetes/client-node';
import { createKubeClients, loadKubeConfig, type KubeClients } from '../src/kube/client.js';
import { installCrds } from '../src/kube/install-crds.js';
import { kinds } from '../src/kube/resources.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_SOAK_ROLLOUTS ?? 50);
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const SAMPLE_MS = 30_000;
const BROWSERS = 5;
const NS = 'kanary-soak';
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (s: string) => process.stdout.write(`${s}\n`);
const cluster = (verb: string, quiet = false) => execFileSync('bash', [path.join(repo, 'hack/cluster/cluster.sh'), verb], { stdio: quiet ? 'ignore' : 'inherit' });

interface Memory { rss: number; heapUsed: number }

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? NaN : num / den;
}

function rollout(i: number, image: string): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: `soak-${i}`, namespace: NS },
    spec: {
      replicas: 1, revisionHistoryLimit: 2, selector: { matchLabels: { app: `soak-${i}` } },
      template: { metadata: { labels: { app: `soak-${i}` } }, spec: { containers: [{ name: 'app', image }] } },
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: '5s' } }, { setWeight: 60 }, { pause: { duration: '5s' } }] } },
    },
  } as KubernetesObject;
}

function askMemory(server: ChildProcess): Promise<Memory> {
  return new Promise((resolve) => {
    server.once('message', (m) => resolve(m as Memory));
    server.send('memory');
  });
}

/** One browser: the event stream read to the end, and a Rollout page every second. */
function browser(url: string, signal: AbortSignal, counts: { pushes: number; pages: number }): void {
  void (async () => {
    try {
      const res = await fetch(`${url}api/events`, { signal });
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        counts.pushes += (new TextDecoder().decode(value).match(/^data: /gm) ?? []).length;
      }
    } catch { /* aborted at the end */ }
  })();
  void (async () => {
    while (!signal.aborted) {
      const i = Math.floor(Math.random() * N);
      await fetch(`${url}api/rollouts/${NS}/soak-${i}`, { signal }).then((r) => r.arrayBuffer()).then(() => { counts.pages++; }, () => undefined);
      await sleep(1000);
    }
  })();
}

async function setImage(clients: KubeClients, i: number, image: string): Promise<void> {
  await clients.resource<KubernetesObject>(kinds.Rollout).mergePatch({ namespace: NS, name: `soak-${i}` },
    { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } }).catch(() => undefined);
}

export async function dashboardSoak(): Promise<void> {
  let startedCluster = false;
  try {
    cluster('status', true);
  } catch {
    say('starting the local control plane');
    cluster('up');
    startedCluster = true;
  }
  const kubeconfig = path.join(repo, '.cluster/kubeconfig');
  const clients = createKubeClients(loadKubeConfig({ kubeconfig }));
  const crdDir = path.join(repo, 'manifests/crds');
  await installCrds(clients, readdirSync(crdDir).map((f) => readFileSync(path.join(crdDir, f), 'utf8')));
  const namespaces = clients.resource<KubernetesObject>(kinds.Namespace);
  await namespaces.delete({ name: NS }).catch(() => undefined);
  for (let i = 0; i < 120 && (await namespaces.get({ name: NS }).then(() => true, () => false)); i++) await sleep(1000);
  await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } as KubernetesObject);
  for (let i = 0; i < N; i++) await clients.resource<KubernetesObject>(kinds.Rollout).create(rollout(i, 'soak:0'));

  const controller = spawn(process.execPath, [path.join(repo, 'bin/kanary.js'), 'controller', '--kubeconfig', kubeconfig, '-n', NS,
    '--metrics-port', '0', '--healthz-port', '0', '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const server = fork(path.join(repo, 'bench/dashboard-soak-server.mjs'), ['--kubeconfig', kubeconfig, '-n', NS, '--port', '0'],
    { execArgv: ['--expose-gc'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  const stop = new AbortController();
  const counts = { pushes: 0, pages: 0, updates: 0 };
  try {
    say(`dashboard soak: ${N} Rollouts (1 replica; setWeight 20, pause 5s, setWeight 60, pause 5s) updated in turn, one every ${(12_000 / N).toFixed(0)} ms;`);
    say(`${BROWSERS} browsers (an event stream each, a Rollout page every second each); ${MINUTES} minutes; memory every ${SAMPLE_MS / 1000} s (heap after a full GC)`);
    say(`machine: ${(await import('node:os')).cpus().length} cores, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`);
    for (let b = 0; b < BROWSERS; b++) browser(url, stop.signal, counts);
    let generation = 1;
    const churn = (async () => {
      for (let k = 0; !stop.signal.aborted; k++) {
        const i = k % N;
        if (i === 0 && k > 0) generation++;
        await setImage(clients, i, `soak:${generation}`);
        counts.updates++;
        await sleep(12_000 / N);
      }
    })();
    const samples: { t: number; mem: Memory }[] = [];
    const start = Date.now();
    say('   t   RSS MiB   heap MiB   pushes   pages   updates');
    while (Date.now() - start < MINUTES * 60_000) {
      const mem = await askMemory(server);
      const t = (Date.now() - start) / 60_000;
      samples.push({ t, mem });
      say(`${t.toFixed(1).padStart(4)}   ${(mem.rss / MiB).toFixed(1).padStart(7)}   ${(mem.heapUsed / MiB).toFixed(1).padStart(8)}   ${String(counts.pushes).padStart(6)}   ${String(counts.pages).padStart(5)}   ${String(counts.updates).padStart(7)}`);
      await sleep(SAMPLE_MS);
    }
    const last = await askMemory(server);
    samples.push({ t: (Date.now() - start) / 60_000, mem: last });
    stop.abort();
    await churn;
    const settled = samples.filter((s) => s.t >= 2);
    const heapSlope = slope(settled.map((s) => ({ x: s.t, y: s.mem.heapUsed / MiB })));
    const rssSlope = slope(settled.map((s) => ({ x: s.t, y: s.mem.rss / MiB })));
    say(`\nKanary dashboard soak: ${N} Rollouts, ${MINUTES} min, ${counts.updates} updates, ${counts.pushes} pushes, ${counts.pages} pages read`);
    say(`  heap after GC: ${(samples[0]!.mem.heapUsed / MiB).toFixed(1)} -> ${(last.heapUsed / MiB).toFixed(1)} MiB; slope after 2 min ${heapSlope.toFixed(3)} MiB/min`);
    say(`  RSS:           ${(samples[0]!.mem.rss / MiB).toFixed(1)} -> ${(last.rss / MiB).toFixed(1)} MiB; slope after 2 min ${rssSlope.toFixed(3)} MiB/min`);
    say(`  machine load average at the end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    stop.abort();
    server.kill('SIGTERM');
    controller.kill('SIGTERM');
    await namespaces.delete({ name: NS }).catch(() => undefined);
    if (startedCluster) cluster('down');
  }
}
