// A small world for Experiment planner tests: an Experiment, the objects it owns, and a step
// that applies a plan the way the controller and the cluster would (pods become available at once).

import type { AnalysisTemplate, Experiment, ExperimentSpec } from '../../api/types.js';
import { templateKey } from '../rollout/rollout-analysis.js';
import type { ExperimentPlan } from './experiment-plan.js';
import type { ExperimentSnapshot, ObservedExperimentRun, ObservedTemplateReplicaSet } from './experiment-snapshot.js';

export const T0 = Date.UTC(2026, 11, 3, 10, 0, 0);

export function template(name: string, extra: Partial<ExperimentSpec['templates'][number]> = {}): ExperimentSpec['templates'][number] {
  return {
    name,
    selector: { matchLabels: { app: 'demo', v: name } },
    template: { metadata: { labels: { app: 'demo', v: name } }, spec: { containers: [{ name: 'app', image: `demo:${name}`, ports: [{ name: 'http', containerPort: 8080 }] }] } },
    ...extra,
  } as ExperimentSpec['templates'][number];
}

export function experiment(spec: Partial<ExperimentSpec> = {}): Experiment {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment',
    metadata: { name: 'exp', namespace: 'ns', uid: 'uid-exp' },
    spec: { templates: [template('baseline'), template('canary')], ...spec },
  } as Experiment;
}

export function analysisTemplate(name: string, args: { name: string; value?: string }[] = []): AnalysisTemplate {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name, namespace: 'ns' },
    spec: { ...(args.length > 0 ? { args } : {}), metrics: [{ name: 'm', provider: { job: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'Never' } } } } } }] },
  } as AnalysisTemplate;
}

export interface World {
  experiment: Experiment;
  replicaSets: Record<string, ObservedTemplateReplicaSet>;
  services: Record<string, string>;
  runs: Record<string, ObservedExperimentRun>;
  templates: Record<string, AnalysisTemplate | null>;
  foreign: { replicaSets: Set<string>; services: Set<string>; analysisRuns: Set<string> };
  serviceNames: Set<string>;
  now: number;
}

export function world(ex: Experiment, templates: AnalysisTemplate[] = []): World {
  const byKey: Record<string, AnalysisTemplate | null> = {};
  for (const a of ex.spec.analyses ?? []) byKey[templateKey(a)] = null;
  for (const t of templates) byKey[templateKey({ templateName: t.metadata?.name ?? '' })] = t;
  return {
    experiment: ex, replicaSets: {}, services: {}, runs: {}, templates: byKey,
    foreign: { replicaSets: new Set(), services: new Set(), analysisRuns: new Set() }, serviceNames: new Set(), now: T0,
  };
}

export function snapshot(w: World): ExperimentSnapshot {
  return {
    experiment: w.experiment, replicaSets: { ...w.replicaSets }, services: { ...w.services }, analysisRuns: { ...w.runs },
    foreignNames: w.foreign, serviceNames: new Set([...w.serviceNames, ...Object.values(w.services)]), templates: w.templates, now: w.now,
  };
}

/** Applies a plan: objects are created, scaled (available at once when `ready`), status written. */
export function applyToWorld(w: World, plan: ExperimentPlan, ready = true): World {
  const next: World = { ...w, replicaSets: { ...w.replicaSets }, services: { ...w.services }, runs: { ...w.runs } };
  for (const a of plan.actions) {
    switch (a.kind) {
      case 'createReplicaSet': {
        const spec = a.replicaSet['spec'] as { replicas: number };
        const labels = (a.replicaSet['metadata'] as { labels: Record<string, string> }).labels;
        next.replicaSets[a.template] = { name: a.name, podHash: labels['rollouts-pod-template-hash'] ?? '', replicas: spec.replicas, statusReplicas: 0, ready: 0, available: 0 };
        break;
      }
      case 'scaleReplicaSet': {
        const [t, rs] = Object.entries(next.replicaSets).find(([, r]) => r.name === a.name)!;
        next.replicaSets[t] = { ...rs, replicas: a.to };
        break;
      }
      case 'setScaleDownDeadline': {
        const [t, rs] = Object.entries(next.replicaSets).find(([, r]) => r.name === a.name)!;
        const { scaleDownDeadline: _d, ...rest } = rs;
        next.replicaSets[t] = a.at === null ? rest : { ...rest, scaleDownDeadline: Date.parse(a.at) };
        break;
      }
      case 'createService': next.services[a.template] = a.name; break;
      case 'deleteService': for (const [t, n] of Object.entries(next.services)) if (n === a.name) delete next.services[t]; break;
      case 'createAnalysisRun': next.runs[a.name] = { name: a.name, phase: 'Pending', terminating: false }; break;
      case 'terminateAnalysisRun': next.runs[a.name] = { ...next.runs[a.name]!, terminating: true }; break;
    }
  }
  if (ready) {
    for (const [t, rs] of Object.entries(next.replicaSets)) next.replicaSets[t] = { ...rs, statusReplicas: rs.replicas, ready: rs.replicas, available: rs.replicas };
  }
  next.experiment = { ...w.experiment, status: plan.status };
  return next;
}
