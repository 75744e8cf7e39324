// NGINX, pure: the weights the first canary Ingress routes now (no canary Ingress: all to stable).

import type { NginxTrafficRouting } from '../../api/types.js';
import { documentKey, type Documents, type RoutedRollout, type RoutedWeights } from '../router.js';
import { canaryIngressName, DEFAULT_ANNOTATION_PREFIX, stableIngressesOf } from './canary-ingress.js';

export function nginxRead(rollout: RoutedRollout, config: NginxTrafficRouting, docs: Documents): RoutedWeights | undefined {
  const first = stableIngressesOf(config)[0];
  if (!first || !docs.get(documentKey({ kind: 'Ingress', name: first.name }))) return undefined;
  const canary = docs.get(documentKey({ kind: 'Ingress', name: canaryIngressName(rollout.name, first.name) }));
  const prefix = config.annotationPrefix ?? DEFAULT_ANNOTATION_PREFIX;
  const annotations = canary?.metadata?.annotations ?? {};
  const total = Number.parseInt(annotations[`${prefix}/canary-weight-total`] ?? '100', 10) || 100;
  const weight = annotations[`${prefix}/canary`] === 'true' ? Number.parseInt(annotations[`${prefix}/canary-weight`] ?? '0', 10) || 0 : 0;
  return { canary: weight, stable: total - weight, additional: [] };
}
