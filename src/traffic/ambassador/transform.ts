// Ambassador, pure: keeps a canary Mapping beside each Mapping the Rollout names, carrying the
// canary's weight. As in Argo Rollouts, a weight of 0 first goes to the canary Mapping, which is
// deleted on a later reconcile, once the API server holds it at 0; none is created for a weight
// of 0. The Mappings the Rollout names are only read, never written.

import type { AmbassadorTrafficRouting } from '../../api/types.js';
import { documentKey, type DesiredTraffic, type DocumentWrite, type Documents, type RoutedRollout, type RoutingDocument, type TransformResult } from '../router.js';
import {
  AMBASSADOR_PATH, canaryMappingName, canaryServiceField, controllerOf, mappingsOf, mappingWeight, newCanaryMapping, ownerReference, sameJson,
} from './mapping.js';

/** Ambassador's weights are percentages: a canary Mapping with weight 250 means nothing to it. */
const PERCENT = 100;

/** The canary Mapping's spec for one base Mapping, or the problem with the base. */
function canarySpec(rollout: RoutedRollout, base: RoutingDocument, name: string, path: string, weight: number): { spec: Record<string, unknown> } | { problem: string } {
  const baseWeight = mappingWeight(base);
  if (baseWeight !== 0) {
    return { problem: `${path}: Mapping "${name}" sets spec.weight (${baseWeight}); a Mapping the Rollout names must not set a weight: the canary Mapping Kanary creates beside it carries the canary's` };
  }
  const service = base.spec?.['service'];
  if (typeof service !== 'string' || service === '') return { problem: `${path}: Mapping "${name}" has no spec.service` };
  const stable = rollout.stableService ?? '';
  const canaryService = canaryServiceField(service, stable, rollout.canaryService ?? '');
  if (canaryService === undefined) {
    return { problem: `${path}: Mapping "${name}" sends traffic to "${service}", not to the stable Service "${stable}" (spec.service must name it, as in ${stable} or ${stable}.${rollout.namespace}:80)` };
  }
  return { spec: { ...structuredClone(base.spec ?? {}), service: canaryService, weight } };
}

/** The write that brings one existing canary Mapping to `spec`, if any. */
function canaryWrite(rollout: RoutedRollout, current: RoutingDocument, spec: Record<string, unknown>, weight: number): DocumentWrite | undefined {
  const ours = controllerOf(current, rollout.uid) === 'ours';
  if (weight === 0 && mappingWeight(current) === 0) return { op: 'delete', kind: 'Mapping', document: structuredClone(current) };
  if (ours && sameJson(current.spec, spec)) return undefined;
  // A canary Mapping Argo Rollouts created has no owner: Kanary takes it over, as it takes over Argo's ReplicaSets.
  const owners = ours ? current.metadata?.ownerReferences ?? [] : [...(current.metadata?.ownerReferences ?? []), ownerReference(rollout)];
  return { op: 'replace', kind: 'Mapping', document: { ...structuredClone(current), metadata: { ...structuredClone(current.metadata), ownerReferences: owners }, spec } };
}

export function ambassadorTransform(rollout: RoutedRollout, config: AmbassadorTrafficRouting, docs: Documents, desired: DesiredTraffic): TransformResult {
  const problems: string[] = [];
  const writes: DocumentWrite[] = [];
  const mappings = mappingsOf(config);
  if (mappings.length === 0) problems.push(`${AMBASSADOR_PATH}.mappings: names no Mapping`);
  if (desired.maxWeight !== PERCENT) {
    problems.push(`spec.strategy.canary.trafficRouting.maxTrafficWeight: Ambassador's Mapping weights are percentages, so it must be ${PERCENT} (or left out) with ambassador, got ${desired.maxWeight}`);
  }
  const weight = desired.canary.weight;
  for (const { name, path } of mappings) {
    const base = docs.get(documentKey({ kind: 'Mapping', name }));
    if (!base) {
      problems.push(`${path}: Mapping "${name}" not found in namespace "${rollout.namespace}"`);
      continue;
    }
    const built = canarySpec(rollout, base, name, path, weight);
    if ('problem' in built) {
      problems.push(built.problem);
      continue;
    }
    const canaryName = canaryMappingName(name);
    const current = docs.get(documentKey({ kind: 'Mapping', name: canaryName }));
    if (!current) {
      if (weight > 0) writes.push({ op: 'create', kind: 'Mapping', document: newCanaryMapping(rollout, base, canaryName, built.spec) });
      continue;
    }
    if (controllerOf(current, rollout.uid) === 'other') {
      problems.push(`${path}: Mapping "${canaryName}" exists and is controlled by another owner than Rollout "${rollout.name}"`);
      continue;
    }
    const write = canaryWrite(rollout, current, built.spec, weight);
    if (write) writes.push(write);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, writes };
}
