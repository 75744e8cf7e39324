// ALB, pure: the weights the first Ingress's action annotation routes now. Before Kanary writes
// it, the Ingress sends everything to the stable.

import type { AlbTrafficRouting } from '../../api/types.js';
import { documentKey, type Documents, type RoutedRollout, type RoutedWeights } from '../router.js';
import { actionAnnotationKey, albIngressesOf, targetGroupsOf } from './action.js';

export function albRead(rollout: RoutedRollout, config: AlbTrafficRouting, docs: Documents): RoutedWeights | undefined {
  const first = albIngressesOf(config)[0];
  const ingress = first ? docs.get(documentKey({ kind: 'Ingress', name: first.name })) : undefined;
  if (!ingress) return undefined;
  const groups = targetGroupsOf(ingress.metadata?.annotations?.[actionAnnotationKey(rollout, config)]);
  if (!groups) return { canary: 0, stable: 100, additional: [] };
  const weight = (g: { Weight?: unknown } | undefined) => (typeof g?.Weight === 'number' ? g.Weight : 0);
  const isCanary = (s: string | undefined) => s === rollout.canaryService;
  const isStable = (s: string | undefined) => s === rollout.stableService;
  return {
    canary: weight(groups.find((g) => isCanary(g.ServiceName))),
    stable: weight(groups.find((g) => isStable(g.ServiceName))),
    additional: groups.filter((g) => !isCanary(g.ServiceName) && !isStable(g.ServiceName)).map((g) => ({ weight: weight(g), ...(g.ServiceName ? { serviceName: g.ServiceName } : {}) })),
  };
}
