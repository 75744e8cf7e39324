// Ambassador, pure: the weights the first Mapping's canary routes now (no canary Mapping: all
// to the stable, which the Mapping the Rollout names sends to).

import type { AmbassadorTrafficRouting } from '../../api/types.js';
import { documentKey, type Documents, type RoutedRollout, type RoutedWeights } from '../router.js';
import { canaryMappingName, mappingsOf, mappingWeight } from './mapping.js';

export function ambassadorRead(_rollout: RoutedRollout, config: AmbassadorTrafficRouting, docs: Documents): RoutedWeights | undefined {
  const first = mappingsOf(config)[0];
  if (!first || !docs.get(documentKey({ kind: 'Mapping', name: first.name }))) return undefined;
  const canary = mappingWeight(docs.get(documentKey({ kind: 'Mapping', name: canaryMappingName(first.name) })));
  return { canary, stable: 100 - canary, additional: [] };
}
