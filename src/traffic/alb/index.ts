// The ALB router: Argo Rollouts' AWS Load Balancer Controller integration, as an annotation on
// the user's Ingress holding a weighted forward action. Kanary does not verify the weights
// against AWS target groups (no AWS calls).

import type { AlbTrafficRouting } from '../../api/types.js';
import type { DocumentRef, TrafficRouter } from '../router.js';
import { albIngressesOf } from './action.js';
import { albRead } from './read.js';
import { albTransform } from './transform.js';

export const albRouter: TrafficRouter<AlbTrafficRouting> = {
  type: 'alb',
  documents(_rollout, config): DocumentRef[] {
    return albIngressesOf(config).map(({ name }) => ({ kind: 'Ingress', name }));
  },
  transform: albTransform,
  read: albRead,
  routesAdditionalDestinations: true,
};
