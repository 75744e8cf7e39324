// The Experiment reconciler: observe, plan (the pure engine), log the plan's reasons, apply,
// one conditional status patch, the plan's events, and when to look again.

import type { KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Experiment } from '../api/types.js';
import { planExperiment } from '../engine/experiment/index.js';
import type { KubeClients } from '../kube/client.js';
import { classify } from '../kube/errors.js';
import type { EventRecorder } from '../kube/events.js';
import type { FreshnessTracker, VersionedStore } from '../kube/freshness.js';
import type { Store } from '../kube/informer.js';
import { kinds, objectKey } from '../kube/resources.js';
import { applyExperimentAction, type ExperimentWrite } from './apply-experiment-plan.js';
import { mergePatchFor } from './merge-patch.js';
import { observeExperiment, type ExperimentCaches } from './observe-experiment.js';
import { handles, type ReconcileResult } from './rollout-reconciler.js';

export type ExperimentObject = Experiment & KubernetesObject;

export interface ExperimentReconcilerDeps extends ExperimentCaches {
  readonly clients: KubeClients;
  readonly experiments: Store<ExperimentObject>;
  readonly recorder: Pick<EventRecorder, 'record'>;
  readonly freshness: FreshnessTracker;
  readonly log: Logger;
  readonly now: () => number;
  readonly instanceId?: string;
}

const STALE_CACHE_RETRY_MS = 50;

export function experimentReconciler(deps: ExperimentReconcilerDeps): (key: string) => Promise<ReconcileResult | void> {
  const writtenFor = new Map<string, ExperimentWrite[]>();
  const storeOf = (kind: ExperimentWrite['kind']): VersionedStore =>
    (kind === 'Experiment' ? deps.experiments : kind === 'ReplicaSet' ? deps.replicaSets : deps.analysisRuns);
  return async (key) => {
    const experiment = deps.experiments.get(key);
    if (!experiment) {
      writtenFor.delete(key);
      return;
    }
    if (!handles(deps.instanceId, experiment.metadata?.labels)) return;
    // Never plan from a cache older than our own last write (a run or ReplicaSet we just created included).
    const stale = (writtenFor.get(key) ?? []).find((w) => !deps.freshness.isFresh(w.key, storeOf(w.kind)));
    if (stale) return { requeueAfterMs: STALE_CACHE_RETRY_MS };
    const plan = planExperiment(observeExperiment(experiment, deps, deps.now()));
    const written: ExperimentWrite[] = [];
    try {
      for (const action of plan.actions) {
        const { kind, reason, ...details } = action;
        const { replicaSet: _rs, service: _svc, run: _run, ...small } = details as Record<string, unknown>;
        deps.log.info({ experiment: key, action: kind, ...small }, reason);
        const w = await applyExperimentAction(deps.clients, experiment, action);
        if (w) written.push(w);
      }
      for (const n of plan.notes) deps.log.debug({ experiment: key }, n);
      const patch = mergePatchFor(experiment.status ?? {}, plan.status);
      if (patch !== undefined) {
        const updated = await deps.clients.resource<ExperimentObject>(kinds.Experiment).patchStatus(
          { namespace: experiment.metadata?.namespace, name: experiment.metadata?.name ?? '' },
          // Conditional: a terminate written since we read it is a 409 and a fresh plan, never overwritten.
          { metadata: { resourceVersion: experiment.metadata?.resourceVersion }, status: patch },
        );
        if (updated.metadata?.resourceVersion) written.push({ kind: 'Experiment', key: objectKey(updated), resourceVersion: updated.metadata.resourceVersion });
        if (plan.status.phase !== experiment.status?.phase) deps.log.info({ experiment: key, phase: plan.status.phase, message: plan.status.message }, 'experiment phase changed');
        const involved = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', metadata: experiment.metadata } as KubernetesObject;
        for (const e of plan.events) void deps.recorder.record(involved, e.type, e.reason, e.message);
      }
    } catch (err) {
      const e = classify(err);
      if (e.kind === 'Conflict') return { requeueAfterMs: 0 };
      if (e.kind === 'NotFound') return;
      deps.log.warn({ experiment: key, kind: e.kind, err: e.message }, 'experiment reconcile failed; retrying with back-off');
      throw e;
    } finally {
      for (const w of written) deps.freshness.record(w.key, w.resourceVersion);
      writtenFor.set(key, written);
    }
    if (plan.nextCheckAt !== undefined) return { requeueAfterMs: Math.max(0, plan.nextCheckAt - deps.now()) };
    return;
  };
}
