// SMI, pure: the weights the Rollout's TrafficSplit routes now. Before Kanary has created it, the
// root Service sends everything where its selector points: the stable.

import type { SmiTrafficRouting } from '../../api/types.js';
import { documentKey, type Documents, type RoutedRollout, type RoutedWeights } from '../router.js';
import { backendsOf, rootServiceOf, trafficSplitName, weightOf } from './split.js';

export function smiRead(rollout: RoutedRollout, config: SmiTrafficRouting, docs: Documents, maxWeight = 100): RoutedWeights | undefined {
  if (!docs.get(documentKey({ kind: 'Service', name: rootServiceOf(rollout, config).name }))) return undefined;
  const split = docs.get(documentKey({ kind: 'TrafficSplit', name: trafficSplitName(rollout, config) }));
  if (!split) return { canary: 0, stable: maxWeight, additional: [] };
  const backends = backendsOf(split);
  const isCanary = (s: unknown) => s === rollout.canaryService;
  const isStable = (s: unknown) => s === rollout.stableService;
  return {
    canary: weightOf(backends.find((b) => isCanary(b.service))),
    stable: weightOf(backends.find((b) => isStable(b.service))),
    additional: backends.filter((b) => !isCanary(b.service) && !isStable(b.service)).map((b) => ({ weight: weightOf(b), ...(b.service ? { serviceName: b.service } : {}) })),
  };
}
