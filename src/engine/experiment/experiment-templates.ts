// The templates of an Experiment: one ReplicaSet each (created, scaled, scaled down after the
// delay at the end) and, when asked, a Service in front of its pods.

import { POD_TEMPLATE_HASH_LABEL } from '../../api/labels.js';
import type { Experiment, ExperimentTemplate, TemplateStatus } from '../../api/types.js';
import { formatTimestamp } from '../../api/timestamp.js';
import { canonicalPodTemplate, podTemplateHash } from '../rollout/pod-template-hash.js';
import type { ExperimentAction, Manifest } from './experiment-plan.js';
import type { ExperimentSnapshot, ObservedTemplateReplicaSet } from './experiment-snapshot.js';
import { EXPERIMENT_NAME_ANNOTATION, replicaSetName, TEMPLATE_NAME_ANNOTATION } from './experiment-names.js';

type Labels = Record<string, string>;

/** The ReplicaSet a template is run by: its name and pod hash, observed or about to be created. */
export interface TemplateReplicaSet {
  readonly name: string;
  readonly podHash: string;
  readonly observed?: ObservedTemplateReplicaSet;
  readonly collisionCount?: number;
}

/** The template's ReplicaSet name and hash; a name held by a ReplicaSet not ours moves to the next collision count. */
export function templateReplicaSet(snap: ExperimentSnapshot, template: ExperimentTemplate, prev: TemplateStatus | undefined): TemplateReplicaSet {
  const observed = snap.replicaSets[template.name];
  if (observed) return { name: observed.name, podHash: observed.podHash, observed, ...(prev?.collisionCount !== undefined ? { collisionCount: prev.collisionCount } : {}) };
  const exp = snap.experiment.metadata?.name ?? '';
  let count = prev?.collisionCount ?? 0;
  while (snap.foreignNames.replicaSets.has(replicaSetName(exp, template.name, count))) count++;
  // The experiment and template names are hashed with the pod template: a baseline that runs the
  // stable template must not share the stable ReplicaSet's hash, which the Rollout's Services select.
  const identity = { experiment: exp, template: template.name, pod: canonicalPodTemplate(template.template) };
  return {
    name: replicaSetName(exp, template.name, count),
    podHash: podTemplateHash(identity, count > 0 ? count : undefined),
    ...(count > 0 ? { collisionCount: count } : {}),
  };
}

function annotations(experiment: Experiment, template: string): Labels {
  return { [EXPERIMENT_NAME_ANNOTATION]: experiment.metadata?.name ?? '', [TEMPLATE_NAME_ANNOTATION]: template };
}

/** The ReplicaSet for a template: its pod template and selector with the hash label, Argo's annotations. */
export function replicaSetManifest(experiment: Experiment, template: ExperimentTemplate, rs: TemplateReplicaSet, replicas: number): Manifest {
  const pod = structuredClone(template.template) as { metadata?: { labels?: Labels } };
  const podLabels: Labels = { ...(pod.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: rs.podHash };
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: rs.name, labels: { [POD_TEMPLATE_HASH_LABEL]: rs.podHash }, annotations: annotations(experiment, template.name) },
    spec: {
      replicas,
      ...(template.minReadySeconds !== undefined ? { minReadySeconds: template.minReadySeconds } : {}),
      selector: { ...template.selector, matchLabels: { ...(template.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: rs.podHash } },
      template: { ...pod, metadata: { ...(pod.metadata ?? {}), labels: podLabels } },
    },
  };
}

interface ContainerPort { name?: string; containerPort?: number; protocol?: string }

/** The template's container ports as Service ports (Argo: same port and target, the port's name and protocol). */
export function servicePorts(template: ExperimentTemplate): Record<string, unknown>[] {
  const spec = (template.template as { spec?: { containers?: { ports?: ContainerPort[] }[] } }).spec;
  return (spec?.containers ?? []).flatMap((c) => c.ports ?? []).filter((p) => typeof p.containerPort === 'number').map((p) => ({
    ...(p.name ? { name: p.name } : {}), protocol: p.protocol ?? 'TCP', port: p.containerPort, targetPort: p.containerPort,
  }));
}

/** The Service of a template: `service.name`, else the ReplicaSet's name. */
export function serviceNameOf(template: ExperimentTemplate, rsName: string): string | undefined {
  if (template.service === undefined) return undefined;
  return template.service.name || rsName;
}

export function serviceManifest(experiment: Experiment, template: ExperimentTemplate, name: string, podHash: string): Manifest {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, annotations: annotations(experiment, template.name) },
    spec: { selector: { [POD_TEMPLATE_HASH_LABEL]: podHash }, ports: servicePorts(template) },
  };
}

export interface ScaleInput {
  readonly rs: ObservedTemplateReplicaSet;
  readonly desired: number;
  readonly delayMs: number;
  readonly now: number;
  readonly template: string;
}

/**
 * What brings an existing ReplicaSet to its desired size. Scaling down to 0 at the end waits
 * `scaleDownDelaySeconds`: first the deadline annotation is set, then after it the scale-down.
 *
 *   replicas 1, desired 0, delay 30 s, no deadline -> set the deadline to now + 30 s, look again then
 *   replicas 1, desired 0, deadline passed         -> scale to 0
 *   replicas 0, desired 2                          -> scale to 2
 */
export function scaleActions(input: ScaleInput): { actions: ExperimentAction[]; nextCheckAt?: number } {
  const { rs, desired, delayMs, now } = input;
  if (rs.replicas === desired) return { actions: [] };
  const scale: ExperimentAction = {
    kind: 'scaleReplicaSet', name: rs.name, from: rs.replicas, to: desired,
    reason: desired === 0 ? `the experiment is over: scaling template '${input.template}' down` : `template '${input.template}' runs ${desired} replicas`,
  };
  if (desired > 0 && rs.scaleDownDeadline !== undefined) {
    return { actions: [{ kind: 'setScaleDownDeadline', name: rs.name, at: null, reason: `template '${input.template}' runs again: its scale-down deadline goes` }, scale] };
  }
  if (desired > 0 || delayMs <= 0) return { actions: [scale] };
  if (rs.scaleDownDeadline === undefined) {
    return {
      actions: [{ kind: 'setScaleDownDeadline', name: rs.name, at: formatTimestamp(now + delayMs), reason: `scaleDownDelaySeconds: template '${input.template}' scales down in ${delayMs / 1000}s` }],
      nextCheckAt: now + delayMs,
    };
  }
  if (now >= rs.scaleDownDeadline) return { actions: [scale] };
  return { actions: [], nextCheckAt: rs.scaleDownDeadline };
}
