// The controller process: clients, informers, the work queue, the reconcilers, metrics and health
// endpoints, leader election, and a clean stop on SIGTERM.

import http from 'node:http';
import os from 'node:os';
import type { KubernetesObject, V1Pod, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import pino, { type Logger } from 'pino';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Rollout } from '../api/types.js';
import { createKubeClients, loadKubeConfig } from '../kube/client.js';
import { EventRecorder } from '../kube/events.js';
import { FreshnessTracker } from '../kube/freshness.js';
import { InformerFactory } from '../kube/informer-factory.js';
import type { Informer } from '../kube/informer.js';
import { LeaderElector, type Lease } from '../kube/leader.js';
import { WorkQueue } from '../kube/queue.js';
import { kinds, objectKey } from '../kube/resources.js';
import { analysisRunReconciler, type AnalysisRunObject, type FinishedJobLike } from './analysis-run-reconciler.js';
import { controllerMetrics } from './metrics.js';
import { controllerOf, serviceNamesOf } from './observe-rollout.js';
import { rolloutReconciler } from './rollout-reconciler.js';

export interface ControllerOptions {
  kubeconfig?: string;
  context?: string;
  /** Watch one namespace only; all when unset. */
  namespace?: string;
  instanceId?: string;
  leaderElect?: boolean;
  leaderElectionNamespace?: string;
  /** 0 turns the endpoint off. */
  metricsPort?: number;
  healthzPort?: number;
  logLevel?: string;
  logFormat?: 'json' | 'text';
  qps?: number;
  burst?: number;
  workers?: number;
  /** Only for tests and embedding: a logger to use instead of a new one. */
  logger?: Logger;
}

export interface RunningController {
  /** Resolves once the informers have synced and workers run. */
  readonly ready: Promise<void>;
  /** Drains in-flight work, stops watches, releases the lease and closes the endpoints. */
  stop(): Promise<void>;
  readonly metricsUrl?: string;
  readonly healthzUrl?: string;
}

/** One log record as a line a person reads: `2026-11-21T10:00:00.000Z INFO  message  key=value ...`. */
export function textLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, ...rest } = record;
  const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`);
  return `${String(time)} ${String(level).toUpperCase().padEnd(5)} ${String(msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}\n`;
}

function makeLogger(opts: ControllerOptions): Logger {
  if (opts.logger) return opts.logger;
  const level = opts.logLevel ?? 'info';
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label: string) => ({ level: label }) } };
  if (opts.logFormat === 'text') return pino(options, { write: (line: string) => void process.stderr.write(textLine(line)) });
  return pino({ ...options, base: { component: 'kanary-controller' } }, pino.destination({ dest: 2, sync: true }));
}

function listen(server: http.Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? `http://127.0.0.1:${addr.port}` : '');
    });
  });
}

/** Whether an update came from a person: a spec change, or a promote, promote --full or abort. */
export function personChanged(before: Rollout & KubernetesObject, after: Rollout & KubernetesObject): boolean {
  const a = before.status ?? {};
  const b = after.status ?? {};
  return before.metadata?.generation !== after.metadata?.generation || a.abort !== b.abort || a.promoteFull !== b.promoteFull
    || (b.pauseConditions?.length ?? 0) < (a.pauseConditions?.length ?? 0);
}

