// `npm run bench -- --vs argo`: the same workload against Argo Rollouts' own controller
// (hack/argo) and Kanary, one after the other on one local control plane, at two settings (each
// one's defaults; both at 200 qps, 400 burst, 30 workers). B1/B2: BENCH_ROLLOUTS (default 100)
// Rollouts of 2 replicas, steps setWeight 20/50/80, updated at once. Every figure is taken outside
// the controllers: writes from kube-apiserver's apiserver_request_total (mutating verbs on
// rollouts, replicasets without subresource, analysisruns, services, ingresses; events apart; the
// benchmark's own patches taken out), reaction from the patch's answer to the canary
// ReplicaSet's ADDED event on a watch, time until every Rollout is Healthy on the new image, and
// the controller's peak RSS (VmHWM). Prints a table with a ratio column; never fails a build.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import type { Rollout } from '../src/api/types.js';
import { createKubeClients, loadKubeConfig, type KubeClients } from '../src/kube/client.js';
import { installCrds } from '../src/kube/install-crds.js';
import { kinds } from '../src/kube/resources.js';
import { freePort } from '../test/support/prometheus.js';
import { locateTool } from '../test/support/tools.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_ROLLOUTS ?? 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (s: string) => process.stdout.write(`${s}\n`);
const cluster = (verb: string, quiet = false) => execFileSync('bash', [path.join(repo, 'hack/cluster/cluster.sh'), verb], { stdio: quiet ? 'ignore' : 'inherit' });

type Controller = 'Argo Rollouts' | 'Kanary';
interface Setting { name: string; argo: string[]; kanary: string[] }
const SETTINGS: Setting[] = [
  { name: 'each one\'s defaults (40 qps, 80 burst)', argo: [], kanary: [] },
  { name: 'both at 200 qps, 400 burst, 30 workers', argo: ['--qps', '200', '--burst', '400', '--rollout-threads', '30'],
    kanary: ['--qps', '200', '--burst', '400', '--workers', '30'] },
];
interface Result { healthyS: number; writes: number; events: number; p50: number; p99: number; rssMiB: number }

const COUNTED = new Set(['rollouts', 'replicasets', 'analysisruns', 'services', 'ingresses']);
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY']);

/** Mutating requests the API server has answered so far: the counted kinds, and events apart. */
async function apiserverWrites(clients: KubeClients): Promise<{ writes: number; events: number }> {
  const res = await clients.transport.request({ method: 'GET', path: '/metrics' });
  const text = typeof res.body === 'string' ? res.body : '';
  let writes = 0;
  let events = 0;
  for (const line of text.split('\n')) {
    const m = /^apiserver_request_total\{([^}]*)\} ([0-9.e+]+)/.exec(line);
    if (!m) continue;
    const label = (k: string) => new RegExp(`${k}="([^"]*)"`).exec(m[1]!)?.[1] ?? '';
    if (!MUTATING.has(label('verb'))) continue;
    const resource = label('resource');
    if (resource === 'events') events += Number(m[2]);
    else if (COUNTED.has(resource) && !(resource === 'replicasets' && label('subresource') !== '')) writes += Number(m[2]);
  }
  return { writes, events };
}

function rolloutObject(ns: string, i: number): Rollout & KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: `bench-${i}`, namespace: ns },
    spec: {
      replicas: 2, selector: { matchLabels: { app: `bench-${i}` } },
      template: { metadata: { labels: { app: `bench-${i}` } }, spec: { containers: [{ name: 'app', image: 'bench:1' }] } },
      strategy: { canary: { steps: [{ setWeight: 20 }, { setWeight: 50 }, { setWeight: 80 }] } },
    },
  } as unknown as Rollout & KubernetesObject;
}

