// ALB, pure: sets the forward action annotation (and Argo's managed-annotations record) on each
// Ingress the config names. Nothing else of the user's Ingress changes.

import type { AlbTrafficRouting } from '../../api/types.js';
import { documentKey, type DesiredTraffic, type DocumentWrite, type Documents, type RoutedRollout, type TransformResult } from '../router.js';
import { actionAnnotationKey, actionProblems, actionServiceOf, albIngressesOf, ALB_PATH, forwardAction, hasRuleTo } from './action.js';
import { MANAGED_ALB_ANNOTATIONS, malformedRecordProblem, managedAnnotations } from './managed-annotations.js';

export function albTransform(rollout: RoutedRollout, config: AlbTrafficRouting, docs: Documents, desired: DesiredTraffic): TransformResult {
  const problems = actionProblems(config);
  const writes: DocumentWrite[] = [];
  const ingresses = albIngressesOf(config);
  if (ingresses.length === 0) problems.push(`${ALB_PATH}: names no ingress or ingresses`);
  const service = actionServiceOf(rollout, config);
  const key = actionAnnotationKey(rollout, config);
  const action = forwardAction(rollout, config, desired);
  for (const { name, path } of ingresses) {
    const ingress = docs.get(documentKey({ kind: 'Ingress', name }));
    if (!ingress) {
      problems.push(`${path}: Ingress "${name}" not found in namespace "${rollout.namespace}"`);
      continue;
    }
    if (!hasRuleTo(ingress, service)) {
      problems.push(`${path}: Ingress "${name}" has no rule sending traffic to the Service "${service}" (${config.rootService ? 'rootService' : 'stableService'})`);
      continue;
    }
    const current = ingress.metadata?.annotations ?? {};
    const record = managedAnnotations(current[MANAGED_ALB_ANNOTATIONS], rollout.name, [key]);
    if (record === undefined) {
      problems.push(malformedRecordProblem(path, name));
      continue;
    }
    if (current[key] === action && current[MANAGED_ALB_ANNOTATIONS] === record) continue;
    const copy = structuredClone(ingress);
    writes.push({ op: 'replace', kind: 'Ingress', document: { ...copy, metadata: { ...copy.metadata, annotations: { ...current, [key]: action, [MANAGED_ALB_ANNOTATIONS]: record } } } });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, writes };
}
