// The NGINX router: a canary Ingress beside each stable Ingress, weighted by NGINX's canary
// annotations; Kanary creates and owns it (it goes with the Rollout).

import type { NginxTrafficRouting } from '../../api/types.js';
import type { DocumentRef, TrafficRouter } from '../router.js';
import { canaryIngressName, stableIngressesOf } from './canary-ingress.js';
import { nginxRead } from './read.js';
import { nginxTransform } from './transform.js';

export const nginxRouter: TrafficRouter<NginxTrafficRouting> = {
  type: 'nginx',
  documents(rollout, config): DocumentRef[] {
    return stableIngressesOf(config).flatMap(({ name }) => [
      { kind: 'Ingress' as const, name },
      { kind: 'Ingress' as const, name: canaryIngressName(rollout.name, name), owned: true },
    ]);
  },
  transform: nginxTransform,
  read: nginxRead,
};