async function startController(which: Controller, kubeconfig: string, ns: string, args: string[]): Promise<ChildProcess> {
  if (which === 'Kanary') {
    return spawn(process.execPath, [path.join(repo, 'bin/kanary.js'), 'controller', '--kubeconfig', kubeconfig, '-n', ns,
      '--metrics-port', '0', '--healthz-port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
  }
  return spawn(locateTool('argo-rollouts-controller'), ['--kubeconfig', kubeconfig, '--namespaced', '--namespace', ns, '--leader-elect=false',
    '--metricsPort', String(await freePort()), '--healthzPort', String(await freePort()), '--loglevel', 'warn', ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function runOne(clients: KubeClients, kubeconfig: string, which: Controller, args: string[], ns: string): Promise<Result> {
  const namespaces = clients.resource(kinds.Namespace);
  await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const rollouts = clients.resource<Rollout & KubernetesObject>(kinds.Rollout);
  const allHealthy = async (image: string) => {
    const list = await rollouts.list({ namespace: ns });
    return list.items.length === N && list.items.every((r) => r.status?.phase === 'Healthy' && r.status.stableRS === r.status.currentPodHash
      && r.status.observedGeneration === String(r.metadata?.generation)
      && (r.spec.template?.spec as { containers: { image: string }[] }).containers[0]!.image === image);
  };
  await Promise.all(Array.from({ length: N }, (_, i) => rollouts.create(rolloutObject(ns, i))));
  const child = await startController(which, kubeconfig, ns, args);
  try {
    while (!(await allHealthy('bench:1'))) await sleep(500);
    await sleep(2000);
    const before = await apiserverWrites(clients);
    const created = new Map<string, number>();
    const watch = clients.resource<V1ReplicaSet>(kinds.ReplicaSet).watch({ namespace: ns }, (e) => {
      const owner = e.object.metadata?.ownerReferences?.[0]?.name;
      if (e.type === 'ADDED' && owner && !created.has(owner) && e.object.spec?.template?.spec?.containers?.[0]?.image === 'bench:2') created.set(owner, Date.now());
    }, () => undefined);
    await sleep(1000);
    const answered = new Map<string, number>();
    const t1 = Date.now();
    await Promise.all(Array.from({ length: N }, async (_, i) => {
      await rollouts.mergePatch({ namespace: ns, name: `bench-${i}` }, { spec: { template: { spec: { containers: [{ name: 'app', image: 'bench:2' }] } } } });
      answered.set(`bench-${i}`, Date.now());
    }));
    while (!(await allHealthy('bench:2'))) await sleep(250);
    const healthyS = (Date.now() - t1) / 1000;
    watch.abort();
    await sleep(1500);
    const after = await apiserverWrites(clients);
    const reactions = [...answered].map(([name, at]) => (created.get(name) ?? NaN) - at).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    const rss = Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)?.[1] ?? NaN) / 1024;
    return {
      healthyS, writes: (after.writes - before.writes - N) / N, events: (after.events - before.events) / N,
      p50: percentile(reactions, 50), p99: percentile(reactions, 99), rssMiB: rss,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    await namespaces.delete({ name: ns }).catch(() => undefined);
  }
}

export async function benchVsArgo(): Promise<void> {
  let startedCluster = false;
  try {
    cluster('status', true);
  } catch {
    say('starting the local control plane');
    cluster('up');
    startedCluster = true;
  }
  locateTool('argo-rollouts-controller');
  const kubeconfig = path.join(repo, '.cluster/kubeconfig');
  const clients = createKubeClients(loadKubeConfig({ kubeconfig }), { qps: 0 });
  const crdDir = path.join(repo, 'manifests/crds');
  await installCrds(clients, readdirSync(crdDir).map((f) => readFileSync(path.join(crdDir, f), 'utf8')));
  const rows: string[] = [];
  const fmt = (r: Result) => `${r.healthyS.toFixed(1)} s | ${r.writes.toFixed(1)} | ${r.events.toFixed(1)} | ${(r.p50 / 1000).toFixed(2)} / ${(r.p99 / 1000).toFixed(2)} s | ${r.rssMiB.toFixed(0)} MiB`;
  try {
    let run = 0;
    for (const s of SETTINGS) {
      const got: Partial<Record<Controller, Result>> = {};
      for (const which of ['Argo Rollouts', 'Kanary'] as const) {
        say(`${s.name}: ${which}, ${N} Rollouts x 2 replicas updated at once...`);
        got[which] = await runOne(clients, kubeconfig, which, which === 'Kanary' ? s.kanary : s.argo, `vs-argo-${Date.now() % 100000}-${run++}`);
        say(`  ${fmt(got[which])}`);
      }
      const a = got['Argo Rollouts']!;
      const k = got.Kanary!;
      rows.push(`| ${s.name} | Argo Rollouts | ${fmt(a)} | |`);
      rows.push(`| | Kanary | ${fmt(k)} | time ${(k.healthyS / a.healthyS).toFixed(2)}x, writes ${(k.writes / a.writes).toFixed(2)}x, p99 ${(k.p99 / a.p99).toFixed(2)}x, RSS ${(k.rssMiB / a.rssMiB).toFixed(2)}x |`);
    }
    say(`\nB1/B2: ${N} Rollouts x 2 replicas, steps setWeight 20/50/80, updated at once (kube-apiserver's counts)`);
    say('| setting | controller | until all Healthy | writes per update | events per update | reaction p50 / p99 | peak RSS | Kanary / Argo |');
    say('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) say(r);
  } finally {
    if (startedCluster) cluster('down');
  }
}
