// Observe: one immutable snapshot of a Rollout and what it owns or names, from informer caches.

import { selectorMatches } from '../api/label-selector.js';
import { parseTimestamp } from '../api/timestamp.js';
import { EPHEMERAL_METADATA_ANNOTATION, POD_TEMPLATE_HASH_LABEL as POD_HASH_LABEL, REVISION_ANNOTATION, SCALE_DOWN_DEADLINE_ANNOTATION } from '../api/labels.js';
import { parseEphemeralMetadata } from '../engine/rollout/pod-metadata.js';
import type { V1Deployment, V1Pod, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Experiment, Rollout } from '../api/types.js';
import type { ObservedExperiment } from '../engine/rollout/experiment-step.js';
import { templateKey, templateRefsOf, type AnyTemplate, type ObservedAnalysisRun, type RunType } from '../engine/rollout/rollout-analysis.js';
import type { ObservedPod, ObservedReplicaSet, ObservedService, ObservedWorkload, RolloutSnapshot } from '../engine/rollout/snapshot.js';
import { resolveWorkload } from '../engine/rollout/workload-ref.js';
import type { Store } from '../kube/informer.js';

export { POD_HASH_LABEL, REVISION_ANNOTATION };

export interface RolloutCaches {
  readonly replicaSets: Store<V1ReplicaSet>;
  readonly services: Store<V1Service>;
  readonly pods?: Store<V1Pod>;
  readonly analysisRuns?: Store<AnalysisRun & KubeObject>;
  /** Experiments (the Rollout's experiment steps). */
  readonly experiments?: Store<Experiment & KubeObject>;
  readonly analysisTemplates?: Store<AnalysisTemplate & KubeObject>;
  readonly clusterAnalysisTemplates?: Store<ClusterAnalysisTemplate & KubeObject>;
  /** Deployments a `spec.workloadRef` may name. */
  readonly deployments?: Store<V1Deployment>;
}

type KubeObject = { metadata?: { name?: string; namespace?: string } };

/** The ReplicaSet's controller, if any: `{kind, name, uid}`. */
export function controllerOf(obj: { metadata?: { ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] } }) {
  return obj.metadata?.ownerReferences?.find((o) => o.controller === true);
}

function scaleDownDeadlineOf(annotations: Record<string, string> | undefined): { scaleDownDeadline?: number } {
  const ms = parseTimestamp(annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION]);
  return ms === undefined ? {} : { scaleDownDeadline: ms };
}

function ephemeralMetadataOf(annotations: Record<string, string> | undefined): Pick<ObservedReplicaSet, 'ephemeralMetadata'> {
  const metadata = parseEphemeralMetadata(annotations?.[EPHEMERAL_METADATA_ANNOTATION]);
  return metadata === undefined ? {} : { ephemeralMetadata: metadata };
}

export function observeReplicaSet(rs: V1ReplicaSet): ObservedReplicaSet {
  const m = rs.metadata ?? {};
  return {
    name: m.name ?? '',
    podHash: m.labels?.[POD_HASH_LABEL] ?? '',
    template: rs.spec?.template,
    replicas: rs.spec?.replicas ?? 1,
    statusReplicas: rs.status?.replicas ?? 0,
    ready: rs.status?.readyReplicas ?? 0,
    available: rs.status?.availableReplicas ?? 0,
    revision: Number.parseInt(m.annotations?.[REVISION_ANNOTATION] ?? '0', 10) || 0,
    createdAt: parseTimestamp(m.creationTimestamp) ?? 0,
    deleting: m.deletionTimestamp !== undefined,
    ...scaleDownDeadlineOf(m.annotations),
    ...ephemeralMetadataOf(m.annotations),
  };
}

/**
 * The ReplicaSets of a Rollout: those it controls, plus orphans (no controller) whose labels
 * its selector matches — those are adopted before planning, so a Rollout taken over from
 * another controller keeps its pods.
 */
export function replicaSetsOf(rollout: Rollout, store: Store<V1ReplicaSet>): { owned: V1ReplicaSet[]; orphans: V1ReplicaSet[] } {
  const uid = rollout.metadata?.uid;
  const ns = rollout.metadata?.namespace;
  // Both lookups are indexed (by controller uid; '' = no controller): no scan of the namespace.
  const owned = uid ? store.controlledBy(uid).filter((rs) => controllerOf(rs)?.kind === 'Rollout') : [];
  const orphans = store.controlledBy('').filter((rs) => rs.metadata?.namespace === ns && rs.metadata?.deletionTimestamp === undefined
    && selectorMatches(rollout.spec?.selector, rs.spec?.template?.metadata?.labels));
  return { owned, orphans };
}

