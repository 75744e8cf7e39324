// The Istio router: VirtualService weights (host-level splitting through canaryService and
// stableService, subset-level through a DestinationRule), HTTP, TLS and TCP routes; header and
// mirror routes for setHeaderRoute / setMirrorRoute steps.

import type { IstioTrafficRouting } from '../../api/types.js';
import type { DocumentRef, TrafficRouter } from '../router.js';
import { istioManagedRoutesTransform } from './managed-routes.js';
import { istioRead } from './read.js';
import { virtualServicesOf } from './routes.js';
import { istioTransform } from './transform.js';

export const istioRouter: TrafficRouter<IstioTrafficRouting> = {
  type: 'istio',
  documents(_rollout, config): DocumentRef[] {
    return [
      ...(config.destinationRule ? [{ kind: 'DestinationRule' as const, name: config.destinationRule.name }] : []),
      ...virtualServicesOf(config).map(({ vs }) => ({ kind: 'VirtualService' as const, name: vs.name })),
    ];
  },
  transform: istioTransform,
  read: istioRead,
  managedRoutes: { kinds: ['header', 'mirror'], transform: istioManagedRoutesTransform },
  routesAdditionalDestinations: true,
};
