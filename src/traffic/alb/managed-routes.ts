// ALB, pure: the header routes of `setHeaderRoute` steps, as Argo Rollouts makes them for the AWS
// Load Balancer Controller. Each route is an action annotation (forward to the canary), a conditions
// annotation (the headers) and, first in every rule of the Ingress, a path `/*` to a backend named
// after the route on port `use-annotation`, in `managedRoutes` order. A route no longer wanted loses
// all three; the user's paths and annotations stay as they are.

import type { AlbTrafficRouting } from '../../api/types.js';
import { documentKey, type DesiredRoutes, type DocumentWrite, type Documents, type RoutedRollout, type TransformResult } from '../router.js';
import { albIngressesOf, headerRouteAction, headerRouteConditions, headerRouteKeys } from './action.js';
import { MANAGED_ALB_ANNOTATIONS, malformedRecordProblem, managedAnnotations } from './managed-annotations.js';

interface IngressPath { backend?: { service?: { name?: string; [field: string]: unknown } }; [field: string]: unknown }
interface IngressRule { http?: { paths?: IngressPath[]; [field: string]: unknown }; [field: string]: unknown }

/** The path Argo puts in each rule for a header route, as the API server returns it. */
function routePath(route: string): IngressPath {
  return { path: '/*', pathType: 'ImplementationSpecific', backend: { service: { name: route, port: { name: 'use-annotation' } } } };
}

/** Each rule's paths with the wanted routes' paths first, in `managed` order, and no other managed route's path. */
function rulesWithRoutes(rules: IngressRule[], managed: readonly string[], wanted: readonly string[]): IngressRule[] {
  return rules.map((rule) => {
    const paths = rule?.http?.paths;
    if (!Array.isArray(paths)) return rule;
    const serviceOf = (p: IngressPath) => p?.backend?.service?.name ?? '';
    const routes = managed.filter((m) => wanted.includes(m)).map((m) => paths.find((p) => serviceOf(p) === m) ?? routePath(m));
    return { ...rule, http: { ...rule.http, paths: [...routes, ...paths.filter((p) => !managed.includes(serviceOf(p)))] } };
  });
}

export function albManagedRoutesTransform(rollout: RoutedRollout, config: AlbTrafficRouting, docs: Documents, desired: DesiredRoutes): TransformResult {
  const problems: string[] = [];
  const writes: DocumentWrite[] = [];
  if (desired.managed.length === 0) return { ok: true, writes };
  const headers = desired.routes.flatMap((r) => (r.kind === 'header' ? [r.route] : []));
  const managed = [...desired.managed];
  const wanted = headers.map((r) => r.name);
  for (const { name, path } of albIngressesOf(config)) {
    const ingress = docs.get(documentKey({ kind: 'Ingress', name }));
    if (!ingress) {
      problems.push(`${path}: Ingress "${name}" not found in namespace "${rollout.namespace}"`);
      continue;
    }
    const current = ingress.metadata?.annotations ?? {};
    const annotations: Record<string, string> = { ...current };
    const add: string[] = [];
    const remove: string[] = [];
    for (const route of managed) {
      const keys = headerRouteKeys(config, route);
      const header = headers.find((h) => h.name === route);
      if (header) {
        annotations[keys.action] = headerRouteAction(rollout, config);
        annotations[keys.conditions] = headerRouteConditions(header);
        add.push(keys.action, keys.conditions);
      } else {
        delete annotations[keys.action];
        delete annotations[keys.conditions];
        remove.push(keys.action, keys.conditions);
      }
    }
    const record = managedAnnotations(current[MANAGED_ALB_ANNOTATIONS], rollout.name, add, remove);
    if (record === undefined) {
      problems.push(malformedRecordProblem(path, name));
      continue;
    }
    annotations[MANAGED_ALB_ANNOTATIONS] = record;
    const rules = ingress.spec?.['rules'];
    const nextRules = Array.isArray(rules) ? rulesWithRoutes(rules as IngressRule[], managed, wanted) : rules;
    const sameAnnotations = Object.keys(annotations).length === Object.keys(current).length && Object.entries(annotations).every(([k, v]) => current[k] === v);
    if (sameAnnotations && JSON.stringify(nextRules) === JSON.stringify(rules)) continue;
    const copy = structuredClone(ingress);
    writes.push({
      op: 'replace', kind: 'Ingress',
      document: { ...copy, metadata: { ...copy.metadata, annotations }, spec: { ...copy.spec, ...(Array.isArray(rules) ? { rules: nextRules } : {}) } },
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, writes };
}
