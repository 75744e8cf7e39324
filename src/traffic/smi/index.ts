// The SMI router: a TrafficSplit Kanary creates and owns (it goes with the Rollout), written at
// the first of split.smi-spec.io v1alpha1, v1alpha2 and v1alpha3 that the API server serves.

import type { SmiTrafficRouting } from '../../api/types.js';
import type { DocumentRef, TrafficRouter } from '../router.js';
import { smiRead } from './read.js';
import { rootServiceOf, TRAFFIC_SPLIT_VERSIONS, trafficSplitName } from './split.js';
import { smiTransform } from './transform.js';

export const smiRouter: TrafficRouter<SmiTrafficRouting> = {
  type: 'smi',
  documents(rollout, config): DocumentRef[] {
    return [
      { kind: 'Service', name: rootServiceOf(rollout, config).name },
      { kind: 'TrafficSplit', name: trafficSplitName(rollout, config), owned: true, apiVersions: TRAFFIC_SPLIT_VERSIONS },
    ];
  },
  transform: smiTransform,
  read: (rollout, config, docs) => smiRead(rollout, config, docs),
  routesAdditionalDestinations: true,
};
