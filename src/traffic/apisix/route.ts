// APISIX, pure: finding the HTTP rules of the user's ApisixRoute (apisix.apache.org/v2) that
// Kanary weighs, as Argo Rollouts finds them: the rules named in `route.rules`, or without it
// the one rule named after the route, each with a backend for the canary and for the stable Service.

import type { ApisixTrafficRouting } from '../../api/types.js';
import { documentKey, type Documents, type RoutedRollout, type RoutingDocument } from '../router.js';

export const APISIX_PATH = 'spec.strategy.canary.trafficRouting.apisix';

export interface ApisixBackend { serviceName?: string; weight?: number; [field: string]: unknown }
export interface ApisixHttpRule { name?: string; priority?: number; match?: Record<string, unknown>; backends?: ApisixBackend[]; [field: string]: unknown }

/** APISIX's weight for a backend that does not say (its documented default). */
export const DEFAULT_BACKEND_WEIGHT = 100;

/** A rule Kanary weighs: where it is in `spec.http`, and the field path that named it. */
export interface WeightedRule {
  readonly index: number;
  readonly name: string;
  readonly path: string;
  readonly canary: number;
  readonly stable: number;
}

export type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly string[] };

/** The user's route name, or a problem when `route.name` is not set (Argo Rollouts would crash on it). */
export function routeNameOf(config: ApisixTrafficRouting): Found<string> {
  const name = config.route?.name;
  return name ? { ok: true, value: name } : { ok: false, problems: [`${APISIX_PATH}.route.name: is required: the ApisixRoute whose backends' weights Kanary sets`] };
}

/** The rule names to weigh, each with the field path to name in a problem. */
export function ruleRefs(config: ApisixTrafficRouting, routeName: string): { name: string; path: string }[] {
  const rules = config.route?.rules;
  if (rules === undefined || rules === null) return [{ name: routeName, path: `${APISIX_PATH}.route.name` }];
  return rules.map((name, i) => ({ name, path: `${APISIX_PATH}.route.rules[${i}]` }));
}

export function httpRulesOf(doc: RoutingDocument): ApisixHttpRule[] | undefined {
  const http = doc.spec?.['http'];
  return Array.isArray(http) ? (http as ApisixHttpRule[]) : undefined;
}

/** The first backend for `service`, as Argo Rollouts takes it. */
export function backendIndex(rule: ApisixHttpRule, service: string | undefined): number {
  return Array.isArray(rule.backends) ? rule.backends.findIndex((b) => b?.serviceName === service) : -1;
}

export function weightOf(backend: ApisixBackend | undefined): number {
  return typeof backend?.weight === 'number' ? backend.weight : DEFAULT_BACKEND_WEIGHT;
}

/**
 * The user's ApisixRoute and the rules Kanary weighs in it, or every problem that keeps it from
 * routing: the route missing, a rule missing, a rule without a backend for the canary or stable Service.
 */
export function weightedRules(rollout: RoutedRollout, config: ApisixTrafficRouting, docs: Documents): Found<{ doc: RoutingDocument; rules: WeightedRule[] }> {
  const name = routeNameOf(config);
  if (!name.ok) return name;
  const doc = docs.get(documentKey({ kind: 'ApisixRoute', name: name.value }));
  if (!doc) return { ok: false, problems: [`${APISIX_PATH}.route.name: ApisixRoute "${name.value}" not found in namespace "${rollout.namespace}"`] };
  const http = httpRulesOf(doc);
  if (!http) return { ok: false, problems: [`${APISIX_PATH}.route.name: ApisixRoute "${name.value}" has no spec.http rules`] };
  const refs = ruleRefs(config, name.value);
  if (refs.length === 0) return { ok: false, problems: [`${APISIX_PATH}.route.rules: is empty: name the HTTP rules to weigh, or leave it out for the rule named "${name.value}"`] };
  const problems: string[] = [];
  const rules: WeightedRule[] = [];
  for (const ref of refs) {
    const index = http.findIndex((r) => r?.name === ref.name);
    const rule = http[index];
    if (!rule) {
      problems.push(`${ref.path}: ApisixRoute "${name.value}" has no HTTP rule named "${ref.name}"`);
      continue;
    }
    const canary = backendIndex(rule, rollout.canaryService);
    const stable = backendIndex(rule, rollout.stableService);
    for (const [found, role, service] of [[canary, 'canary', rollout.canaryService], [stable, 'stable', rollout.stableService]] as const) {
      if (found < 0) problems.push(`${ref.path}: HTTP rule "${ref.name}" of ApisixRoute "${name.value}" has no backend with serviceName "${service ?? ''}" (the ${role} Service)`);
    }
    if (canary >= 0 && stable >= 0) rules.push({ index, name: ref.name, path: ref.path, canary, stable });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { doc, rules } };
}
