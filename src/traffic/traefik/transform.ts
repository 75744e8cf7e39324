// Traefik, pure: sets the weights of the canary's and the stable's entries in the weighted
// TraefikService, as Argo Rollouts does; its other entries and fields stay as they are.

import type { TraefikTrafficRouting } from '../../api/types.js';
import type { DesiredTraffic, Documents, RoutedRollout, RoutedWeights, TransformResult } from '../router.js';
import { entryWeight, weightedServices, type WeightedEntry } from './weighted.js';

/**
 * The canary's entry gets the canary weight and the stable's the rest of `maxWeight`. Traefik
 * weights are relative, so `maxTrafficWeight` works as the total (Argo writes `100 - weight`
 * whatever it is). Additional destinations are not routed: Argo's Traefik router ignores them and
 * its validation refuses weighted experiment templates with Traefik.
 */
export function traefikTransform(rollout: RoutedRollout, config: TraefikTrafficRouting, docs: Documents, desired: DesiredTraffic): TransformResult {
  const found = weightedServices(rollout, config, docs);
  if (!found.ok) return { ok: false, problems: [found.problem] };
  const canary = desired.canary.weight;
  const stable = desired.maxWeight - canary;
  const { entries } = found;
  if (entries[found.canary]?.weight === canary && entries[found.stable]?.weight === stable) return { ok: true, writes: [] };
  const doc = structuredClone(found.doc);
  const services = (doc.spec?.['weighted'] as { services: WeightedEntry[] }).services;
  (services[found.canary] as WeightedEntry).weight = canary;
  (services[found.stable] as WeightedEntry).weight = stable;
  return { ok: true, writes: [{ op: 'replace', kind: 'TraefikService', document: doc }] };
}

/** The weights the TraefikService's canary and stable entries carry now. */
export function traefikRead(rollout: RoutedRollout, config: TraefikTrafficRouting, docs: Documents): RoutedWeights | undefined {
  const found = weightedServices(rollout, config, docs);
  if (!found.ok) return undefined;
  return { canary: entryWeight(found.entries[found.canary]), stable: entryWeight(found.entries[found.stable]), additional: [] };
}
