// APISIX, pure: the weights the user's ApisixRoute routes now, read from the first rule Kanary
// weighs (a backend without a weight has APISIX's default, 100).

import type { ApisixTrafficRouting } from '../../api/types.js';
import type { Documents, RoutedRollout, RoutedWeights } from '../router.js';
import { httpRulesOf, weightedRules, weightOf } from './route.js';

export function apisixRead(rollout: RoutedRollout, config: ApisixTrafficRouting, docs: Documents): RoutedWeights | undefined {
  const found = weightedRules(rollout, config, docs);
  if (!found.ok) return undefined;
  const first = found.value.rules[0];
  if (!first) return undefined;
  const backends = httpRulesOf(found.value.doc)?.[first.index]?.backends ?? [];
  return { canary: weightOf(backends[first.canary]), stable: weightOf(backends[first.stable]), additional: [] };
}
