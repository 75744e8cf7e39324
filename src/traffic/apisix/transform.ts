// APISIX, pure: the weights of the canary and stable backends of each HTTP rule Kanary weighs in
// the user's ApisixRoute, as Argo Rollouts sets them. Other rules, backends and fields stay as they are.

import type { ApisixTrafficRouting } from '../../api/types.js';
import type { DesiredTraffic, Documents, RoutedRollout, TransformResult } from '../router.js';
import { httpRulesOf, weightedRules, type ApisixHttpRule } from './route.js';

export function apisixTransform(rollout: RoutedRollout, config: ApisixTrafficRouting, docs: Documents, desired: DesiredTraffic): TransformResult {
  const found = weightedRules(rollout, config, docs);
  if (!found.ok) return found;
  const { doc, rules } = found.value;
  const current = httpRulesOf(doc) ?? [];
  const settled = rules.every((r) => current[r.index]?.backends?.[r.canary]?.weight === desired.canary.weight
    && current[r.index]?.backends?.[r.stable]?.weight === desired.stable.weight);
  if (settled) return { ok: true, writes: [] };
  const next = structuredClone(doc);
  const http = httpRulesOf(next) as ApisixHttpRule[];
  for (const r of rules) {
    const backends = http[r.index]?.backends ?? [];
    backends[r.canary] = { ...backends[r.canary], weight: desired.canary.weight };
    backends[r.stable] = { ...backends[r.stable], weight: desired.stable.weight };
  }
  return { ok: true, writes: [{ op: 'replace', kind: 'ApisixRoute', document: next }] };
}
