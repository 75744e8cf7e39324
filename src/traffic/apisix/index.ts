// The APISIX router: the canary and stable backends' weights of the user's ApisixRoute
// (apisix.apache.org/v2) HTTP rules, and, for setHeaderRoute steps, header routes as ApisixRoutes
// Kanary creates and owns, as Argo Rollouts does.

import type { ApisixTrafficRouting } from '../../api/types.js';
import type { DocumentRef, TrafficRouter } from '../router.js';
import { apisixHeaderRoutesTransform } from './header-routes.js';
import { apisixRead } from './read.js';
import { apisixTransform } from './transform.js';

export const apisixRouter: TrafficRouter<ApisixTrafficRouting> = {
  type: 'apisix',
  documents(rollout, config): DocumentRef[] {
    const route = config.route?.name;
    const managed = (rollout.managedRoutes ?? []).filter((name) => name !== route);
    return [
      ...(route ? [{ kind: 'ApisixRoute' as const, name: route }] : []),
      ...managed.map((name) => ({ kind: 'ApisixRoute' as const, name, owned: true })),
    ];
  },
  transform: apisixTransform,
  read: apisixRead,
  managedRoutes: { kinds: ['header'], transform: apisixHeaderRoutesTransform },
};
