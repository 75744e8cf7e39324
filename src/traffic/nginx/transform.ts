// NGINX, pure: creates or updates the canary Ingress of each stable Ingress so NGINX sends the
// canary's weight to the canary Service. The stable Ingress is only read, never written.

import type { NginxTrafficRouting } from '../../api/types.js';
import { documentKey, type DesiredTraffic, type DocumentWrite, type Documents, type RoutedRollout, type TransformResult } from '../router.js';
import { canaryAnnotations, canaryIngress, canaryIngressName, canaryIngressSpec, stableIngressesOf } from './canary-ingress.js';

function ownedBy(doc: { metadata?: { ownerReferences?: unknown[] } }, uid: string): boolean {
  return (doc.metadata?.ownerReferences ?? []).some((o) => (o as { uid?: string; controller?: boolean }).uid === uid && (o as { controller?: boolean }).controller === true);
}

/**
 * The canary Ingress writes for `desired`: a create when it is missing, a replace of its spec and
 * annotations when they differ from what the stable Ingress and the weight call for, nothing when
 * they match. NGINX routes one canary: additional destinations are not routed.
 */
export function nginxTransform(rollout: RoutedRollout, config: NginxTrafficRouting, docs: Documents, desired: DesiredTraffic): TransformResult {
  const problems: string[] = [];
  const writes: DocumentWrite[] = [];
  const stableService = rollout.stableService ?? '';
  const canaryService = rollout.canaryService ?? '';
  const ingresses = stableIngressesOf(config);
  if (ingresses.length === 0) problems.push('spec.strategy.canary.trafficRouting.nginx: names no stableIngress or stableIngresses');
  for (const { name, path } of ingresses) {
    const stable = docs.get(documentKey({ kind: 'Ingress', name }));
    if (!stable) {
      problems.push(`${path}: Ingress "${name}" not found in namespace "${rollout.namespace}"`);
      continue;
    }
    const spec = canaryIngressSpec(stable, stableService, canaryService);
    if (!spec) {
      problems.push(`${path}: Ingress "${name}" has no rule sending traffic to the stable Service "${stableService}"`);
      continue;
    }
    const annotations = canaryAnnotations(config, stable, desired.canary.weight, desired.maxWeight);
    const canaryName = canaryIngressName(rollout.name, name);
    const current = docs.get(documentKey({ kind: 'Ingress', name: canaryName }));
    if (!current) {
      writes.push({ op: 'create', kind: 'Ingress', document: canaryIngress(rollout, canaryName, spec, annotations) });
      continue;
    }
    if (!ownedBy(current, rollout.uid)) {
      problems.push(`${path}: Ingress "${canaryName}" exists and is not owned by Rollout "${rollout.name}"`);
      continue;
    }
    if (JSON.stringify(current.spec) === JSON.stringify(spec) && JSON.stringify(current.metadata?.annotations ?? {}) === JSON.stringify(annotations)) continue;
    writes.push({ op: 'replace', kind: 'Ingress', document: { ...current, metadata: { ...current.metadata, annotations }, spec } });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, writes };
}
