// The routing objects a canary names: Istio VirtualServices and their http routes, and the
// NGINX or ALB Ingresses, which must send traffic to the stable (or root) Service.

import { childPath, missingReference, type Problem } from '../api/problem.js';
import { asArr, asObj, asStr, at, type Obj } from '../api/semantic/access.js';
import type { IndexedObject, ManifestIndex } from './manifest-index.js';

/** Istio allows `name.namespace` in a virtualService name. */
function findVirtualService(index: ManifestIndex, name: string, namespace: string | undefined): IndexedObject | undefined {
  const direct = index.find('VirtualService', name, namespace);
  if (direct !== undefined || !name.includes('.')) return direct;
  const [base = name, ns] = name.split('.', 2);
  return index.find('VirtualService', base, ns);
}

function istioProblems(istio: Obj, index: ManifestIndex, namespace: string | undefined, path: string): Problem[] {
  if (!index.has('VirtualService')) return [];
  const single = asObj(istio['virtualService']);
  const entries = single !== undefined
    ? [{ vs: single, path: childPath(path, 'virtualService') }]
    : asArr(istio['virtualServices']).map((vs, i) => ({ vs: asObj(vs) ?? {}, path: childPath(childPath(path, 'virtualServices'), i) }));
  const out: Problem[] = [];
  for (const { vs, path: p } of entries) {
    const name = asStr(vs['name']);
    if (name === undefined) continue;
    const found = findVirtualService(index, name, namespace);
    if (found === undefined) {
      out.push(missingReference(childPath(p, 'name'), `VirtualService "${name}" not found in the input`));
      continue;
    }
    const http = asArr(at(found.object, 'spec', 'http'));
    const declared = http.flatMap((r) => asStr(asObj(r)?.['name']) ?? []);
    asArr(vs['routes']).forEach((route, i) => {
      if (typeof route === 'string' && !declared.includes(route)) {
        out.push({
          path: childPath(childPath(p, 'routes'), i),
          message: `route "${route}" is not an http route of VirtualService "${name}" (its named http routes: ${declared.join(', ') || 'none'})`,
        });
      }
    });
    if (asArr(vs['routes']).length === 0 && http.length > 1) {
      out.push({ path: childPath(p, 'routes'), message: `must name the http routes to manage: VirtualService "${name}" has ${http.length}` });
    }
  }
  return out;
}

/** Whether an Ingress (networking.k8s.io/v1 or extensions/v1beta1) has a rule or default backend for `service`. */
function ingressUsesService(ingress: unknown, service: string): boolean {
  const backends: unknown[] = [at(ingress, 'spec', 'defaultBackend'), at(ingress, 'spec', 'backend')];
  for (const rule of asArr(at(ingress, 'spec', 'rules'))) {
    for (const p of asArr(at(rule, 'http', 'paths'))) backends.push(asObj(p)?.['backend']);
  }
  return backends.some((b) => at(b, 'service', 'name') === service || at(b, 'serviceName') === service);
}

function ingressProblems(names: { name: string; path: string }[], service: string | undefined, index: ManifestIndex, namespace: string | undefined): Problem[] {
  if (!index.has('Ingress')) return [];
  const out: Problem[] = [];
  for (const { name, path } of names) {
    const found = index.find('Ingress', name, namespace);
    if (found === undefined) out.push(missingReference(path, `Ingress "${name}" not found in the input`));
    else if (service !== undefined && !ingressUsesService(found.object, service)) {
      out.push({ path, message: `Ingress "${name}" has no rule sending traffic to Service "${service}"` });
    }
  }
  return out;
}

function ingressNames(o: Obj | undefined, single: string, multiple: string, path: string): { name: string; path: string }[] {
  const one = asStr(o?.[single]);
  if (one !== undefined) return [{ name: one, path: childPath(path, single) }];
  return asArr(o?.[multiple]).flatMap((n, i) => (typeof n === 'string' ? [{ name: n, path: childPath(childPath(path, multiple), i) }] : []));
}

export function routingReferenceProblems(spec: Obj, index: ManifestIndex, namespace: string | undefined): Problem[] {
  const canary = asObj(at(spec, 'strategy', 'canary'));
  const tr = asObj(canary?.['trafficRouting']);
  if (tr === undefined) return [];
  const base = 'spec.strategy.canary.trafficRouting';
  const stable = asStr(canary?.['stableService']);
  const out: Problem[] = [];
  const istio = asObj(tr['istio']);
  if (istio !== undefined) out.push(...istioProblems(istio, index, namespace, childPath(base, 'istio')));
  const nginx = asObj(tr['nginx']);
  if (nginx !== undefined) {
    out.push(...ingressProblems(ingressNames(nginx, 'stableIngress', 'stableIngresses', childPath(base, 'nginx')), stable, index, namespace));
  }
  const alb = asObj(tr['alb']);
  if (alb !== undefined) {
    const service = asStr(alb['rootService']) ?? stable;
    out.push(...ingressProblems(ingressNames(alb, 'ingress', 'ingresses', childPath(base, 'alb')), service, index, namespace));
  }
  return out;
}
