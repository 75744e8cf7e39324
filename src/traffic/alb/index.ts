// The ALB router: Argo Rollouts' AWS Load Balancer Controller integration, as annotations on the
// user's Ingress: a weighted forward action, and an action, conditions and path per header route.
// Kanary does not verify the weights against AWS target groups (no AWS calls).

import type { AlbTrafficRouting } from '../../api/types.js';
import type { DocumentRef, TrafficRouter } from '../router.js';
import { albIngressesOf } from './action.js';
import { albManagedRoutesTransform } from './managed-routes.js';
import { albRead } from './read.js';
import { albTransform } from './transform.js';

export const albRouter: TrafficRouter<AlbTrafficRouting> = {
  type: 'alb',
  documents(_rollout, config): DocumentRef[] {
    return albIngressesOf(config).map(({ name }) => ({ kind: 'Ingress', name }));
  },
  transform: albTransform,
  read: albRead,
  managedRoutes: { kinds: ['header'], transform: albManagedRoutesTransform },
  routesAdditionalDestinations: true,
};
