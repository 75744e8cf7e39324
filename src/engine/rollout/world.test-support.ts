// A tiny in-memory world for engine tests: applies a plan's actions to ReplicaSets and Services,
// makes pods available on request, and writes the plan's status back. Test support only.

import { rolloutFixture } from '../../api/rollout-fixture.test-support.js';
import type { Rollout } from '../../api/types.js';
import { EPHEMERAL_METADATA_ANNOTATION } from '../../api/labels.js';
import { parseEphemeralMetadata, patchedMetadata, type MapPatch } from './pod-metadata.js';
import { planRollout } from './plan-rollout.js';
import type { Plan } from './plan.js';
import type { ObservedExperiment } from './experiment-step.js';
import type { AnyTemplate, ObservedAnalysisRun } from './rollout-analysis.js';
import type { Experiment } from '../../api/types.js';
import type { ObservedPod, ObservedReplicaSet, ObservedService, ObservedWorkload, RolloutSnapshot } from './snapshot.js';

export interface World {
  rollout: Rollout;
  sets: ObservedReplicaSet[];
  services: Record<string, ObservedService | null>;
  now: number;
  /** Every plan made, in order. */
  plans: Plan[];
  runs: (ObservedAnalysisRun & { spec?: unknown; labels?: Record<string, string> })[];
  templates: Record<string, AnyTemplate | null>;
  /** The Deployment a workloadRef names (`null`: missing); its replicas follow scaleDeployment. */
  workload?: ObservedWorkload | null;
  /** Experiments the Rollout created (experiment steps), with the spec it gave them. */
  experiments: (ObservedExperiment & { experiment: Experiment })[];
  /** The weights the routers were last asked for (traffic-routed Rollouts). */
  routed?: { canary: number; stable: number; additional?: string[] };
  /** The header and mirror routes the routers were last asked for, as `kind name`. */
  routes?: string[];
  /** Pods, when a test follows them: made from their ReplicaSet's template by `podsReady`, gone as it scales down. */
  pods?: ObservedPod[];
}

export function rollout(overrides: { replicas?: number; image?: string; steps?: unknown[]; canary?: Record<string, unknown>; spec?: Record<string, unknown> } = {}): Rollout {
  return rolloutFixture({ namespace: 'default', metadata: { generation: 1 }, ...overrides });
}

export function world(r: Rollout, services: Record<string, ObservedService | null> = {}): World {
  return { rollout: r, sets: [], services, now: Date.parse('2026-11-21T10:00:00Z'), plans: [], runs: [], templates: {}, experiments: [] };
}

export function snapshot(w: World): RolloutSnapshot {
  return { rollout: w.rollout, replicaSets: w.sets, services: w.services, now: w.now, analysisRuns: w.runs, templates: w.templates, experiments: w.experiments,
    ...(w.workload !== undefined ? { workload: w.workload } : {}), ...(w.pods ? { pods: w.pods } : {}) };
}

