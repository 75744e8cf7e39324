// NGINX, pure: the canary Ingress Kanary owns beside each stable Ingress. It copies the stable
// Ingress's rules that send traffic to the stable Service, points them at the canary Service,
// and carries NGINX's canary annotations (the weight, the total, the user's extra ones).

import type { NginxTrafficRouting } from '../../api/types.js';
import type { RoutedRollout, RoutingDocument } from '../router.js';

export const DEFAULT_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io';
const CANARY_SUFFIX = '-canary';
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The stable Ingresses the config names, with their field paths. */
export function stableIngressesOf(config: NginxTrafficRouting): { name: string; path: string }[] {
  const base = 'spec.strategy.canary.trafficRouting.nginx';
  return [
    ...(config.stableIngress ? [{ name: config.stableIngress, path: `${base}.stableIngress` }] : []),
    ...(config.stableIngresses ?? []).map((name, i) => ({ name, path: `${base}.stableIngresses[${i}]` })),
  ];
}

/** `<rollout>-<stable ingress>-canary`, cut to the 253 characters a name may have (Argo's name). */
export function canaryIngressName(rolloutName: string, stableIngress: string): string {
  return `${`${rolloutName}-${stableIngress}`.slice(0, 253 - CANARY_SUFFIX.length)}${CANARY_SUFFIX}`;
}

/** The annotations of the canary Ingress for a canary weight out of `maxWeight`. */
export function canaryAnnotations(config: NginxTrafficRouting, stable: RoutingDocument, weight: number, maxWeight: number): Record<string, string> {
  const prefix = config.annotationPrefix ?? DEFAULT_ANNOTATION_PREFIX;
  const out: Record<string, string> = {};
  const ingressClass = stable.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION];
  if (ingressClass !== undefined) out[INGRESS_CLASS_ANNOTATION] = ingressClass;
  for (const [key, value] of Object.entries(config.additionalIngressAnnotations ?? {})) out[`${prefix}/${key}`] = value;
  out[`${prefix}/canary`] = 'true';
  out[`${prefix}/canary-weight`] = String(weight);
  if (maxWeight !== 100) out[`${prefix}/canary-weight-total`] = String(maxWeight);
  return { ...out, ...(config.canaryIngressAnnotations ?? {}) };
}

interface Backend { service?: { name?: string; [field: string]: unknown }; [field: string]: unknown }
interface IngressPath { backend?: Backend; [field: string]: unknown }
interface IngressRule { http?: { paths?: IngressPath[] }; [field: string]: unknown }

/**
 * The canary Ingress's spec: the stable one's, keeping only the paths whose backend is the stable
 * Service, now sent to the canary Service; a rule left without paths goes. Undefined when no
 * path uses the stable Service.
 */
export function canaryIngressSpec(stable: RoutingDocument, stableService: string, canaryService: string): Record<string, unknown> | undefined {
  const spec = structuredClone(stable.spec ?? {});
  const rules = (Array.isArray(spec['rules']) ? spec['rules'] : []) as IngressRule[];
  const kept = rules.flatMap((rule): IngressRule[] => {
    const paths = (rule.http?.paths ?? []).filter((p) => p.backend?.service?.name === stableService)
      .map((p) => ({ ...p, backend: { ...p.backend, service: { ...p.backend?.service, name: canaryService } } }));
    return paths.length > 0 ? [{ ...rule, http: { ...rule.http, paths } }] : [];
  });
  if (kept.length === 0) return undefined;
  delete spec['defaultBackend'];
  return { ...spec, rules: kept };
}

/** The full canary Ingress to create for one stable Ingress. */
export function canaryIngress(rollout: RoutedRollout, name: string, spec: Record<string, unknown>, annotations: Record<string, string>): RoutingDocument {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
    metadata: {
      name, namespace: rollout.namespace, annotations,
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: rollout.name, uid: rollout.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec,
  };
}
