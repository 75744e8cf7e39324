// Istio, pure: the weights a VirtualService routes now, read from the first managed route.

import type { IstioTrafficRouting } from '../../api/types.js';
import { documentKey, type Documents, type RoutedRollout, type RoutedWeights } from '../router.js';
import { destinationMatcher, managedRoutes, virtualServicesOf } from './routes.js';

/** The canary, stable and other destinations' weights of the first managed route; undefined if there is none. */
export function istioRead(rollout: RoutedRollout, config: IstioTrafficRouting, docs: Documents): RoutedWeights | undefined {
  const first = virtualServicesOf(config)[0];
  if (!first) return undefined;
  const doc = docs.get(documentKey({ kind: 'VirtualService', name: first.vs.name }));
  if (!doc) return undefined;
  const route = managedRoutes(doc, first.vs, first.path, rollout.managedRoutes).routes[0]?.route;
  if (!route) return undefined;
  const match = destinationMatcher(rollout, config);
  const destinations = route.route ?? [];
  // Istio reads an absent weight on a lone destination as all of the traffic.
  const weightOf = (d: { weight?: number } | undefined) => (d === undefined ? 0 : d.weight ?? (destinations.length === 1 ? 100 : 0));
  return {
    canary: weightOf(destinations.find(match.canary)),
    stable: weightOf(destinations.find(match.stable)),
    additional: destinations.filter((d) => !match.canary(d) && !match.stable(d))
      .map((d) => ({ weight: weightOf(d), ...(d.destination?.host ? { serviceName: d.destination.host } : {}) })),
  };
}
