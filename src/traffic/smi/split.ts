// SMI, pure: the TrafficSplit Kanary creates and owns for a Rollout, as Argo Rollouts writes it:
// named `trafficSplitName` (default the Rollout's name), splitting `rootService` (default the
// stable Service) between the canary, any additional destinations and the stable, in that order.

import type { SmiTrafficRouting } from '../../api/types.js';
import type { DesiredTraffic, RoutedRollout, RoutingDocument } from '../router.js';

export const SMI_PATH = 'spec.strategy.canary.trafficRouting.smi';

/** The versions of split.smi-spec.io Kanary writes, Argo's default (v1alpha1) first; their spec is the same. */
export const TRAFFIC_SPLIT_VERSIONS = ['v1alpha1', 'v1alpha2', 'v1alpha3'] as const;

export interface Backend { service?: string; weight?: number | string; [field: string]: unknown }

export function trafficSplitName(rollout: RoutedRollout, config: SmiTrafficRouting): string {
  return config.trafficSplitName || rollout.name;
}

export function rootServiceOf(rollout: RoutedRollout, config: SmiTrafficRouting): { name: string; path: string } {
  return config.rootService
    ? { name: config.rootService, path: `${SMI_PATH}.rootService` }
    : { name: rollout.stableService ?? '', path: SMI_PATH };
}

/** The split's spec for `desired`: the canary, the additional destinations, then the stable. */
export function splitSpec(rollout: RoutedRollout, config: SmiTrafficRouting, desired: DesiredTraffic): { service: string; backends: Backend[] } {
  return {
    service: rootServiceOf(rollout, config).name,
    backends: [
      { service: rollout.canaryService ?? '', weight: desired.canary.weight },
      ...desired.additional.map((a) => ({ service: a.serviceName ?? '', weight: a.weight })),
      { service: rollout.stableService ?? '', weight: desired.stable.weight },
    ],
  };
}

/** A backend's weight as a number: v1alpha1 keeps it as a quantity, which may read back as the string "25". */
export function weightOf(backend: Backend | undefined): number {
  if (backend === undefined) return 0;
  const n = typeof backend.weight === 'number' ? backend.weight : Number.parseFloat(backend.weight ?? '0');
  return Number.isFinite(n) ? n : 0;
}

export function backendsOf(doc: RoutingDocument): Backend[] {
  const backends = doc.spec?.['backends'];
  return Array.isArray(backends) ? (backends as Backend[]) : [];
}

export function newTrafficSplit(rollout: RoutedRollout, name: string, spec: Record<string, unknown>): RoutingDocument {
  return {
    apiVersion: `split.smi-spec.io/${TRAFFIC_SPLIT_VERSIONS[0]}`, kind: 'TrafficSplit',
    metadata: {
      name, namespace: rollout.namespace,
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: rollout.name, uid: rollout.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}
