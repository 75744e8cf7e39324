// The AnalysisRun reconciler: plan (the pure engine), take the measurements the plan lists (all
// of a run's due metrics at once, each time-bounded), plan again until nothing is left to
// measure, then one conditional status patch, the plan's events, and when to look again.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { AnalysisRun, Metric } from '../api/types.js';
import {
  isCompletedPhase, runExpired, runExpiresAt, planAnalysisRun, resolveArgs, retentionLimitOf, type AnalysisPlan, type TakenMeasurement,
} from '../engine/analysis/index.js';
import type { KubeClients } from '../kube/client.js';
import { classify } from '../kube/errors.js';
import type { EventRecorder } from '../kube/events.js';
import type { FreshnessTracker } from '../kube/freshness.js';
import type { Store } from '../kube/informer.js';
import { kinds, objectKey } from '../kube/resources.js';
import { providerFor } from '../providers/index.js';
import type { ProviderRun } from '../providers/provider.js';
import { measureMetric, terminateMeasurement, type MeasureArgs, type MeasureDeps } from './measure.js';
import { mergePatchFor } from './merge-patch.js';
import { handles, type ReconcileResult } from './rollout-reconciler.js';
import { readRunSecrets, type SecretObject } from './run-secrets.js';

export type AnalysisRunObject = AnalysisRun & KubernetesObject;

export interface AnalysisRunReconcilerDeps {
  readonly clients: KubeClients;
  readonly runs: Pick<Store<AnalysisRunObject>, 'get'>;
  readonly recorder: Pick<EventRecorder, 'record'>;
  readonly freshness: FreshnessTracker;
  readonly log: Logger;
  readonly now: () => number;
  readonly instanceId?: string;
  /** Aborted when the controller stops: measurements end at once and nothing is written. */
  readonly signal?: AbortSignal;
  /** Bound of one provider call; default per metric (measure.ts). */
  readonly measureTimeoutMs?: number;
  /** The provider registry; tests pass fakes. */
  readonly providerFor?: typeof providerFor;
  /** Jobs made by the job provider: a finished one lets its measurement resume at once. */
  readonly jobs?: Pick<Store<FinishedJobLike>, 'get'>;
}

/** What the reconciler reads of a Job: its conditions. */
export interface FinishedJobLike {
  metadata?: { name?: string; namespace?: string };
  status?: { conditions?: { type: string; status: string }[] };
}

/** Metrics whose in-flight Job has finished (Complete or Failed), so their measurement resumes now. */
export function metricsWithFinishedJobs(run: AnalysisRunObject, jobs: Pick<Store<FinishedJobLike>, 'get'> | undefined): Set<string> {
  const out = new Set<string>();
  if (!jobs) return out;
  for (const result of run.status?.metricResults ?? []) {
    const last = result.measurements?.[result.measurements.length - 1];
    const jobName = last?.metadata?.['job-name'];
    if (!last || last.finishedAt || !jobName) continue;
    const job = jobs.get(`${run.metadata?.namespace ?? ''}/${jobName}`);
    if (job?.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) out.add(result.name);
  }
  return out;
}

/** How soon to look again while our own last write is not yet in the cache. */
const STALE_CACHE_RETRY_MS = 50;
/** A plan lists each metric at most once per reconcile; this only guards against a engine bug looping. */
const MAX_ROUNDS = 8;

function providerRunOf(run: AnalysisRunObject): ProviderRun {
  const m = run.metadata ?? {};
  return {
    name: m.name ?? '', namespace: m.namespace ?? '', uid: m.uid ?? '', labels: { ...(m.labels ?? {}) },
    ...(m.annotations ? { annotations: { ...m.annotations } } : {}),
  };
}

/** The run's args for substitution: plain values plus secret values read live now. */
async function readArgs(deps: AnalysisRunReconcilerDeps, run: AnalysisRunObject): Promise<MeasureArgs> {
  const resolved = resolveArgs(run.spec.args);
  if (!resolved.ok) return { ok: false, message: `Unable to resolve metric arguments: ${resolved.problems.map((p) => p.message).join('; ')}` };
  if (resolved.secretRefs.length === 0) return { ok: true, values: resolved.values, redact: [] };
  const secrets = await readRunSecrets(deps.clients.resource<SecretObject>(kinds.Secret), run.metadata?.namespace ?? '', resolved.secretRefs);
  if (!secrets.ok) return secrets;
  return { ok: true, values: { ...resolved.values, ...secrets.values }, redact: secrets.redact };
}

