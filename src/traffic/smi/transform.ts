// SMI, pure: creates the Rollout's TrafficSplit, or replaces its spec when the weights or the
// services differ (the split is Kanary's: like Argo, its whole spec is rewritten). A split of
// that name the Rollout does not own is left alone and reported.

import type { SmiTrafficRouting } from '../../api/types.js';
import { documentKey, type DesiredTraffic, type Documents, type RoutedRollout, type TransformResult } from '../router.js';
import { backendsOf, newTrafficSplit, rootServiceOf, SMI_PATH, splitSpec, trafficSplitName, weightOf } from './split.js';

function ownedBy(doc: { metadata?: { ownerReferences?: unknown[] } }, uid: string): boolean {
  return (doc.metadata?.ownerReferences ?? []).some((o) => (o as { uid?: string }).uid === uid && (o as { controller?: boolean }).controller === true);
}

/** Whether the split already routes `spec` (a v1alpha1 weight read back as "25" equals 25). */
function sameSpec(current: Record<string, unknown> | undefined, spec: ReturnType<typeof splitSpec>): boolean {
  const now = backendsOf({ spec: current ?? {} });
  return current?.['service'] === spec.service && Object.keys(current).every((k) => k === 'service' || k === 'backends')
    && now.length === spec.backends.length
    && now.every((b, i) => b.service === spec.backends[i]?.service && weightOf(b) === spec.backends[i]?.weight && Object.keys(b).every((k) => k === 'service' || k === 'weight'));
}

export function smiTransform(rollout: RoutedRollout, config: SmiTrafficRouting, docs: Documents, desired: DesiredTraffic): TransformResult {
  const root = rootServiceOf(rollout, config);
  if (!docs.get(documentKey({ kind: 'Service', name: root.name }))) {
    return { ok: false, problems: [`${root.path}: the root Service "${root.name}" of the TrafficSplit was not found in namespace "${rollout.namespace}"`] };
  }
  const name = trafficSplitName(rollout, config);
  const spec = splitSpec(rollout, config, desired);
  const current = docs.get(documentKey({ kind: 'TrafficSplit', name }));
  if (!current) return { ok: true, writes: [{ op: 'create', kind: 'TrafficSplit', document: newTrafficSplit(rollout, name, spec) }] };
  if (!ownedBy(current, rollout.uid)) {
    return { ok: false, problems: [`${SMI_PATH}.trafficSplitName: TrafficSplit "${name}" exists and is not owned by Rollout "${rollout.name}"`] };
  }
  if (sameSpec(current.spec, spec)) return { ok: true, writes: [] };
  return { ok: true, writes: [{ op: 'replace', kind: 'TrafficSplit', document: { ...structuredClone(current), spec } }] };
}
