// `npm run bench`: N Rollouts (default 200, BENCH_ROLLOUTS) with three setWeight steps and no
// pauses, updated at once, on the local control plane with the real controller binary. Prints:
// time until all are Healthy again, API writes per rollout update (by verb), reaction time from a
// spec change to the canary ReplicaSet's creation (p50, p99), the same for one more Rollout
// updated alone once the storm is in its status churn, and the controller's peak RSS.
// BENCH_ROLLOUTS, BENCH_REPLICAS, BENCH_QPS and BENCH_WORKERS change the setup; BENCH_NODE_ARGS
// passes flags to the controller's node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_LOG_LEVEL
// its log level (its log goes to stderr).
// It prints figures and never fails a build. `npm run bench -- --vs argo` runs bench/vs-argo/ instead:
// workloads B1 to B5 against Argo Rollouts' own controller and Kanary, side by side (docs/performance.md).
// `npm run bench -- dashboard-soak` runs the dashboard's soak instead (bench/dashboard-soak.ts).
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import type { Rollout } from '../src/api/types.js';
import { kinds } from '../src/kube/resources.js';
import { freePort } from '../test/support/prometheus.js';
import { deleteNamespace, freshNamespace, openBenchCluster, percentile, repo, residentMiB, say, sleep } from './bench-cluster.js';

const N = Number(process.env.BENCH_ROLLOUTS ?? 200);
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 2);
const QPS = Number(process.env.BENCH_QPS ?? 200);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 30);
const NS = 'kanary-bench';

/** kanary_k8s_api_calls_total summed by verb, for write verbs only. */
async function writesByVerb(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^kanary_k8s_api_calls_total\{([^}]*)\} (\d+(?:\.\d+)?)/.exec(line);
    if (!m) continue;
    const verb = /verb="([^"]+)"/.exec(m[1]!)?.[1] ?? '?';
    const kind = /kind="([^"]+)"/.exec(m[1]!)?.[1] ?? '?';
    const code = /code="([^"]+)"/.exec(m[1]!)?.[1] ?? '';
    if (['get', 'list', 'watch'].includes(verb) || kind === 'Event') continue;
    // Refused writes (a 409 conflict, ...) are shown apart from the writes that landed.
    const key = `${verb} ${kind}${code.startsWith('2') ? '' : ` (${code})`}`;
    out[key] = (out[key] ?? 0) + Number(m[2]);
  }
  return out;
}

/** The controller's event-loop delay since the last scrape (prom-client resets it on each). */
async function eventLoopDelay(metricsUrl: string): Promise<{ p99: number; max: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const read = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN) * 1000;
  return { p99: read('nodejs_eventloop_lag_p99_seconds'), max: read('nodejs_eventloop_lag_max_seconds') };
}

function rolloutYaml(i: number): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: `bench-${i}`, namespace: NS },
    spec: {
      replicas: REPLICAS, selector: { matchLabels: { app: `bench-${i}` } },
      template: { metadata: { labels: { app: `bench-${i}` } }, spec: { containers: [{ name: 'app', image: 'bench:1' }] } },
      strategy: { canary: { steps: [{ setWeight: 20 }, { setWeight: 50 }, { setWeight: 80 }] } },
    },
  } as KubernetesObject;
}

