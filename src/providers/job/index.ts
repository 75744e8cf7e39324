// The `job` metric provider: each measurement runs a batch/v1 Job owned by the AnalysisRun; the
// Job's success or failure is the measurement's. Asynchronous: run returns Running, resume reads
// the Job. Talks only to the apiserver (pod IPs are never dialled).
import { formatTimestamp } from '../../api/timestamp.js';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Measurement, Metric } from '../../api/types.js';
import { createKubeClients, type KubeClients } from '../../kube/client.js';
import { classify } from '../../kube/errors.js';
import type { KubeAccess } from '../../kube/kubeconfig.js';
import { kinds } from '../../kube/resources.js';
import type { MetricProvider, ProviderContext, ProviderResult } from '../provider.js';
import { abortError, boundedMessage, errorResult, guarded, messageOf } from '../result.js';
import { buildJob, jobOutcome, jobsToCollect, JOB_NAME_KEY, RUN_UID_KEY, type JobObject } from './job-manifest.js';
import { unstartablePod, type JobPod } from './pod-start.js';

const clientsByConfig = new WeakMap<KubeAccess, KubeClients>();

function clientsFor(ctx: ProviderContext): KubeClients {
  if (!ctx.kube) throw new Error('the job provider needs cluster credentials (ctx.kube)');
  let clients = clientsByConfig.get(ctx.kube);
  if (!clients) clientsByConfig.set(ctx.kube, (clients = createKubeClients(ctx.kube)));
  return clients;
}

function jobs(ctx: ProviderContext) {
  return clientsFor(ctx).resource<JobObject>(kinds.Job);
}

/** Why the Job's pod can never start (an image that cannot be pulled), if it cannot. */
async function stuckPod(ctx: ProviderContext, jobName: string): Promise<string | undefined> {
  const api = clientsFor(ctx).resource<KubernetesObject & { status?: JobPod['status'] }>(kinds.Pod);
  const pods = await abortable(ctx.signal, api.list({ namespace: ctx.run.namespace, labelSelector: `job-name=${jobName}` }));
  return unstartablePod(pods.items.map((p) => ({ metadata: { name: p.metadata?.name ?? '', deletionTimestamp: p.metadata?.deletionTimestamp }, status: p.status })));
}

/** Stops waiting when the measurement is aborted (the request itself ends on its own timeout). */
function abortable<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function startJob(ctx: ProviderContext, metric: Metric, startedAt: string): Promise<ProviderResult> {
  const job = buildJob(ctx.run, metric, ctx.measurementIndex ?? 1);
  const api = jobs(ctx);
  const ref = { namespace: job.metadata.namespace, name: job.metadata.name };
  try {
    await abortable(ctx.signal, api.create(job));
  } catch (err) {
    if (classify(err).kind !== 'AlreadyExists') throw err;
    // A retried create after a lost response: ours if the AnalysisRun controls it.
    const existing = await abortable(ctx.signal, api.get(ref));
    const owner = existing.metadata.ownerReferences?.find((o) => o.controller);
    if (owner?.uid !== ctx.run.uid) throw new Error(`job ${JSON.stringify(ref.name)} already exists and is not owned by this AnalysisRun`);
  }
  ctx.logger.info({ job: ref.name, namespace: ref.namespace }, 'analysis job created');
  return { phase: 'Running', startedAt, metadata: { [JOB_NAME_KEY]: ref.name } };
}

function stored(m: Measurement, ctx: ProviderContext): { startedAt: string; metadata?: Record<string, string> } {
  return { startedAt: m.startedAt ?? formatTimestamp(ctx.now()), ...(m.metadata ? { metadata: m.metadata } : {}) };
}

async function readJob(ctx: ProviderContext, measurement: Measurement): Promise<ProviderResult> {
  const name = measurement.metadata?.[JOB_NAME_KEY];
  const base = stored(measurement, ctx);
  if (!name) return errorResult(ctx, base.startedAt, new Error('job metadata reference missing'), base);
  let job: JobObject;
  try {
    job = await abortable(ctx.signal, jobs(ctx).get({ namespace: ctx.run.namespace, name }));
  } catch (err) {
    const e = classify(err);
    if (e.kind === 'NotFound') {
      return { ...base, phase: 'Failed', message: `job ${JSON.stringify(name)} was deleted before it finished`, finishedAt: formatTimestamp(ctx.now()) };
    }
    // A blip reading the Job does not end a measurement whose Job may still succeed.
    if (e.kind === 'Transient' && !ctx.signal.aborted) {
      return { ...base, phase: 'Running', message: boundedMessage(`could not read job ${JSON.stringify(name)}: ${e.message}`) };
    }
    throw err;
  }
  const outcome = jobOutcome(job);
  if (outcome.phase === 'Running') {
    // A pod that can never start would leave the measurement waiting forever: Inconclusive, so
    // the Rollout pauses for a person. The Job is left to garbage collection.
    const stuck = await stuckPod(ctx, name);
    if (stuck === undefined) return { ...base, phase: 'Running' };
    ctx.logger.info({ job: name, reason: stuck }, 'analysis job cannot start');
    return { ...base, phase: 'Inconclusive', message: boundedMessage(`job ${JSON.stringify(name)}: ${stuck}`), finishedAt: formatTimestamp(ctx.now()) };
  }
  ctx.logger.info({ job: name, phase: outcome.phase }, 'analysis job finished');
  return {
    ...base, phase: outcome.phase, finishedAt: formatTimestamp(ctx.now()),
    ...(outcome.phase === 'Failed' ? { message: boundedMessage(outcome.message) } : {}),
  };
}

async function deleteJob(ctx: ProviderContext, name: string): Promise<void> {
  try {
    await abortable(ctx.signal, jobs(ctx).delete({ namespace: ctx.run.namespace, name }, { propagationPolicy: 'Background' }));
  } catch (err) {
    if (classify(err).kind !== 'NotFound') throw err;
  }
}

async function stopJob(ctx: ProviderContext, measurement: Measurement): Promise<ProviderResult> {
  const name = measurement.metadata?.[JOB_NAME_KEY];
  const base = stored(measurement, ctx);
  if (!name) return errorResult(ctx, base.startedAt, new Error('job metadata reference missing'), base);
  await deleteJob(ctx, name);
  ctx.logger.info({ job: name }, 'analysis job terminated');
  // Deleted: the engine records the stopped measurement as Inconclusive (nothing was measured).
  return { ...base, phase: 'Successful', finishedAt: formatTimestamp(ctx.now()) };
}

export const jobProvider: MetricProvider = {
  type: 'job',
  run: (ctx, metric) => guarded(ctx, (startedAt) => startJob(ctx, metric, startedAt)),
  // The stored startedAt and job-name survive an Error, so status still names the Job.
  resume: async (ctx, _metric, measurement) =>
    guarded(ctx, () => readJob(ctx, measurement)).then((r) => ({ ...r, ...stored(measurement, ctx) })),
  terminate: async (ctx, _metric, measurement) =>
    guarded(ctx, () => stopJob(ctx, measurement)).then((r) => ({ ...r, ...stored(measurement, ctx) })),
  garbageCollect: async (ctx, metric, limit) => {
    try {
      const api = jobs(ctx);
      const list = await abortable(ctx.signal, api.list({ namespace: ctx.run.namespace, labelSelector: `${RUN_UID_KEY}=${ctx.run.uid}` }));
      for (const job of jobsToCollect(list.items, metric.name, limit)) await deleteJob(ctx, job.metadata.name);
    } catch (err) {
      ctx.logger.warn({ metric: metric.name, err: messageOf(err) }, 'analysis job garbage collection failed');
    }
  },
};