/** Names of the Services the strategy points at. */
export function serviceNamesOf(rollout: Rollout): string[] {
  const c = rollout.spec?.strategy?.canary;
  const b = rollout.spec?.strategy?.blueGreen;
  return [c?.canaryService, c?.stableService, b?.activeService, b?.previewService].filter((n): n is string => !!n);
}

/**
 * The Deployment `spec.workloadRef` names: `null` when it does not exist (or is being deleted),
 * undefined when the Rollout names no Deployment.
 */
export function observeWorkload(rollout: Rollout, deployments: Store<V1Deployment> | undefined): ObservedWorkload | null | undefined {
  const ref = rollout.spec?.workloadRef;
  if (ref?.kind !== 'Deployment' || !ref.name) return undefined;
  const d = deployments?.get(`${rollout.metadata?.namespace ?? 'default'}/${ref.name}`);
  if (!d || d.metadata?.deletionTimestamp !== undefined) return null;
  return {
    kind: 'Deployment', name: ref.name, generation: d.metadata?.generation ?? 0, template: d.spec?.template,
    ...(d.spec?.selector ? { selector: d.spec.selector as ObservedWorkload['selector'] } : {}),
    replicas: d.spec?.replicas ?? 1, available: d.status?.availableReplicas ?? 0,
  };
}

export function observeRollout(rollout: Rollout, caches: RolloutCaches, now: number): RolloutSnapshot {
  const ns = rollout.metadata?.namespace ?? 'default';
  const workload = observeWorkload(rollout, caches.deployments);
  // A Rollout whose selector comes from its Deployment adopts by that selector.
  const { owned, orphans } = replicaSetsOf(resolveWorkload(rollout, workload), caches.replicaSets);
  const sets = [...owned, ...orphans];
  const services: Record<string, ObservedService | null> = {};
  for (const name of serviceNamesOf(rollout)) {
    const svc = caches.services.get(`${ns}/${name}`);
    services[name] = svc ? { name, selector: svc.spec?.selector ?? {} } : null;
  }
  const pods: ObservedPod[] = sets.flatMap((rs) => (rs.metadata?.uid && caches.pods ? caches.pods.controlledBy(rs.metadata.uid) : []))
    .map((p) => ({
      name: p.metadata?.name ?? '',
      podHash: p.metadata?.labels?.[POD_HASH_LABEL] ?? '',
      createdAt: parseTimestamp(p.metadata?.creationTimestamp) ?? 0,
      ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
      deleting: p.metadata?.deletionTimestamp !== undefined,
      labels: p.metadata?.labels ?? {},
      annotations: p.metadata?.annotations ?? {},
    }));
  const uid = rollout.metadata?.uid;
  const analysisRuns: ObservedAnalysisRun[] = (uid && caches.analysisRuns ? caches.analysisRuns.controlledBy(uid) : [])
    .filter((run) => controllerOf(run as never)?.kind === 'Rollout')
    .map((run) => {
      const labels = run.metadata?.labels ?? {};
      const step = labels['step-index'];
      return {
        name: run.metadata?.name ?? '', phase: run.status?.phase ?? '', message: run.status?.message,
        podHash: labels[POD_HASH_LABEL] ?? '', type: labels['rollout-type'] as RunType | undefined,
        ...(step !== undefined ? { stepIndex: Number(step) } : {}),
        terminating: run.spec?.terminate === true, createdAt: parseTimestamp(run.metadata?.creationTimestamp) ?? 0,
      };
    });
  const templates: Record<string, AnyTemplate | null> = {};
  for (const { ref } of templateRefsOf(rollout)) {
    const found = ref.clusterScope
      ? caches.clusterAnalysisTemplates?.get(ref.templateName ?? '')
      : caches.analysisTemplates?.get(`${ns}/${ref.templateName ?? ''}`);
    templates[templateKey(ref)] = (found as AnyTemplate | undefined) ?? null;
  }
  const experiments: ObservedExperiment[] = (uid && caches.experiments ? caches.experiments.controlledBy(uid) : [])
    .filter((e) => controllerOf(e as never)?.kind === 'Rollout')
    .sort((a, b) => (parseTimestamp(a.metadata?.creationTimestamp) ?? 0) - (parseTimestamp(b.metadata?.creationTimestamp) ?? 0))
    .map((e) => ({
      name: e.metadata?.name ?? '', phase: e.status?.phase ?? '', ...(e.status?.message ? { message: e.status.message } : {}), terminating: e.spec?.terminate === true,
      ...(e.status?.templateStatuses ? { templateStatuses: e.status.templateStatuses } : {}),
    }));
  return { rollout, replicaSets: sets.map(observeReplicaSet), services, pods, analysisRuns, experiments, templates, ...(workload !== undefined ? { workload } : {}), now };
}
