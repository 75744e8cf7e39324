// Traefik, pure: the weighted TraefikService a Rollout names, as Argo Rollouts reads it: the
// entries of `spec.weighted.services` named after the canary and the stable Service.

import type { TraefikTrafficRouting } from '../../api/types.js';
import { documentKey, type Documents, type RoutedRollout, type RoutingDocument } from '../router.js';

export const TRAEFIK_PATH = 'spec.strategy.canary.trafficRouting.traefik';
const NAME_PATH = `${TRAEFIK_PATH}.weightedTraefikServiceName`;

/**
 * The API versions a TraefikService is read and written at, in order: `traefik.io` (Traefik v3,
 * and the default of Argo Rollouts' `--traefik-api-group` since v1.10), then `traefik.containo.us`
 * (Traefik v2's group, the flag's default up to Argo v1.9). The writer takes the one that holds
 * the named TraefikService.
 */
export const TRAEFIK_API_VERSIONS = ['traefik.io/v1alpha1', 'traefik.containo.us/v1alpha1'] as const;

/** One entry of `spec.weighted.services`: a Kubernetes Service (or a TraefikService) and its weight. */
export interface WeightedEntry { name?: unknown; weight?: unknown; [field: string]: unknown }

/** The weighted TraefikService's entries for the canary and the stable, or what is wrong with the document. */
export type WeightedServices =
  | { readonly ok: true; readonly doc: RoutingDocument; readonly entries: WeightedEntry[]; readonly canary: number; readonly stable: number }
  | { readonly ok: false; readonly problem: string };

export function traefikServiceName(config: TraefikTrafficRouting): string {
  return config.weightedTraefikServiceName;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Finds the canary's and the stable's entries (the first entry of each name, as Argo Rollouts
 * picks them). Every entry must be an object with a `name`, as Traefik's CRD requires.
 */
export function weightedServices(rollout: RoutedRollout, config: TraefikTrafficRouting, docs: Documents): WeightedServices {
  const name = traefikServiceName(config);
  const where = `${NAME_PATH}: TraefikService "${name}"`;
  if (!name) return { ok: false, problem: `${NAME_PATH}: must name the weighted TraefikService, got ""` };
  const doc = docs.get(documentKey({ kind: 'TraefikService', name }));
  if (!doc) return { ok: false, problem: `${where} not found in namespace "${rollout.namespace}"` };
  const weighted = doc.spec?.['weighted'];
  const entries = isObject(weighted) ? weighted['services'] : undefined;
  if (!Array.isArray(entries)) return { ok: false, problem: `${where} has no spec.weighted.services: it must be a weighted TraefikService listing the canary and stable Services` };
  const bad = entries.findIndex((e) => !isObject(e) || typeof e['name'] !== 'string');
  if (bad >= 0) return { ok: false, problem: `${where}: spec.weighted.services[${bad}] has no name` };
  const list = entries as WeightedEntry[];
  const indexOf = (service: string | undefined, role: string): number | string => {
    const i = list.findIndex((e) => e.name === service);
    return i >= 0 ? i : `${where}: spec.weighted.services has no entry named "${service ?? ''}" (the ${role})`;
  };
  const canary = indexOf(rollout.canaryService, 'canaryService');
  const stable = indexOf(rollout.stableService, 'stableService');
  if (typeof canary === 'string') return { ok: false, problem: canary };
  if (typeof stable === 'string') return { ok: false, problem: stable };
  return { ok: true, doc, entries: list, canary, stable };
}

/** An entry's weight as Traefik counts it: an entry without one weighs 1 (its round-robin default). */
export function entryWeight(entry: WeightedEntry | undefined): number {
  if (entry === undefined) return 0;
  if (entry.weight === undefined || entry.weight === null) return 1;
  return typeof entry.weight === 'number' && Number.isFinite(entry.weight) ? entry.weight : 0;
}