/** Starts the controller; resolves once its endpoints listen (the informers sync in the background). */
export async function startController(opts: ControllerOptions = {}): Promise<RunningController> {
  const log = makeLogger(opts);
  const kc = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context });
  const metrics = controllerMetrics();
  const clients = createKubeClients(kc, { qps: opts.qps, burst: opts.burst, registry: metrics.registry });
  const factory = new InformerFactory(clients, { log });
  const ns = opts.namespace;
  const rollouts = factory.informer<Rollout & KubernetesObject>(kinds.Rollout, { namespace: ns });
  const replicaSets = factory.informer<V1ReplicaSet>(kinds.ReplicaSet, { namespace: ns, labelSelector: 'rollouts-pod-template-hash' });
  const services = factory.informer<V1Service>(kinds.Service, { namespace: ns });
  const pods = factory.informer<V1Pod>(kinds.Pod, { namespace: ns, labelSelector: 'rollouts-pod-template-hash' });
  const queue = new WorkQueue({ workers: opts.workers ?? 30 });
  const recorder = new EventRecorder({ events: clients.resource(kinds.Event), instance: os.hostname(), log });

  const enqueue = (key: string) => queue.add(key);
  const byRollout = (obj: KubernetesObject) => enqueue(objectKey(obj));
  // A person's change (a new spec, promote, abort) goes ahead of status churn in the queue.
  const byPerson = (obj: KubernetesObject) => queue.addUrgent(objectKey(obj));
  rollouts.on({
    add: byPerson,
    update: (o, n) => (personChanged(o, n) ? byPerson(n) : byRollout(n)),
    delete: byRollout,
  });
  const byOwner = (obj: KubernetesObject) => {
    const owner = controllerOf(obj as { metadata?: { ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] } });
    if (owner?.kind === 'Rollout') enqueue(`${obj.metadata?.namespace}/${owner.name}`);
    else if (!owner) {
      // An orphan may be adopted by any Rollout in its namespace that selects it.
      for (const r of rollouts.list(obj.metadata?.namespace)) enqueue(objectKey(r));
    }
  };
  replicaSets.on({ add: byOwner, update: (_o, n) => byOwner(n), delete: byOwner });
  const byPod = (pod: V1Pod) => {
    const owner = controllerOf(pod);
    if (owner?.kind !== 'ReplicaSet') return;
    const rs = replicaSets.get(`${pod.metadata?.namespace}/${owner.name}`);
    if (rs) byOwner(rs);
  };
  pods.on({ add: byPod, update: (_o, n) => byPod(n), delete: byPod });
  const byService = (svc: V1Service) => {
    for (const r of rollouts.list(svc.metadata?.namespace)) {
      if (serviceNamesOf(r).includes(svc.metadata?.name ?? '')) enqueue(objectKey(r));
    }
  };
  services.on({ add: byService, update: (_o, n) => byService(n), delete: byService });

  // The Rollout side of analysis: the runs a Rollout owns wake it when their phase changes, and
  // the templates it names wake it when they appear (a missing template holds it as InvalidSpec).
  const ownedRuns = factory.informer<AnalysisRun & KubernetesObject>(kinds.AnalysisRun, { namespace: ns });
  ownedRuns.on({ add: byOwner, update: (_o, n) => byOwner(n), delete: byOwner });
  const analysisTemplates = factory.informer<AnalysisTemplate & KubernetesObject>(kinds.AnalysisTemplate, { namespace: ns });
  const clusterAnalysisTemplates = factory.informer<ClusterAnalysisTemplate & KubernetesObject>(kinds.ClusterAnalysisTemplate);
  const byTemplate = (t: KubernetesObject) => {
    for (const r of rollouts.list(t.metadata?.namespace)) enqueue(objectKey(r));
  };
  analysisTemplates.on({ add: byTemplate, update: (_o, n) => byTemplate(n), delete: byTemplate });
  clusterAnalysisTemplates.on({ add: byTemplate, update: (_o, n) => byTemplate(n), delete: byTemplate });

  const reconcile = rolloutReconciler({
    clients, rollouts, replicaSets, services, pods, recorder, metrics, log, instanceId: opts.instanceId,
    analysisRuns: ownedRuns, analysisTemplates, clusterAnalysisTemplates,
    freshness: new FreshnessTracker(), now: () => Date.now(),
  });

  // --- AnalysisRun controller: its own informer and queue, so a slow metric provider never delays a Rollout. ---
  const analysisRuns = factory.informer<AnalysisRunObject>(kinds.AnalysisRun, { namespace: ns });
  // Runs measured at the same time; one slow provider holds one worker, bounded by the measurement timeout.
  const runQueue = new WorkQueue({ workers: 10 });
  const runsStopping = new AbortController();
  const byRun = (obj: KubernetesObject) => runQueue.add(objectKey(obj));
  analysisRuns.on({ add: byRun, update: (_o, n) => byRun(n), delete: byRun });
  // Jobs of the job provider wake their run as soon as they finish, instead of at the next poll.
  const analysisJobs = factory.informer<FinishedJobLike & KubernetesObject>(kinds.Job, { namespace: ns, labelSelector: 'analysisrun.argoproj.io/uid' });
  const byJob = (job: KubernetesObject) => {
    const owner = controllerOf(job as { metadata?: { ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] } });
    if (owner?.kind === 'AnalysisRun') runQueue.add(`${job.metadata?.namespace}/${owner.name}`);
  };
  analysisJobs.on({ add: byJob, update: (_o, n) => byJob(n), delete: byJob });
  const reconcileRun = analysisRunReconciler({
    clients, runs: analysisRuns, jobs: analysisJobs, recorder, log: log.child({ controller: 'analysisrun' }), instanceId: opts.instanceId,
    freshness: new FreshnessTracker(), now: () => Date.now(), signal: runsStopping.signal,
  });
  const startRunQueue = () => runQueue.start(async (key) => {
    const result = await reconcileRun(key);
    return result?.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : undefined;
  });
  const stopRunQueue = async () => {
    runsStopping.abort();
    await runQueue.shutdown();
  };
  // --- end AnalysisRun controller ---

  const allSynced = (infs: Informer<KubernetesObject>[]) => infs.every((i) => i.hasSynced());
  const informers = [rollouts, replicaSets, services, pods] as unknown as Informer<KubernetesObject>[];
  const healthy = () => allSynced(informers) && (queue.length === 0 || Date.now() - queue.lastProgressAt < 60_000);
  const servers: http.Server[] = [];
  let metricsUrl: string | undefined;
  let healthzUrl: string | undefined;
  if (opts.metricsPort !== 0 && opts.metricsPort !== undefined) {
    const server = http.createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      metrics.registry.metrics().then((body) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body),
        (err: unknown) => res.writeHead(500).end(String(err)));
    });
    servers.push(server);
    metricsUrl = await listen(server, opts.metricsPort);
  }
  if (opts.healthzPort !== 0 && opts.healthzPort !== undefined) {
    const server = http.createServer((req, res) => {
      if (req.url !== '/healthz') return void res.writeHead(404).end();
      const ok = healthy();
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' }).end(ok ? 'ok\n' : 'informers not synced or queue stuck\n');
    });
    servers.push(server);
    healthzUrl = await listen(server, opts.healthzPort);
  }

  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => { resolveReady = r; });
  const begin = async () => {
    factory.start();
    await factory.waitForCacheSync();
    log.info({ namespace: ns ?? '(all)', instanceId: opts.instanceId ?? '(none)' }, 'caches synced; reconciling');
    queue.start(async (key) => {
      const result = await reconcile(key);
      return result?.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : undefined;
    });
    startRunQueue(); // AnalysisRun controller
    resolveReady();
  };

  let stopping: Promise<void> | undefined;
  let elector: LeaderElector | undefined;
  if (opts.leaderElect) {
    const identity = `${os.hostname()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    elector = new LeaderElector({
      leases: clients.resource<Lease>(kinds.Lease), namespace: opts.leaderElectionNamespace ?? 'kube-system', name: 'kanary-controller-lock',
      identity, log,
      onStartedLeading: () => { log.info({ identity }, 'became leader'); void begin(); },
      onStoppedLeading: () => {
        if (stopping) return;
        log.error({ identity }, 'lost leadership; exiting so a fresh process can compete again');
        process.exit(1);
      },
    });
    void elector.run();
  } else {
    void begin();
  }

  const stop = () => (stopping ??= (async () => {
    log.info('stopping: draining in-flight work');
    await queue.shutdown();
    await stopRunQueue(); // AnalysisRun controller
    await factory.stop();
    await elector?.stop();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    log.info('stopped');
  })());
  return { ready, stop, metricsUrl, healthzUrl };
}