/** Plans once and applies the plan: ReplicaSets change size (status follows spec, pods not yet available). */
export function step(w: World): Plan {
  const plan = planRollout(snapshot(w));
  w.plans.push(plan);
  for (const a of plan.actions) {
    if (a.kind === 'createReplicaSet') {
      const record = parseEphemeralMetadata(a.annotations?.[EPHEMERAL_METADATA_ANNOTATION]);
      w.sets.push({ name: a.name, podHash: a.podHash, template: structuredClone(a.template), replicas: a.replicas, statusReplicas: a.replicas,
        ready: 0, available: 0, revision: a.revision, createdAt: w.now, ...(record ? { ephemeralMetadata: record } : {}) });
    } else if (a.kind === 'setPodTemplateMetadata') {
      w.sets = w.sets.map((rs) => (rs.name === a.name ? withTemplateMetadata(rs, a.labels, a.annotations, a.record) : rs));
    } else if (a.kind === 'setPodTemplateAffinity') {
      w.sets = w.sets.map((rs) => {
        if (rs.name !== a.name) return rs;
        const t = structuredClone(rs.template) as { spec?: Record<string, unknown> };
        return { ...rs, template: { ...t, spec: { ...(t.spec ?? {}), affinity: a.affinity } } };
      });
    } else if (a.kind === 'scaleReplicaSet') {
      w.sets = w.sets.map((rs) => rs.name === a.name
        ? { ...rs, replicas: a.to, statusReplicas: a.to, ready: Math.min(rs.ready, a.to), available: Math.min(rs.available, a.to),
          ...(a.to > a.from ? { scaleDownDeadline: undefined } : {}) } : rs);
    } else if (a.kind === 'setRevision') {
      w.sets = w.sets.map((rs) => (rs.name === a.name ? { ...rs, revision: a.revision } : rs));
    } else if (a.kind === 'deleteReplicaSet') {
      w.sets = w.sets.filter((rs) => rs.name !== a.name);
    } else if (a.kind === 'createAnalysisRun') {
      const labels = a.run.metadata?.labels ?? {};
      w.runs.push({ name: a.name, phase: '', podHash: labels['rollouts-pod-template-hash'] ?? '', type: labels['rollout-type'] as ObservedAnalysisRun['type'],
        terminating: false, createdAt: w.now, spec: a.run.spec, labels });
    } else if (a.kind === 'terminateAnalysisRun') {
      w.runs = w.runs.map((r) => (r.name === a.name ? { ...r, terminating: true, phase: 'Inconclusive', message: 'Metric "m" assessed Inconclusive due to a measurement stopped before it finished' } : r));
    } else if (a.kind === 'deleteAnalysisRun') {
      w.runs = w.runs.filter((r) => r.name !== a.name);
    } else if (a.kind === 'scaleDeployment' && w.workload) {
      w.workload = { ...w.workload, replicas: a.to, available: Math.min(w.workload.available, a.to) };
    } else if (a.kind === 'setWorkloadGeneration') {
      const annotations = { ...(w.rollout.metadata?.annotations ?? {}) };
      if (a.generation === undefined) delete annotations['rollout.argoproj.io/workload-generation'];
      else annotations['rollout.argoproj.io/workload-generation'] = a.generation;
      w.rollout = { ...w.rollout, metadata: { ...w.rollout.metadata, annotations } };
    } else if (a.kind === 'createExperiment') {
      w.experiments.push({ name: a.name, phase: '', terminating: false, experiment: a.experiment });
    } else if (a.kind === 'terminateExperiment') {
      w.experiments = w.experiments.map((e) => (e.name === a.name ? { ...e, terminating: true, phase: 'Successful' } : e));
    } else if (a.kind === 'setPodMetadata' && w.pods) {
      w.pods = w.pods.map((p) => (p.name === a.name ? { ...p, ...patchedMetadata(p, { labels: a.labels, annotations: a.annotations }) } : p));
    } else if (a.kind === 'setScaleDownDeadline') {
      w.sets = w.sets.map((rs) => (rs.name === a.name ? { ...rs, scaleDownDeadline: a.deadline === null ? undefined : Date.parse(a.deadline) } : rs));
    } else if (a.kind === 'setTrafficWeights') {
      const additional = (a.weights.additional ?? []).map((x) => `${x.serviceName ?? ''} ${x.weight}`);
      w.routed = { canary: a.weights.canary.weight, stable: a.weights.stable.weight, ...(additional.length > 0 ? { additional } : {}) };
      if (a.routes) w.routes = a.routes.routes.map((r) => `${r.kind} ${r.route.name}`);
    } else if (a.kind === 'setServiceSelector') {
      const svc = w.services[a.service];
      if (svc) w.services[a.service] = { ...svc, selector: { ...svc.selector, 'rollouts-pod-template-hash': a.podHash } };
    }
  }
  w.rollout = { ...w.rollout, status: plan.status };
  return plan;
}

