// Ambassador (Emissary-ingress), pure: the canary Mapping Kanary creates beside each Mapping the
// Rollout names, as Argo Rollouts builds it: `<mapping>-canary`, a copy of the Mapping's spec
// whose `service` names the canary Service instead of the stable one, with the canary's weight.

import type { AmbassadorTrafficRouting } from '../../api/types.js';
import type { RoutedRollout, RoutingDocument } from '../router.js';

export const AMBASSADOR_PATH = 'spec.strategy.canary.trafficRouting.ambassador';

/**
 * The versions of getambassador.io Kanary reads and writes Mappings at, in order: Argo's default
 * (`--ambassador-api-version getambassador.io/v2`), then Emissary 3's v3alpha1 for a cluster
 * that no longer serves v2. The base Mapping and its canary are read and written at the same one.
 */
export const MAPPING_VERSIONS = ['v2', 'v3alpha1'] as const;

const CANARY_SUFFIX = '-canary';
/** Argo keeps the first 246 characters of the Mapping's name, so the canary's fits in 253. */
const NAME_PREFIX_LENGTH = 246;

/** The Mappings the config names, with their field paths. */
export function mappingsOf(config: AmbassadorTrafficRouting): { name: string; path: string }[] {
  return (config.mappings ?? []).map((name, i) => ({ name, path: `${AMBASSADOR_PATH}.mappings[${i}]` }));
}

/** `<mapping>-canary`, the Mapping's name cut to 246 characters first (Argo's name). */
export function canaryMappingName(mapping: string): string {
  return `${mapping.slice(0, NAME_PREFIX_LENGTH)}${CANARY_SUFFIX}`;
}

/** `[scheme://]service[.namespace...][:port][/...]`: the Service name is the host's first label. */
const SERVICE_FIELD = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?([^.:/]+)(.*)$/;

/**
 * The canary's `service`: the Mapping's, with the stable Service's name replaced by the canary's
 * (`web-stable.shop:8080` -> `web-canary.shop:8080`). Undefined when the Mapping does not send
 * to the stable Service.
 */
export function canaryServiceField(service: string, stableService: string, canaryService: string): string | undefined {
  const m = SERVICE_FIELD.exec(service);
  if (!m || m[2] !== stableService) return undefined;
  return `${m[1] ?? ''}${canaryService}${m[3] ?? ''}`;
}

/** A Mapping's `spec.weight` as a number; 0 when it has none (Argo's reading). */
export function mappingWeight(doc: RoutingDocument | null | undefined): number {
  const weight = doc?.spec?.['weight'];
  return typeof weight === 'number' && Number.isFinite(weight) ? weight : 0;
}

export function ownerReference(rollout: RoutedRollout) {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: rollout.name, uid: rollout.uid, controller: true, blockOwnerDeletion: true };
}

/** Who controls a document: `ours`, `none` (a canary Mapping Argo Rollouts created has no owner), or `other`. */
export function controllerOf(doc: RoutingDocument, uid: string): 'ours' | 'none' | 'other' {
  const controller = (doc.metadata?.ownerReferences ?? []).find((o) => (o as { controller?: boolean }).controller === true) as { uid?: string } | undefined;
  if (!controller) return 'none';
  return controller.uid === uid ? 'ours' : 'other';
}

/** The canary Mapping to create: the base's spec with `spec`'s service and weight, owned by the Rollout. */
export function newCanaryMapping(rollout: RoutedRollout, base: RoutingDocument, name: string, spec: Record<string, unknown>): RoutingDocument {
  return {
    apiVersion: base.apiVersion ?? `getambassador.io/${MAPPING_VERSIONS[0]}`, kind: 'Mapping',
    metadata: { name, namespace: rollout.namespace, ownerReferences: [ownerReference(rollout)] },
    spec,
  };
}

/** Whether two JSON values are equal, whatever the order of their keys (the API server's may differ from ours). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
