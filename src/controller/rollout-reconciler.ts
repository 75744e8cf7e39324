// The Rollout reconciler: observe, plan (the pure engine), log the plan's reasons, apply, and
// say when to look again. No rule of the strategy lives here.

import type { KubernetesObject, V1Deployment, V1Pod, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Rollout } from '../api/types.js';
import { planRollout, rolloutStrategy } from '../engine/rollout/plan-rollout.js';
import { resolveWorkload } from '../engine/rollout/workload-ref.js';
import type { KubeClients } from '../kube/client.js';
import { classify } from '../kube/errors.js';
import type { EventRecorder } from '../kube/events.js';
import type { FreshnessTracker } from '../kube/freshness.js';
import type { Store } from '../kube/informer.js';
import { releaseTraffic } from '../traffic/write.js';
import { adoptReplicaSets, applyPlan, ReplicaSetRefused } from './apply-plan.js';
import { reportRefusedReplicaSet } from './refused-replica-set.js';
import type { ControllerMetrics } from './metrics.js';
import { observeRollout, observeWorkload, replicaSetsOf, type RolloutCaches } from './observe-rollout.js';

export const INSTANCE_ID_LABEL = 'argo-rollouts.argoproj.io/controller-instance-id';

export interface ReconcilerDeps {
  readonly clients: KubeClients;
  readonly rollouts: Store<Rollout & { metadata?: { resourceVersion?: string } }>;
  readonly replicaSets: Store<V1ReplicaSet>;
  readonly services: Store<V1Service>;
  readonly pods?: Store<V1Pod>;
  readonly analysisRuns?: RolloutCaches['analysisRuns'];
  readonly experiments?: RolloutCaches['experiments'];
  readonly analysisTemplates?: RolloutCaches['analysisTemplates'];
  readonly clusterAnalysisTemplates?: RolloutCaches['clusterAnalysisTemplates'];
  readonly deployments?: Store<V1Deployment>;
  readonly freshness: FreshnessTracker;
  readonly recorder: EventRecorder;
  readonly metrics: ControllerMetrics;
  readonly log: Logger;
  readonly instanceId?: string;
  readonly now: () => number;
  /** Rollouts the informer saw deleted, by key, until the reconciler has released their traffic. */
  readonly deleted?: Map<string, Rollout>;
}

export interface ReconcileResult {
  requeueAfterMs?: number;
}

/** Whether this controller instance handles the object (`--instance-id`, Argo's label). */
export function handles(instanceId: string | undefined, labels: Record<string, string> | undefined): boolean {
  const label = labels?.[INSTANCE_ID_LABEL];
  return instanceId ? label === instanceId : label === undefined || label === '';
}

/** A deleted Rollout's routing documents go back to the stable; a failure is logged, never retried (the Rollout is gone). */
async function releaseRouting(deps: ReconcilerDeps, key: string, rollout: Rollout): Promise<void> {
  try {
    const written = await releaseTraffic(deps.clients, rollout);
    deps.log.info({ rollout: key, written }, 'the Rollout was deleted: its traffic routing sends everything to the stable');
  } catch (err) {
    deps.log.warn({ rollout: key, err: err instanceof Error ? err.message : String(err) }, 'the Rollout was deleted: its traffic routing could not be released');
  }
}

/** How soon to look again while our own writes are not yet in the caches. */
const STALE_CACHE_RETRY_MS = 50;

export function rolloutReconciler(deps: ReconcilerDeps): (key: string) => Promise<ReconcileResult | void> {
  const writtenFor = new Map<string, { kind: 'Rollout' | 'ReplicaSet'; key: string }[]>();
  return async (key) => {
    const rollout = deps.rollouts.get(key);
    const [namespace = '', name = ''] = key.split('/');
    if (!rollout) {
      deps.metrics.forget(namespace, name);
      writtenFor.delete(key);
      const gone = deps.deleted?.get(key);
      deps.deleted?.delete(key);
      if (gone?.spec?.strategy?.canary?.trafficRouting && handles(deps.instanceId, gone.metadata?.labels)) await releaseRouting(deps, key, gone);
      return;
    }
    if (!handles(deps.instanceId, rollout.metadata?.labels)) return;
    // Never plan from a cache older than our own last write.
    const pending = writtenFor.get(key) ?? [];
    const stale = pending.find((w) => !deps.freshness.isFresh(w.key, w.kind === 'Rollout' ? deps.rollouts : deps.replicaSets));
    if (stale) {
      deps.log.debug({ rollout: key, waitingFor: stale.key }, 'waiting for the cache to catch up with our last write');
      return { requeueAfterMs: STALE_CACHE_RETRY_MS };
    }

    const started = deps.now();
    const timer = deps.metrics.reconcile.startTimer({ namespace, name });
    try {
      // With a workloadRef, the Rollout as planned: the Deployment's template and selector.
      const effective = resolveWorkload(rollout, observeWorkload(rollout, deps.deployments));
      const { orphans } = replicaSetsOf(effective, deps.replicaSets);
      if (orphans.length > 0) {
        await adoptReplicaSets(deps.clients, effective, orphans);
        deps.log.info({ rollout: key, adopted: orphans.map((rs) => rs.metadata?.name) }, 'adopted ReplicaSets that run this Rollout\'s pods');
      }
      const snapshot = observeRollout(rollout, deps, started);
      const plan = planRollout(snapshot);
      for (const action of plan.actions) {
        // Say what and why; leave out the bulky objects (a pod template, a whole AnalysisRun).
        const { kind, reason, ...details } = action;
        const { template: _template, run: _run, ...small } = details as Record<string, unknown>;
        deps.log.info({ rollout: key, action: kind, ...small }, reason);
      }
      for (const warning of plan.warnings ?? []) deps.log.warn({ rollout: key }, warning);
      if (plan.actions.length === 0 && plan.notes.length > 0) deps.log.debug({ rollout: key, notes: plan.notes }, 'nothing to change');
      const written = await applyPlan(deps.clients, effective, plan);
      for (const w of written) deps.freshness.record(w.key, w.resourceVersion);
      writtenFor.set(key, written.map((w) => ({ kind: w.kind, key: w.key })));
      for (const e of plan.events) {
        deps.metrics.events.inc({ namespace, name, type: e.type, reason: e.reason });
        const involved = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: rollout.metadata } as unknown as KubernetesObject;
        void deps.recorder.record(involved, e.type, e.reason, e.message);
      }
      deps.metrics.setInfo(namespace, name, rolloutStrategy(rollout), '', plan.status.phase ?? '');
      if (plan.nextCheckAt !== undefined) return { requeueAfterMs: Math.max(0, plan.nextCheckAt - deps.now()) };
      return;
    } catch (err) {
      if (err instanceof ReplicaSetRefused) return reportRefusedReplicaSet(deps, rollout, err);
      const e = classify(err);
      if (e.kind === 'Conflict') {
        deps.log.debug({ rollout: key }, 'conflict: someone else changed the Rollout; planning again at once');
        return { requeueAfterMs: 0 };
      }
      deps.metrics.reconcileErrors.inc({ namespace, name });
      deps.log.warn({ rollout: key, kind: e.kind, err: e.message }, 'reconcile failed; retrying with back-off');
      throw e;
    } finally {
      timer();
    }
  };
}