function withTemplateMetadata(rs: ObservedReplicaSet, labels: MapPatch, annotations: MapPatch, record: string | null): ObservedReplicaSet {
  const t = structuredClone(rs.template) as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
  const metadata = patchedMetadata(t.metadata ?? {}, { labels, annotations });
  const { ephemeralMetadata: _old, ...rest } = rs;
  const parsed = parseEphemeralMetadata(record ?? undefined);
  return { ...rest, template: { ...t, metadata: { ...(t.metadata ?? {}), ...metadata } }, ...(parsed ? { ephemeralMetadata: parsed } : {}) };
}

/** Every pod of every ReplicaSet becomes ready and available. */
export function podsReady(w: World): void {
  w.sets = w.sets.map((rs) => ({ ...rs, ready: rs.replicas, available: rs.replicas }));
  if (w.pods) {
    const pods: ObservedPod[] = [];
    for (const rs of w.sets) {
      const own = w.pods.filter((p) => p.podHash === rs.podHash).slice(0, rs.replicas);
      const meta = (rs.template as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } }).metadata ?? {};
      for (let i = own.length; i < rs.replicas; i++) {
        own.push({ name: `${rs.name}-${w.now}-${i}`, podHash: rs.podHash, createdAt: w.now, ready: true,
          labels: { ...(meta.labels ?? {}), 'rollouts-pod-template-hash': rs.podHash }, annotations: { ...(meta.annotations ?? {}) } });
      }
      pods.push(...own);
    }
    w.pods = pods;
  }
}

/** Steps with pods becoming ready after each plan, until a plan has no actions; returns how many plans it took. */
export function settle(w: World, limit = 50): number {
  for (let i = 1; i <= limit; i++) {
    const plan = step(w);
    podsReady(w);
    // Routers are asked for the weights on every plan; asking again for the same ones changes nothing.
    const previous = w.plans.at(-2)?.status.canary?.weights;
    const changes = plan.actions.filter((a) => a.kind !== 'setTrafficWeights' || JSON.stringify(a.weights) !== JSON.stringify(previous));
    if (changes.length === 0) return i;
  }
  throw new Error(`no fixed point after ${limit} plans: ${JSON.stringify(w.plans.at(-1)?.notes)}`);
}

export function sizes(w: World): Record<string, number> {
  return Object.fromEntries(w.sets.map((rs) => [rs.revision, rs.replicas]));
}

/** Changes the Rollout's spec (as a user would) and bumps its generation. */
export function edit(w: World, change: (spec: Rollout['spec']) => void): void {
  const spec = structuredClone(w.rollout.spec);
  change(spec);
  w.rollout = { ...w.rollout, spec, metadata: { ...w.rollout.metadata, generation: (w.rollout.metadata?.generation ?? 1) + 1 } };
}

export function setImage(w: World, image: string): void {
  edit(w, (spec) => {
    const containers = (spec.template!.spec as { containers: { image: string }[] }).containers;
    containers[0]!.image = image;
  });
}

/** Patches the status as a user action would (promote, abort, retry). */
export function patchStatus(w: World, patch: Record<string, unknown>): void {
  const status = { ...(w.rollout.status ?? {}) } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete status[k];
    else status[k] = v;
  }
  w.rollout = { ...w.rollout, status: status as Rollout['status'] };
}

/** A one-metric AnalysisTemplate (namespaced unless `cluster`). */
export function template(name: string, args: { name: string; value?: string }[] = [], cluster = false): AnyTemplate {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: cluster ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate', metadata: { name },
    spec: { args, metrics: [{ name: 'errors', successCondition: 'result[0] <= 5', provider: { prometheus: { address: 'http://p:9090', query: 'q' } } }] },
  } as AnyTemplate;
}

/** Ends the run with `phase` (and a message), as the AnalysisRun controller would. */
export function finishRun(w: World, name: string, phase: string, message?: string): void {
  w.runs = w.runs.map((r) => (r.name === name ? { ...r, phase, ...(message ? { message } : {}) } : r));
}
