// The Gateway API router: backendRef weights of HTTPRoutes, GRPCRoutes, TCPRoutes and TLSRoutes,
// and header routes as named rules of HTTPRoutes and GRPCRoutes, configured as Argo Rollouts users
// configure the `argoproj-labs/gatewayAPI` plugin (Kanary runs it in-tree: nothing to install).

import type { GatewayApiTrafficRouting } from '../../api/types.js';
import type { DocumentRef, TrafficRouter } from '../router.js';
import { gatewayApiManagedRoutesTransform } from './managed-routes.js';
import { gatewayApiRead } from './read.js';
import { GATEWAY_API_PATH, routesOf } from './routes.js';
import { gatewayApiTransform } from './transform.js';

export const gatewayApiRouter: TrafficRouter<GatewayApiTrafficRouting> = {
  type: 'gatewayAPI',
  configPath: GATEWAY_API_PATH,
  documents(_rollout, config): DocumentRef[] {
    return routesOf(config).map(({ kind, name }) => ({ kind, name }));
  },
  transform: gatewayApiTransform,
  read: gatewayApiRead,
  managedRoutes: { kinds: ['header'], transform: gatewayApiManagedRoutesTransform },
};
