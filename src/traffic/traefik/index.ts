// The Traefik router: the weights of a weighted TraefikService the user wrote, at traefik.io or
// traefik.containo.us, whichever the API server serves. No header or mirror routes, no
// additional destinations: Argo Rollouts' Traefik router has none either.

import type { TraefikTrafficRouting } from '../../api/types.js';
import type { DocumentRef, TrafficRouter } from '../router.js';
import { traefikRead, traefikTransform } from './transform.js';
import { TRAEFIK_API_VERSIONS, traefikServiceName } from './weighted.js';

export const traefikRouter: TrafficRouter<TraefikTrafficRouting> = {
  type: 'traefik',
  documents(_rollout, config): DocumentRef[] {
    return [{ kind: 'TraefikService', name: traefikServiceName(config), apiVersions: TRAEFIK_API_VERSIONS }];
  },
  transform: traefikTransform,
  read: traefikRead,
};
