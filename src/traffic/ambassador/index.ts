// The Ambassador (Emissary-ingress) router: a canary Mapping beside each Mapping the Rollout
// names, weighted for the canary; Kanary creates and owns it and deletes it when the canary's
// weight is back to 0. Mappings are read and written at the first of getambassador.io v2 and
// v3alpha1 the API server serves.

import type { AmbassadorTrafficRouting } from '../../api/types.js';
import type { DocumentRef, TrafficRouter } from '../router.js';
import { canaryMappingName, MAPPING_VERSIONS, mappingsOf } from './mapping.js';
import { ambassadorRead } from './read.js';
import { ambassadorTransform } from './transform.js';

export const ambassadorRouter: TrafficRouter<AmbassadorTrafficRouting> = {
  type: 'ambassador',
  documents(_rollout, config): DocumentRef[] {
    return mappingsOf(config).flatMap(({ name }) => [
      { kind: 'Mapping' as const, name, apiVersions: MAPPING_VERSIONS },
      { kind: 'Mapping' as const, name: canaryMappingName(name), owned: true, apiVersions: MAPPING_VERSIONS },
    ]);
  },
  transform: ambassadorTransform,
  read: ambassadorRead,
};
