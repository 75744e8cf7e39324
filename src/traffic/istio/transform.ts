// Istio, pure: the VirtualService routes' destination weights (and, with subset-level splitting,
// the DestinationRule subsets' pod-template-hash labels) for the weights a plan asks for.
// Only the managed routes' weights and destinations change; everything else stays as it was.

import { POD_TEMPLATE_HASH_LABEL } from '../../api/labels.js';
import type { IstioTrafficRouting } from '../../api/types.js';
import {
  documentKey, type DesiredTraffic, type DocumentWrite, type Documents, type RoutedRollout, type TransformResult,
} from '../router.js';
import { destinationMatcher, hostIs, managedRoutes, virtualServicesOf, type DestinationMatcher, type IstioDestination, type IstioRoute } from './routes.js';

export const MANAGED_BY_ANNOTATION = 'argo-rollouts.argoproj.io/managed-by-rollouts';

/**
 * A managed route's destinations with the desired weights: the canary and stable destinations
 * keep their place and fields and take their weights; the additional destinations (an
 * experiment's Services) follow them; any other destination was an earlier additional one and goes.
 *
 *   [stable 100, canary 0], canary 20             -> [stable 80, canary 20]
 *   [stable 100, canary 0], canary 20, +exp 10    -> [stable 70, canary 20, exp 10]
 */
export function routeDestinations(route: IstioRoute, match: DestinationMatcher, desired: DesiredTraffic): IstioDestination[] | string {
  const destinations = route.route ?? [];
  if (!destinations.some(match.canary)) return `has no destination with the canary ${match.describeCanary}`;
  if (!destinations.some(match.stable)) return `has no destination with the stable ${match.describeStable}`;
  const kept = destinations.flatMap((d): IstioDestination[] => {
    if (match.canary(d)) return [{ ...d, weight: desired.canary.weight }];
    if (match.stable(d)) return [{ ...d, weight: desired.stable.weight }];
    return [];
  });
  const extra = desired.additional.map((a): IstioDestination => {
    const before = destinations.find((d) => !match.canary(d) && !match.stable(d) && hostIs(d.destination?.host, a.serviceName));
    return before ? { ...before, weight: a.weight } : { destination: { host: a.serviceName ?? '' }, weight: a.weight };
  });
  return [...kept, ...extra];
}

function changed(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

function virtualServiceWrites(rollout: RoutedRollout, config: IstioTrafficRouting, docs: Documents, desired: DesiredTraffic, problems: string[]): DocumentWrite[] {
  const match = destinationMatcher(rollout, config);
  const writes: DocumentWrite[] = [];
  for (const { vs, path } of virtualServicesOf(config)) {
    const doc = docs.get(documentKey({ kind: 'VirtualService', name: vs.name }));
    if (!doc) {
      problems.push(`${path}.name: VirtualService "${vs.name}" not found in namespace "${rollout.namespace}"`);
      continue;
    }
    const found = managedRoutes(doc, vs, path, rollout.managedRoutes);
    problems.push(...found.problems);
    const next = structuredClone(doc);
    for (const managed of found.routes) {
      const destinations = routeDestinations(managed.route, match, desired);
      if (typeof destinations === 'string') {
        problems.push(`${path}: ${managed.label} of VirtualService "${vs.name}" ${destinations}`);
        continue;
      }
      const routes = next.spec?.[managed.section] as IstioRoute[];
      routes[managed.index] = { ...managed.route, route: destinations };
    }
    if (changed(doc, next)) writes.push({ op: 'replace', kind: 'VirtualService', document: next });
  }
  return writes;
}

interface Subset { name?: string; labels?: Record<string, string>; [field: string]: unknown }

/** Subset-level splitting: the canary and stable subsets select their ReplicaSets' pods by hash. */
function destinationRuleWrites(rollout: RoutedRollout, config: IstioTrafficRouting, docs: Documents, desired: DesiredTraffic, problems: string[]): DocumentWrite[] {
  const rule = config.destinationRule;
  if (!rule) return [];
  const path = 'spec.strategy.canary.trafficRouting.istio.destinationRule';
  const doc = docs.get(documentKey({ kind: 'DestinationRule', name: rule.name }));
  if (!doc) {
    problems.push(`${path}.name: DestinationRule "${rule.name}" not found in namespace "${rollout.namespace}"`);
    return [];
  }
  const next = structuredClone(doc);
  const subsets = (Array.isArray(next.spec?.['subsets']) ? next.spec['subsets'] : []) as Subset[];
  const point = (subsetName: string, hash: string | undefined, field: string) => {
    const subset = subsets.find((s) => s.name === subsetName);
    if (!subset) {
      problems.push(`${path}.${field}: DestinationRule "${rule.name}" has no subset named "${subsetName}"`);
      return;
    }
    if (hash) subset.labels = { ...(subset.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  };
  point(rule.canarySubsetName, desired.canary.podTemplateHash, 'canarySubsetName');
  point(rule.stableSubsetName, desired.stable.podTemplateHash, 'stableSubsetName');
  if (!changed(doc, next)) return [];
  next.metadata = { ...next.metadata, annotations: { ...(next.metadata?.annotations ?? {}), [MANAGED_BY_ANNOTATION]: rollout.name } };
  return [{ op: 'replace', kind: 'DestinationRule', document: next }];
}

/**
 * The writes that route `desired` through the VirtualServices (and DestinationRule) the config
 * names. The DestinationRule comes first: a subset must select the right pods before a weight
 * sends traffic to it.
 */
export function istioTransform(rollout: RoutedRollout, config: IstioTrafficRouting, docs: Documents, desired: DesiredTraffic): TransformResult {
  const problems: string[] = [];
  const writes = [...destinationRuleWrites(rollout, config, docs, desired, problems), ...virtualServiceWrites(rollout, config, docs, desired, problems)];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, writes };
}
