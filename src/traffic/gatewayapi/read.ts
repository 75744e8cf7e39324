// Gateway API, pure: the weights the first named route carries, read from its first rule with
// backendRefs to both the canary and the stable Service, else to either (an unset weight is 1, as
// the Gateway API says).

import type { GatewayApiTrafficRouting } from '../../api/types.js';
import { documentKey, type Documents, type RoutedRollout, type RoutedWeights } from '../router.js';
import { isWeightedRule, routesOf, rulesOf, weightOf } from './routes.js';

export function gatewayApiRead(rollout: RoutedRollout, config: GatewayApiTrafficRouting, docs: Documents): RoutedWeights | undefined {
  const first = routesOf(config)[0];
  const doc = first ? docs.get(documentKey(first)) : undefined;
  if (!doc) return undefined;
  const isCanary = (name: unknown) => name === rollout.canaryService;
  const isStable = (name: unknown) => name === rollout.stableService;
  const rules = rulesOf(doc);
  const rule = rules.find((r) => isWeightedRule(r, rollout)) ?? rules.find((r) => (r?.backendRefs ?? []).some((b) => isCanary(b.name) || isStable(b.name)));
  if (!rule) return undefined;
  const refs = rule.backendRefs ?? [];
  const canary = refs.find((b) => isCanary(b.name));
  const stable = refs.find((b) => isStable(b.name));
  return {
    canary: canary ? weightOf(canary) : 0,
    stable: stable ? weightOf(stable) : 0,
    additional: refs.filter((b) => !isCanary(b.name) && !isStable(b.name)).map((b) => ({ weight: weightOf(b), ...(b.name ? { serviceName: b.name } : {}) })),
  };
}