async function main(): Promise<void> {
  const bench = await openBenchCluster();
  const { clients, kubeconfig } = bench;
  await freshNamespace(clients, NS);

  const metricsPort = await freePort();
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean); // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeArgs, path.join(repo, 'bin/kanary.js'), 'controller', '--kubeconfig', kubeconfig, '-n', NS,
    '--metrics-port', String(metricsPort), '--healthz-port', '0', '--log-level', process.env.BENCH_LOG_LEVEL ?? 'warn', '--qps', String(QPS), '--burst', String(QPS * 2), '--workers', String(WORKERS)],
  { stdio: ['ignore', 'ignore', 'inherit'] });
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const rollouts = clients.resource<Rollout & KubernetesObject>(kinds.Rollout);
  const allHealthy = async (image: string) => {
    const list = await rollouts.list({ namespace: NS });
    return list.items.length === N + 1 && list.items.every((r) => r.status?.phase === 'Healthy' && r.status.stableRS === r.status.currentPodHash
      && r.status.observedGeneration === String(r.metadata?.generation)
      && (r.spec.template?.spec as { containers: { image: string }[] }).containers[0]!.image === image);
  };
  try {
    say(`creating ${N} Rollouts of ${REPLICAS} replicas (steps setWeight 20, 50, 80; no pauses); controller qps ${QPS}, ${WORKERS} workers`);
    // bench-0 .. bench-(N-1) make the storm; bench-N is the lone update sent into its churn.
    await Promise.all(Array.from({ length: N + 1 }, (_, i) => rollouts.create(rolloutYaml(i) as Rollout & KubernetesObject)));
    const t0 = Date.now();
    while (!(await allHealthy('bench:1'))) await sleep(500);
    say(`  all Healthy after creation in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await sleep(2000);
    const before = await writesByVerb(metricsUrl);

    const created = new Map<string, number>();
    // When any watcher (this one, like the controller's) is told of the lone update: the API
    // server's own share of the reaction time.
    let loneSeen = 0;
    const rolloutWatch = rollouts.watch({ namespace: NS }, (e) => {
      if (e.type === 'MODIFIED' && e.object.metadata?.name === `bench-${N}` && loneSeen === 0
        && (e.object.spec.template?.spec as { containers?: { image?: string }[] } | undefined)?.containers?.[0]?.image === 'bench:2') loneSeen = Date.now();
    }, () => undefined);
    const watch = clients.resource<V1ReplicaSet>(kinds.ReplicaSet).watch({ namespace: NS }, (e) => {
      if (e.type !== 'ADDED') return;
      const owner = e.object.metadata?.ownerReferences?.[0]?.name;
      if (owner && !created.has(owner) && e.object.spec?.template?.spec?.containers?.[0]?.image === 'bench:2') created.set(owner, Date.now());
    }, () => undefined);
    await sleep(1000);
    const changedAt = new Map<string, number>();
    const t1 = Date.now();
    await Promise.all(Array.from({ length: N }, async (_, i) => {
      await rollouts.mergePatch({ namespace: NS, name: `bench-${i}` }, { spec: { template: { spec: { containers: [{ name: 'app', image: 'bench:2' }] } } } });
      changedAt.set(`bench-${i}`, Date.now());
    }));
    const patched = [...changedAt.values()];
    const answeredIn = Math.max(...patched) - t1;
    // Once every storm Rollout has its canary, the queue holds only their status churn: a person's
    // change sent now should go ahead of it.
    while ([...changedAt.keys()].some((name) => !created.has(name))) await sleep(20);
    await rollouts.mergePatch({ namespace: NS, name: `bench-${N}` }, { spec: { template: { spec: { containers: [{ name: 'app', image: 'bench:2' }] } } } });
    const loneAt = Date.now();
    if (process.env.BENCH_LOG_LEVEL) say(`  lone patch answered at ${loneAt} (epoch ms)`);
    while (!created.has(`bench-${N}`)) await sleep(5);
    const lone = created.get(`bench-${N}`)! - loneAt;
    if (process.env.BENCH_LOG_LEVEL) say(`  patches sent at ${t1} (epoch ms)`);
    while (!(await allHealthy('bench:2'))) await sleep(250);
    const total = (Date.now() - t1) / 1000;
    watch.abort();
    rolloutWatch.abort();
    await sleep(1500);
    const lag = await eventLoopDelay(metricsUrl); // first: every scrape resets the delay histogram
    const after = await writesByVerb(metricsUrl);
    const reactions = [...changedAt].map(([name, at]) => (created.get(name) ?? NaN) - at).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    const rss = residentMiB(child.pid, 'VmHWM');

    say(`\nKanary controller benchmark: ${N} Rollouts x ${REPLICAS} replicas, updated at once`);
    say(`  time until all Healthy again:        ${total.toFixed(1)} s`);
    const writes = Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)] as const).filter(([, v]) => v > 0);
    const sum = writes.reduce((s, [, v]) => s + v, 0);
    say(`  API writes per rollout update:       ${((sum / (N + 1))).toFixed(2)}  (${writes.map(([k, v]) => `${k} ${(v / (N + 1)).toFixed(2)}`).join(', ')})`);
    say(`  reaction, spec change -> canary RS:  p50 ${percentile(reactions, 50).toFixed(0)} ms, p99 ${percentile(reactions, 99).toFixed(0)} ms  (${reactions.length} measured)`);
    say(`  a lone update during the churn:      ${lone} ms to its canary RS (watchers told of it after ${loneSeen ? loneSeen - loneAt : '?'} ms)`);
    say(`  the ${N} spec patches answered within ${answeredIn} ms`);
    say(`  controller event-loop delay:         p99 ${lag.p99.toFixed(0)} ms, max ${lag.max.toFixed(0)} ms`);
    say(`  controller peak RSS:                 ${rss.toFixed(0)} MiB`);
  } finally {
    child.kill('SIGTERM');
    await deleteNamespace(clients, NS, 0);
    bench.close();
  }
}

// `npm run bench -- --vs argo`: the side-by-side benchmark (bench/vs-argo/) instead.
const vsArgo = process.argv.slice(2).includes('--vs');
// `npm run bench -- dashboard-soak`: the dashboard's soak (bench/dashboard-soak.ts) instead.
const soak = process.argv.slice(2).includes('dashboard-soak');
(soak ? import('./dashboard-soak.js').then((m) => m.dashboardSoak()) : vsArgo ? import('./vs-argo/index.js').then((m) => m.benchVsArgo(process.argv.slice(2))) : main()).then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(0);
});