/** Plans, measures what the plan lists, and plans again until a plan lists no task (the engine's contract). */
async function settle(deps: AnalysisRunReconcilerDeps, run: AnalysisRunObject, now: number): Promise<AnalysisPlan> {
  const taken: TakenMeasurement[] = [];
  const resumeNow = metricsWithFinishedJobs(run, deps.jobs);
  let plan = planAnalysisRun(run, now, taken, resumeNow);
  let args: Promise<MeasureArgs> | undefined;
  const measureDeps: MeasureDeps = {
    run: providerRunOf(run), kube: deps.clients.kc, now: deps.now,
    logger: deps.log.child({ analysisRun: objectKey(run) }),
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.measureTimeoutMs !== undefined ? { timeoutMs: deps.measureTimeoutMs } : {}),
    ...(deps.providerFor ? { providerFor: deps.providerFor } : {}),
  };
  const metricOf = (name: string): Metric | undefined => run.spec.metrics.find((m) => m.name === name);
  for (let round = 0; round < MAX_ROUNDS && plan.measure.length + plan.terminateMeasurements.length > 0; round++) {
    const a = await (args ??= readArgs(deps, run));
    const resultOf = (name: string) => plan.status.metricResults?.find((r) => r.name === name);
    const work: Promise<TakenMeasurement>[] = [];
    for (const task of plan.measure) {
      const metric = metricOf(task.metricName);
      if (metric) work.push(measureMetric(measureDeps, metric, task, resultOf(task.metricName), a));
    }
    for (const name of plan.terminateMeasurements) {
      const metric = metricOf(name);
      if (metric) work.push(terminateMeasurement(measureDeps, metric, resultOf(name), a));
    }
    taken.push(...(await Promise.all(work)));
    if (deps.signal?.aborted) break;
    plan = planAnalysisRun(run, now, taken, resumeNow);
  }
  return plan;
}

/** Deletes what finished measurements left behind (Jobs), keeping each metric's retention limit. */
async function collectGarbage(deps: AnalysisRunReconcilerDeps, run: AnalysisRunObject): Promise<void> {
  const lookup = deps.providerFor ?? providerFor;
  const ctx = {
    run: providerRunOf(run), kube: deps.clients.kc, now: deps.now, logger: deps.log,
    signal: deps.signal ?? new AbortController().signal,
  };
  for (const metric of run.spec.metrics) {
    const found = lookup(metric.provider);
    if (found.ok) await found.provider.garbageCollect(ctx, metric, retentionLimitOf(run.spec, metric.name));
  }
}

/** `spec.ttlStrategy`: deletes an expired completed run, or says when to look again. */
async function expire(deps: AnalysisRunReconcilerDeps, run: AnalysisRunObject): Promise<ReconcileResult | void> {
  const at = runExpiresAt(run.spec, run.status);
  if (at === undefined) return;
  const now = deps.now();
  // Kept until the TTL has passed, not at the instant it is reached: look again just after.
  if (!runExpired(run.spec, run.status, now)) return { requeueAfterMs: at - now + 1 };
  deps.log.info({ analysisRun: objectKey(run) }, 'deleting the AnalysisRun: its ttlStrategy expired');
  await deps.clients.resource<AnalysisRunObject>(kinds.AnalysisRun).delete({ namespace: run.metadata?.namespace, name: run.metadata?.name ?? '' })
    .catch((err: unknown) => { if (classify(err).kind !== 'NotFound') throw err; });
}

export function analysisRunReconciler(deps: AnalysisRunReconcilerDeps): (key: string) => Promise<ReconcileResult | void> {
  // Completed runs (key -> uid) whose leftovers this process collected: once, not on every event.
  const collected = new Map<string, string>();
  return async (key) => {
    const run = deps.runs.get(key);
    if (!run) {
      deps.freshness.forget(key);
      collected.delete(key);
      return;
    }
    if (!handles(deps.instanceId, run.metadata?.labels)) return;
    if (!deps.freshness.isFresh(key, deps.runs)) return { requeueAfterMs: STALE_CACHE_RETRY_MS };
    const uid = run.metadata?.uid ?? key;
    if (isCompletedPhase(run.status?.phase)) {
      if (collected.get(key) !== uid) {
        collected.set(key, uid);
        await collectGarbage(deps, run);
      }
      return expire(deps, run);
    }
    const plan = await settle(deps, run, deps.now());
    for (const warning of plan.warnings ?? []) deps.log.warn({ analysisRun: key }, warning);
    // Stopping: a measurement cut short is not a result; the next controller takes it again.
    if (deps.signal?.aborted) return;
    const patch = plan.changed ? mergePatchFor(run.status ?? {}, plan.status) : undefined;
    if (patch !== undefined) {
      try {
        const updated = await deps.clients.resource<AnalysisRunObject>(kinds.AnalysisRun).patchStatus(
          { namespace: run.metadata?.namespace, name: run.metadata?.name ?? '' },
          // Conditional: a terminate written since we read the run is a 409 and a fresh plan, never overwritten.
          { metadata: { resourceVersion: run.metadata?.resourceVersion }, status: patch },
        );
        deps.freshness.record(key, updated.metadata?.resourceVersion);
      } catch (err) {
        const e = classify(err);
        if (e.kind === 'Conflict') {
          deps.log.debug({ analysisRun: key }, 'conflict: the AnalysisRun changed; planning again at once');
          return { requeueAfterMs: 0 };
        }
        if (e.kind === 'NotFound') return;
        deps.log.warn({ analysisRun: key, kind: e.kind, err: e.message }, 'status write failed; retrying with back-off');
        throw e;
      }
      if (plan.status.phase !== run.status?.phase) deps.log.info({ analysisRun: key, phase: plan.status.phase, message: plan.status.message }, 'analysis run phase changed');
      const involved = { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: run.metadata } as KubernetesObject;
      for (const e of plan.events) void deps.recorder.record(involved, e.type, e.reason, e.message);
    }
    if (isCompletedPhase(plan.status.phase)) {
      collected.set(key, uid);
      await collectGarbage(deps, run);
      return expire(deps, { ...run, status: plan.status });
    }
    if (plan.nextCheckAt !== undefined) return { requeueAfterMs: Math.max(0, plan.nextCheckAt - deps.now()) };
    return;
  };
}
