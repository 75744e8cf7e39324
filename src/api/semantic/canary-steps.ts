// Rules for `spec.strategy.canary.steps`: one action per step, weights within the router's
// range, valid pause durations, and steps that need traffic routing only with it.

import { childPath, type Problem } from '../problem.js';
import { asArr, asNum, asObj, asStr, isSet, show, type Obj } from './access.js';
import { rolloutAnalysisProblems } from './analysis-refs.js';
import { durationProblems, stepExperimentProblems } from './experiment.js';

export const STEP_ACTIONS = [
  'setWeight', 'pause', 'experiment', 'analysis', 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'plugin',
] as const;

/** What a canary step is checked against: the strategy's traffic routing. */
export interface StepContext {
  readonly trafficRouting: Obj | undefined;
  readonly maxTrafficWeight: number;
}

function stringMatchProblems(match: unknown, path: string, albExactOnly: boolean): Problem[] {
  const m = asObj(match);
  const kinds = ['exact', 'regex', 'prefix'].filter((k) => asStr(m?.[k]) !== undefined);
  if (albExactOnly && (kinds.length !== 1 || kinds[0] !== 'exact')) {
    return [{ path, message: `ALB matches headers by exact value only, found ${kinds.join(', ') || 'none'}` }];
  }
  if (kinds.length !== 1) return [{ path, message: `must set exactly one of exact, regex or prefix, found ${kinds.join(', ') || 'none'}` }];
  return [];
}

function managedRouteProblems(name: unknown, path: string, tr: Obj): Problem[] {
  const routes = asArr(tr['managedRoutes']);
  const declared = routes.flatMap((r) => asStr(asObj(r)?.['name']) ?? []);
  if (!isSet(tr['managedRoutes'])) {
    return [{ path: childPath(path, 'name'), message: `route ${show(name)} needs spec.strategy.canary.trafficRouting.managedRoutes, which is not set` }];
  }
  if (typeof name !== 'string' || !declared.includes(name)) {
    return [{ path: childPath(path, 'name'), message: `route ${show(name)} is not declared in trafficRouting.managedRoutes (declared: ${declared.join(', ') || 'none'})` }];
  }
  return [];
}

function headerRouteProblems(step: Obj, path: string, tr: Obj | undefined): Problem[] {
  if (tr === undefined || !['istio', 'alb', 'apisix', 'plugins'].some((k) => isSet(tr[k]))) {
    return [{ path, message: 'needs trafficRouting with istio, alb, apisix or a plugin' }];
  }
  const out = managedRouteProblems(step['name'], path, tr);
  asArr(step['match']).forEach((m, j) => {
    out.push(...stringMatchProblems(asObj(m)?.['headerValue'], childPath(childPath(childPath(path, 'match'), j), 'headerValue'), isSet(tr['alb'])));
  });
  return out;
}

function mirrorRouteProblems(step: Obj, path: string, tr: Obj | undefined): Problem[] {
  if (tr === undefined || !isSet(tr['istio'])) return [{ path, message: 'needs trafficRouting with istio: only Istio mirrors traffic' }];
  const out = managedRouteProblems(step['name'], path, tr);
  const pct = asNum(step['percentage']);
  if (pct !== undefined && (pct < 0 || pct > 100)) out.push({ path: childPath(path, 'percentage'), message: `must be 0-100, got ${pct}` });
  asArr(step['match']).forEach((m, j) => {
    for (const key of ['method', 'path']) {
      const v = asObj(m)?.[key];
      if (isSet(v)) out.push(...stringMatchProblems(v, childPath(childPath(childPath(path, 'match'), j), key), false));
    }
  });
  return out;
}

function canaryScaleProblems(v: unknown, path: string, tr: Obj | undefined): Problem[] {
  if (tr === undefined) {
    return [{ path, message: 'needs spec.strategy.canary.trafficRouting: without a router the canary scale follows setWeight' }];
  }
  const s = asObj(v);
  const out: Problem[] = [];
  const weight = asNum(s?.['weight']);
  if (weight !== undefined && (weight < 0 || weight > 100)) out.push({ path: childPath(path, 'weight'), message: `must be 0-100, got ${weight}` });
  const replicas = asNum(s?.['replicas']);
  if (replicas !== undefined && replicas < 0) out.push({ path: childPath(path, 'replicas'), message: `must be >= 0, got ${replicas}` });
  if (s !== undefined && !['weight', 'replicas', 'matchTrafficWeight'].some((k) => isSet(s[k]))) {
    out.push({ path, message: 'must set weight, replicas or matchTrafficWeight' });
  }
  return out;
}

/** Problems with one step at `path`. */
export function stepProblems(step: unknown, path: string, ctx: StepContext): Problem[] {
  const s = asObj(step);
  if (s === undefined) return [];
  const actions = STEP_ACTIONS.filter((a) => isSet(s[a]));
  const out: Problem[] = [];
  if (actions.length === 0) {
    out.push({ path, message: `must have one action (${STEP_ACTIONS.join(', ')}), found none` });
  } else if (actions.length > 1) {
    out.push({ path, message: `must have exactly one action, found ${actions.join(' and ')}` });
  }
  const weight = asNum(s['setWeight']);
  if (weight !== undefined && (weight < 0 || weight > ctx.maxTrafficWeight)) {
    out.push({ path: childPath(path, 'setWeight'), message: `must be 0-${ctx.maxTrafficWeight}, got ${weight}` });
  }
  if (isSet(s['pause'])) out.push(...durationProblems(s['pause'], 'duration', childPath(path, 'pause')));
  const tr = ctx.trafficRouting;
  if (isSet(s['setCanaryScale'])) out.push(...canaryScaleProblems(s['setCanaryScale'], childPath(path, 'setCanaryScale'), tr));
  const header = asObj(s['setHeaderRoute']);
  if (header !== undefined) out.push(...headerRouteProblems(header, childPath(path, 'setHeaderRoute'), tr));
  const mirror = asObj(s['setMirrorRoute']);
  if (mirror !== undefined) out.push(...mirrorRouteProblems(mirror, childPath(path, 'setMirrorRoute'), tr));
  if (isSet(s['experiment'])) out.push(...stepExperimentProblems(s['experiment'], childPath(path, 'experiment'), tr));
  if (isSet(s['analysis'])) out.push(...rolloutAnalysisProblems(s['analysis'], childPath(path, 'analysis')));
  return out;
}

/** Problems with every step of a canary strategy. */
export function stepsProblems(steps: unknown, path: string, ctx: StepContext): Problem[] {
  return asArr(steps).flatMap((s, i) => stepProblems(s, childPath(path, i), ctx));
}
