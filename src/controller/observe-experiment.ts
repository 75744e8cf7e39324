// Observe: one immutable snapshot of an Experiment and what it owns or names, from informer caches.

import type { V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import { POD_TEMPLATE_HASH_LABEL } from '../api/labels.js';
import type { AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Experiment } from '../api/types.js';
import { parseTimestamp } from '../api/timestamp.js';
import {
  EXPERIMENT_NAME_ANNOTATION, SCALE_DOWN_DEADLINE_ANNOTATION, TEMPLATE_NAME_ANNOTATION, templateKey,
  type ExperimentSnapshot, type ObservedExperimentRun, type ObservedTemplateReplicaSet,
} from '../engine/experiment/index.js';
import type { AnyTemplate } from '../engine/rollout/rollout-analysis.js';
import type { Store } from '../kube/informer.js';
import { controllerOf } from './observe-rollout.js';

type Named = { metadata?: { name?: string; namespace?: string; uid?: string; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] } };

export interface ExperimentCaches {
  readonly replicaSets: Store<V1ReplicaSet>;
  readonly services: Store<V1Service>;
  readonly analysisRuns: Store<AnalysisRun & Named>;
  readonly analysisTemplates: Store<AnalysisTemplate & Named>;
  readonly clusterAnalysisTemplates: Store<ClusterAnalysisTemplate & Named>;
}

/** Whether the Experiment controls the object and its annotation names the Experiment (Argo's claim rule). */
function ours(obj: Named, experiment: Experiment): boolean {
  const owner = controllerOf(obj);
  return owner?.kind === 'Experiment' && owner.uid === experiment.metadata?.uid
    && obj.metadata?.annotations?.[EXPERIMENT_NAME_ANNOTATION] === experiment.metadata?.name;
}

function observeReplicaSet(rs: V1ReplicaSet): ObservedTemplateReplicaSet {
  const deadline = parseTimestamp(rs.metadata?.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION]);
  return {
    name: rs.metadata?.name ?? '',
    podHash: rs.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '',
    replicas: rs.spec?.replicas ?? 1,
    statusReplicas: rs.status?.replicas ?? 0,
    ready: rs.status?.readyReplicas ?? 0,
    available: rs.status?.availableReplicas ?? 0,
    ...(deadline !== undefined ? { scaleDownDeadline: deadline } : {}),
  };
}

export function observeExperiment(experiment: Experiment, caches: ExperimentCaches, now: number): ExperimentSnapshot {
  const ns = experiment.metadata?.namespace ?? '';
  const templateNames = new Set(experiment.spec.templates?.map((t) => t.name) ?? []);
  const replicaSets: Record<string, ObservedTemplateReplicaSet> = {};
  const foreignReplicaSets = new Set<string>();
  for (const rs of caches.replicaSets.list(ns)) {
    const template = rs.metadata?.annotations?.[TEMPLATE_NAME_ANNOTATION];
    if (ours(rs, experiment) && template && templateNames.has(template)) replicaSets[template] = observeReplicaSet(rs);
    else foreignReplicaSets.add(rs.metadata?.name ?? '');
  }
  const services: Record<string, string> = {};
  const foreignServices = new Set<string>();
  const serviceNames = new Set<string>();
  for (const svc of caches.services.list(ns)) {
    const name = svc.metadata?.name ?? '';
    serviceNames.add(name);
    const template = svc.metadata?.annotations?.[TEMPLATE_NAME_ANNOTATION];
    if (ours(svc, experiment) && template && templateNames.has(template)) services[template] = name;
    else foreignServices.add(name);
  }
  const analysisRuns: Record<string, ObservedExperimentRun> = {};
  const foreignRuns = new Set<string>();
  for (const run of caches.analysisRuns.list(ns)) {
    const name = run.metadata?.name ?? '';
    const owner = controllerOf(run);
    if (owner?.kind === 'Experiment' && owner.uid === experiment.metadata?.uid) {
      analysisRuns[name] = { name, phase: run.status?.phase ?? '', ...(run.status?.message ? { message: run.status.message } : {}), terminating: run.spec?.terminate === true };
    } else foreignRuns.add(name);
  }
  const templates: Record<string, AnyTemplate | null> = {};
  for (const a of experiment.spec.analyses ?? []) {
    const found = a.clusterScope ? caches.clusterAnalysisTemplates.get(a.templateName) : caches.analysisTemplates.get(`${ns}/${a.templateName}`);
    templates[templateKey(a)] = (found as AnyTemplate | undefined) ?? null;
  }
  return {
    experiment, replicaSets, services, analysisRuns, templates, serviceNames, now,
    foreignNames: { replicaSets: foreignReplicaSets, services: foreignServices, analysisRuns: foreignRuns },
  };
}
