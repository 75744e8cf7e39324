// Rules for `spec.strategy.canary` as a whole: surge arithmetic, the services a router needs,
// options that only make sense with traffic routing, and each router's one-of fields.

import { childPath, type Problem } from '../problem.js';
import { asArr, asNum, asObj, asStr, intOrPercent, isSet, show, type Obj } from './access.js';
import { rolloutAnalysisProblems } from './analysis-refs.js';
import { stepsProblems } from './canary-steps.js';
import { antiAffinityProblems } from './anti-affinity.js';

/** Routers that send traffic by Service, so both canaryService and stableService must be named. */
function needsServices(tr: Obj, pingPong: boolean): boolean {
  if (isSet(tr['alb'])) return !pingPong;
  if (isSet(tr['istio'])) return !isSet(at2(tr, 'istio', 'destinationRule'));
  return ['smi', 'apisix', 'ambassador', 'nginx', 'appMesh', 'traefik'].some((k) => isSet(tr[k]));
}

function at2(o: Obj, a: string, b: string): unknown {
  return asObj(o[a])?.[b];
}

function surgeProblems(c: Obj, path: string): Problem[] {
  const out: Problem[] = [];
  const values: Partial<Record<'maxSurge' | 'maxUnavailable', number>> = {};
  for (const key of ['maxSurge', 'maxUnavailable'] as const) {
    const v = c[key];
    if (!isSet(v)) continue;
    const n = intOrPercent(v, true);
    if (n === undefined) out.push({ path: childPath(path, key), message: `must be an integer or a percentage like 25%, got ${show(v)}` });
    else if (n < 0) out.push({ path: childPath(path, key), message: `must not be negative, got ${show(v)}` });
    else values[key] = n;
  }
  if (values.maxSurge === 0 && values.maxUnavailable === 0) {
    out.push({ path: childPath(path, 'maxSurge'), message: 'maxSurge and maxUnavailable must not both be 0: the rollout could never make progress' });
  }
  return out;
}

function oneOf(o: unknown, keys: readonly [string, string], path: string, what: string): Problem[] {
  const obj = asObj(o);
  if (obj === undefined) return [];
  const set = keys.filter((k) => isSet(obj[k]));
  if (set.length === 1) return [];
  return [{ path, message: `must set exactly one of ${keys.join(' or ')} (${what}), found ${set.length === 0 ? 'none' : 'both'}` }];
}

function routerProblems(tr: Obj, path: string): Problem[] {
  const out: Problem[] = [];
  out.push(...oneOf(tr['istio'], ['virtualService', 'virtualServices'], childPath(path, 'istio'), 'the VirtualServices to route'));
  out.push(...oneOf(tr['nginx'], ['stableIngress', 'stableIngresses'], childPath(path, 'nginx'), 'the Ingresses of the stable version'));
  out.push(...oneOf(tr['alb'], ['ingress', 'ingresses'], childPath(path, 'alb'), 'the Ingresses to route'));
  if (isSet(tr['maxTrafficWeight']) && !isSet(tr['nginx']) && !isSet(tr['plugins'])) {
    out.push({ path: childPath(path, 'maxTrafficWeight'), message: 'is supported only with nginx or a traffic router plugin' });
  }
  const mtw = asNum(tr['maxTrafficWeight']);
  if (mtw !== undefined && mtw < 1) out.push({ path: childPath(path, 'maxTrafficWeight'), message: `must be >= 1, got ${mtw}` });
  return out;
}

function pingPongProblems(c: Obj, path: string): Problem[] {
  const pp = asObj(c['pingPong']);
  if (pp === undefined) return [];
  const p = childPath(path, 'pingPong');
  const tr = asObj(c['trafficRouting']);
  const out: Problem[] = [];
  if (tr !== undefined && !isSet(tr['alb'])) out.push({ path: p, message: 'works with trafficRouting.alb only' });
  for (const key of ['pingService', 'pongService']) {
    if (asStr(pp[key]) === undefined) out.push({ path: childPath(p, key), message: 'is required: ping-pong needs both pingService and pongService' });
  }
  if (asStr(pp['pingService']) !== undefined && pp['pingService'] === pp['pongService']) {
    out.push({ path: childPath(p, 'pongService'), message: `must differ from pingService, both are ${show(pp['pingService'])}` });
  }
  if (tr !== undefined && isSet(tr['alb']) && asStr(at2(tr, 'alb', 'rootService')) === undefined) {
    out.push({ path: childPath(childPath(childPath(path, 'trafficRouting'), 'alb'), 'rootService'), message: 'is required with ALB and pingPong' });
  }
  return out;
}

/** Problems with a canary strategy at `path` (normally `spec.strategy.canary`). */
export function canaryProblems(canary: unknown, path: string): Problem[] {
  const c = asObj(canary);
  if (c === undefined) return [];
  const tr = asObj(c['trafficRouting']);
  const out = surgeProblems(c, path);
  const canarySvc = asStr(c['canaryService']);
  const stableSvc = asStr(c['stableService']);
  if (canarySvc !== undefined && canarySvc === stableSvc) {
    out.push({ path: childPath(path, 'stableService'), message: `must differ from canaryService, both are "${canarySvc}"` });
  }
  out.push(...pingPongProblems(c, path));
  if (tr !== undefined && needsServices(tr, isSet(c['pingPong']))) {
    for (const [key, v] of [['canaryService', canarySvc], ['stableService', stableSvc]] as const) {
      if (v === undefined) out.push({ path: childPath(path, key), message: 'is required with trafficRouting: the router sends traffic to the canary and stable Services' });
    }
  }
  if (tr === undefined) {
    if (isSet(c['scaleDownDelaySeconds'])) {
      out.push({ path: childPath(path, 'scaleDownDelaySeconds'), message: 'needs trafficRouting: without a router the old version is scaled down as traffic moves' });
    }
    if (c['dynamicStableScale'] === true) {
      out.push({ path: childPath(path, 'dynamicStableScale'), message: 'needs trafficRouting: stable pods can only shrink when a router moves their traffic' });
    }
  } else {
    if (c['dynamicStableScale'] === true && isSet(c['scaleDownDelaySeconds'])) {
      out.push({ path: childPath(path, 'dynamicStableScale'), message: 'cannot be used with scaleDownDelaySeconds: the stable version is scaled as traffic leaves it' });
    }
    out.push(...routerProblems(tr, childPath(path, 'trafficRouting')));
  }
  const sdd = asNum(c['scaleDownDelaySeconds']);
  if (sdd !== undefined && sdd < 0) out.push({ path: childPath(path, 'scaleDownDelaySeconds'), message: `must be >= 0, got ${sdd}` });
  out.push(...duplicateRoutes(tr, path));
  const maxTrafficWeight = asNum(tr?.['maxTrafficWeight']) ?? 100;
  out.push(...stepsProblems(c['steps'], childPath(path, 'steps'), { trafficRouting: tr, maxTrafficWeight }));
  if (isSet(c['analysis'])) out.push(...rolloutAnalysisProblems(c['analysis'], childPath(path, 'analysis')));
  out.push(...antiAffinityProblems(c['antiAffinity'], childPath(path, 'antiAffinity')));
  return out;
}

function duplicateRoutes(tr: Obj | undefined, path: string): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  asArr(tr?.['managedRoutes']).forEach((r, i) => {
    const name = asStr(asObj(r)?.['name']);
    if (name === undefined) return;
    if (seen.has(name)) out.push({ path: childPath(childPath(childPath(childPath(path, 'trafficRouting'), 'managedRoutes'), i), 'name'), message: `duplicate managed route "${name}"` });
    seen.add(name);
  });
  return out;
}
