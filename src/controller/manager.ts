// The controller process: clients, shared informers, one work queue per registered controller
// (controllers.ts), metrics and health endpoints, leader election, and a clean stop on SIGTERM.

import http from 'node:http';
import os from 'node:os';
import pino, { type Logger } from 'pino';
import { createKubeClients, fencedWrite, loadKubeConfig } from '../kube/client.js';
import { EventRecorder, eventsClient } from '../kube/events.js';
import { InformerFactory } from '../kube/informer-factory.js';
import { LEADER_DEFAULTS, LeaderElector, type Lease, type LeaderTimings } from '../kube/leader.js';
import { WorkQueue } from '../kube/queue.js';
import { kinds } from '../kube/resources.js';
import { TokenBucket } from '../kube/token-bucket.js';
import type { ControllerContext, ControllerRegistration } from './controller.js';
import { CONTROLLERS } from './controllers.js';
import { controllerMetrics } from './metrics.js';

export interface ControllerOptions {
  kubeconfig?: string;
  context?: string;
  /** Watch one namespace only; all when unset. */
  namespace?: string;
  instanceId?: string;
  leaderElect?: boolean;
  leaderElectionNamespace?: string;
  /** Lease duration, renew deadline and retry period; LEADER_DEFAULTS when unset. */
  leaderElection?: Partial<LeaderTimings>;
  /** 0 turns the endpoint off. */
  metricsPort?: number;
  healthzPort?: number;
  logLevel?: string;
  logFormat?: 'json' | 'text';
  qps?: number;
  burst?: number;
  workers?: number;
  /** AnalysisRuns measured at the same time (`--analysis-threads`). */
  analysisThreads?: number;
  /** Only for tests and embedding: a logger to use instead of a new one. */
  logger?: Logger;
  /** Only for tests and embedding: the controllers to run instead of CONTROLLERS. */
  controllers?: readonly ControllerRegistration[];
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

/** Starts the controller; resolves once its endpoints listen (the informers sync in the background). */
export async function startController(opts: ControllerOptions = {}): Promise<RunningController> {
  const log = makeLogger(opts);
  const kc = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context });
  const metrics = controllerMetrics();
  const identity = `${os.hostname()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const clients = createKubeClients(kc, {
    qps: opts.qps, burst: opts.burst, registry: metrics.registry, userAgent: `kanary-controller/${identity}`,
    ...(opts.kubeconfig ? { kubeconfigPath: opts.kubeconfig } : {}), ...(opts.context ? { context: opts.context } : {}),
  });
  const factory = new InformerFactory(clients, { log });
  // Events get a budget of their own, the same size as the shared one, so they never delay a Rollout's writes.
  const events = eventsClient(clients, { qps: opts.qps ?? 40, burst: opts.burst ?? 80 });
  const recorder = new EventRecorder({
    events, instance: os.hostname(), log, onDrop: (reason) => metrics.eventsDropped.inc({ reason }),
  });
  const ctx: ControllerContext = {
    clients, informers: factory, namespace: opts.namespace, instanceId: opts.instanceId, recorder, metrics, log, now: () => Date.now(),
  };
  const running = (opts.controllers ?? CONTROLLERS).map((registration) => {
    const settings = registration.queue({ workers: opts.workers, analysisThreads: opts.analysisThreads });
    const queue = new WorkQueue({ workers: settings.workers });
    return { name: registration.name, settings, queue, controller: registration.setup(ctx, queue) };
  });

  // Watches and work that failed while the API server was unreachable start again as soon as it
  // answers, instead of after back-offs grown during the outage (up to 30 s and a minute).
  clients.transport.onReconnect?.(() => {
    factory.retryNow();
    const retried = running.reduce((n, { queue }) => n + queue.retryFailedNow(), 0);
    log.info({ retried }, 'the API server answers again; retrying failed work now');
  });

  const healthy = () => running.every(({ settings, queue, controller }) => controller.informers.every((i) => i.hasSynced())
    && (settings.stuckAfterMs === undefined || queue.length === 0 || Date.now() - queue.lastProgressAt < settings.stuckAfterMs));
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
    log.info({ namespace: opts.namespace ?? '(all)', instanceId: opts.instanceId ?? '(none)', controllers: running.map((r) => r.name) }, 'caches synced; reconciling');
    for (const { queue, controller } of running) queue.start(controller.reconcile);
    resolveReady();
  };

  let stopping: Promise<void> | undefined;
  let elector: LeaderElector | undefined;
  if (opts.leaderElect) {
    const timings = opts.leaderElection ?? {};
    const lease: LeaderElector = new LeaderElector({
      // Its own client: own rate limit (never queued behind reconciles), not fenced, and no
      // request outlives the renew deadline.
      leases: clients.resource<Lease>(kinds.Lease, {
        limiter: new TokenBucket({ qps: 10, burst: 10 }), unfenced: true, timeoutMs: (timings.renewDeadlineSeconds ?? LEADER_DEFAULTS.renewDeadlineSeconds) * 1000,
      }),
      namespace: opts.leaderElectionNamespace ?? 'kube-system', name: 'kanary-controller-lock', identity, log, ...timings,
      onStartedLeading: () => { log.info({ identity }, 'became leader'); void begin(); },
      onStoppedLeading: () => {
        if (stopping) return;
        log.error({ identity }, 'lost leadership: writes stopped; draining workers, then exiting so a fresh process can compete again');
        void lease.stop();
        const exit = () => process.exit(1);
        setTimeout(exit, 10_000).unref();
        void stop().then(exit, exit);
      },
    });
    clients.setWriteFence(() => {
      if (!lease.mayWrite()) throw fencedWrite('this replica cannot prove it holds the leader lease');
    });
    elector = lease;
    void lease.run();
  } else {
    void begin();
  }

  const stop = () => (stopping ??= (async () => {
    log.info('stopping: draining in-flight work');
    for (const { queue, controller } of running) {
      controller.stopping?.();
      await queue.shutdown();
    }
    await factory.stop();
    await elector?.stop();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    log.info('stopped');
  })());
  return { ready, stop, metricsUrl, healthzUrl };
}
