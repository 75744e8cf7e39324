// `antiAffinity` (canary and blue-green): while an update runs, the new ReplicaSet's pods are kept
// off the nodes that run the stable version's pods, so the nodes the old version frees can be
// reclaimed afterwards. The rule is added to the new ReplicaSet's pod template, never to the
// Rollout's, and is left out when templates are compared, as Argo Rollouts does.

import { POD_TEMPLATE_HASH_LABEL } from '../../api/labels.js';
import type { AntiAffinity, Rollout } from '../../api/types.js';
import { orderActions, type Plan, type PlanAction } from './plan.js';
import type { RolloutSnapshot } from './snapshot.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The strategy's anti-affinity, when it asks for one of the two kinds. */
export function antiAffinityOf(rollout: Rollout): AntiAffinity | undefined {
  const a = rollout.spec.strategy.blueGreen?.antiAffinity ?? rollout.spec.strategy.canary?.antiAffinity;
  return a && (a.preferredDuringSchedulingIgnoredDuringExecution || a.requiredDuringSchedulingIgnoredDuringExecution) ? a : undefined;
}

/** The term Argo injects: not on a node (`kubernetes.io/hostname`) running a pod of the stable ReplicaSet. */
export function injectedTerm(stableHash: string, namespace: string): Json {
  return {
    labelSelector: { matchExpressions: [{ key: POD_TEMPLATE_HASH_LABEL, operator: 'In', values: [stableHash] }] },
    namespaces: [namespace],
    topologyKey: 'kubernetes.io/hostname',
  };
}

function isInjected(term: unknown): boolean {
  const selector = isObject(term) ? term['labelSelector'] : undefined;
  const expressions = isObject(selector) ? selector['matchExpressions'] : undefined;
  return Array.isArray(expressions) && expressions.some((e) => isObject(e) && e['key'] === POD_TEMPLATE_HASH_LABEL);
}

/** The stable hash an injected rule in `affinity` keeps away from, if there is one. */
export function injectedStableHash(affinity: unknown): string | undefined {
  const anti = isObject(affinity) ? affinity['podAntiAffinity'] : undefined;
  if (!isObject(anti)) return undefined;
  const terms = [
    ...(Array.isArray(anti['requiredDuringSchedulingIgnoredDuringExecution']) ? anti['requiredDuringSchedulingIgnoredDuringExecution'] : []),
    ...(Array.isArray(anti['preferredDuringSchedulingIgnoredDuringExecution'])
      ? (anti['preferredDuringSchedulingIgnoredDuringExecution'] as unknown[]).map((w) => (isObject(w) ? w['podAffinityTerm'] : undefined)) : []),
  ];
  const term = terms.find(isInjected) as Json | undefined;
  const expressions = (term?.['labelSelector'] as Json | undefined)?.['matchExpressions'] as Json[] | undefined;
  const values = expressions?.find((e) => e['key'] === POD_TEMPLATE_HASH_LABEL)?.['values'];
  return Array.isArray(values) && typeof values[0] === 'string' ? values[0] : undefined;
}

/**
 * `affinity` without an injected rule (a term selecting by `rollouts-pod-template-hash`), lists
 * and objects left empty dropped; undefined when nothing is left.
 *   {podAntiAffinity: {required: [injected]}}            -> undefined
 *   {nodeAffinity: n, podAntiAffinity: {preferred: [w, injected]}} -> {nodeAffinity: n, podAntiAffinity: {preferred: [w]}}
 */
export function withoutInjectedRule(affinity: unknown): unknown {
  if (!isObject(affinity)) return affinity;
  const anti = affinity['podAntiAffinity'];
  const out: Json = { ...affinity };
  if (isObject(anti)) {
    const cleaned: Json = { ...anti };
    const required = anti['requiredDuringSchedulingIgnoredDuringExecution'];
    const preferred = anti['preferredDuringSchedulingIgnoredDuringExecution'];
    if (Array.isArray(required)) cleaned['requiredDuringSchedulingIgnoredDuringExecution'] = required.filter((t) => !isInjected(t));
    if (Array.isArray(preferred)) cleaned['preferredDuringSchedulingIgnoredDuringExecution'] = preferred.filter((w) => !(isObject(w) && isInjected(w['podAffinityTerm'])));
    for (const key of Object.keys(cleaned)) if (Array.isArray(cleaned[key]) && (cleaned[key] as unknown[]).length === 0) delete cleaned[key];
    if (Object.keys(cleaned).length === 0) delete out['podAntiAffinity'];
    else out['podAntiAffinity'] = cleaned;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * The affinity a new ReplicaSet's pods get: the template's own, plus the injected rule against
 * `stableHash`, appended to the preferred list (with the weight) or the required list.
 *   preferred weight 50, no affinity -> {podAntiAffinity: {preferred: [{weight: 50, podAffinityTerm: injected}]}}
 *   required, nodeAffinity n        -> {nodeAffinity: n, podAntiAffinity: {required: [injected]}}
 */
export function injectedAffinity(own: unknown, antiAffinity: AntiAffinity, stableHash: string, namespace: string): Json {
  const base: Json = isObject(withoutInjectedRule(own)) ? structuredClone(withoutInjectedRule(own) as Json) : {};
  const anti: Json = isObject(base['podAntiAffinity']) ? base['podAntiAffinity'] : {};
  const term = injectedTerm(stableHash, namespace);
  const preferred = antiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  const list = preferred ? 'preferredDuringSchedulingIgnoredDuringExecution' : 'requiredDuringSchedulingIgnoredDuringExecution';
  const item = preferred ? { weight: preferred.weight, podAffinityTerm: term } : term;
  return { ...base, podAntiAffinity: { ...anti, [list]: [...(Array.isArray(anti[list]) ? anti[list] as unknown[] : []), item] } };
}

function affinityOf(template: unknown): unknown {
  const spec = isObject(template) ? template['spec'] : undefined;
  return isObject(spec) ? spec['affinity'] : undefined;
}

/**
 * Adds the anti-affinity rule to the plan: a new ReplicaSet created while another version is
 * stable gets it in its template; the new ReplicaSet's rule follows a stable version that
 * changed under it (a template change, no pod restarts). Once the new version is stable its rule
 * stays, as in Argo. Nothing when the strategy asks for no anti-affinity.
 */
export function withAntiAffinity(snap: RolloutSnapshot, plan: Plan): Plan {
  const anti = antiAffinityOf(snap.rollout);
  if (!anti) return plan;
  const stable = plan.status.stableRS;
  const newHash = plan.status.currentPodHash ?? '';
  if (!stable || stable === newHash) return plan;
  const namespace = snap.rollout.metadata?.namespace ?? 'default';
  const own = affinityOf(snap.rollout.spec.template);
  const affinity = injectedAffinity(own, anti, stable, namespace);
  const actions: PlanAction[] = plan.actions.map((a) => {
    if (a.kind !== 'createReplicaSet' || a.podHash !== newHash) return a;
    const template = (a.template ?? {}) as Json;
    return { ...a, template: { ...template, spec: { ...(isObject(template['spec']) ? template['spec'] : {}), affinity } } };
  });
  const newRS = snap.replicaSets.find((rs) => rs.podHash === newHash && rs.deleting !== true);
  const injected = newRS ? injectedStableHash(affinityOf(newRS.template)) : undefined;
  if (newRS && injected !== undefined && injected !== stable) {
    actions.push({ kind: 'setPodTemplateAffinity', name: newRS.name, affinity, reason: `the stable version is now ${stable}: new pods keep off its nodes` });
  }
  return { ...plan, actions: orderActions(actions) };
}
