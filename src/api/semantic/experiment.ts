// Rules for Experiment specs: uniquely named templates whose selectors select their own pods,
// a valid duration, and analyses that name their templates.

import { childPath, type Problem } from '../problem.js';
import { asArr, asNum, asObj, at, isPlaceholder, isSet, show } from './access.js';
import { duplicateNames, experimentAnalysesProblems } from './analysis-refs.js';
import { durationMessage, durationSeconds } from './duration-check.js';
import { selectorProblems } from './selector.js';

/** A non-negative integer field, when set. */
export function nonNegative(o: unknown, key: string, path: string): Problem[] {
  const v = asNum(asObj(o)?.[key]);
  return v !== undefined && v < 0 ? [{ path: childPath(path, key), message: `must be >= 0, got ${v}` }] : [];
}

/** A duration field (`30s`, `5m`, integer seconds), when set. */
export function durationProblems(o: unknown, key: string, path: string): Problem[] {
  const v = asObj(o)?.[key];
  if (!isSet(v) || isPlaceholder(v)) return [];
  const s = durationSeconds(v);
  if (s === undefined) return [{ path: childPath(path, key), message: durationMessage(v) }];
  return s < 0 ? [{ path: childPath(path, key), message: `must not be negative, got ${show(v)}` }] : [];
}

function templateProblems(t: unknown, path: string): Problem[] {
  const out: Problem[] = [];
  if (!isSet(asObj(t)?.['name'])) out.push({ path: childPath(path, 'name'), message: 'is required: each template needs a name' });
  out.push(...nonNegative(t, 'replicas', path), ...nonNegative(t, 'minReadySeconds', path));
  out.push(...selectorProblems(
    asObj(t)?.['selector'], at(t, 'template', 'metadata', 'labels'),
    childPath(path, 'selector'), `${path}.template.metadata.labels`,
  ));
  return out;
}

/** Problems with the `spec` of an Experiment. */
export function experimentSpecProblems(spec: unknown, specPath = 'spec'): Problem[] {
  const s = asObj(spec);
  if (s === undefined) return [];
  const templates = asArr(s['templates']);
  const tPath = childPath(specPath, 'templates');
  const out: Problem[] = [];
  if (templates.length === 0) out.push({ path: tPath, message: 'must list at least one template' });
  out.push(...duplicateNames(templates, tPath, 'template name'));
  templates.forEach((t, i) => out.push(...templateProblems(t, childPath(tPath, i))));
  out.push(...durationProblems(s, 'duration', specPath));
  out.push(...nonNegative(s, 'progressDeadlineSeconds', specPath), ...nonNegative(s, 'scaleDownDelaySeconds', specPath));
  out.push(...experimentAnalysesProblems(s['analyses'], childPath(specPath, 'analyses')));
  return out;
}

export function experimentProblems(obj: unknown): Problem[] {
  return experimentSpecProblems(asObj(obj)?.['spec']);
}

/**
 * An experiment written as a canary step: templates use `specRef: stable|canary`, and a
 * `weight` needs traffic routing by ALB, SMI or Istio (the routers that split traffic to it).
 */
export function stepExperimentProblems(exp: unknown, path: string, trafficRouting: unknown): Problem[] {
  const e = asObj(exp);
  if (e === undefined) return [];
  const templates = asArr(e['templates']);
  const tPath = childPath(path, 'templates');
  const out: Problem[] = [];
  if (templates.length === 0) out.push({ path: tPath, message: 'must list at least one template' });
  out.push(...duplicateNames(templates, tPath, 'template name'));
  const tr = asObj(trafficRouting);
  const weighted = tr !== undefined && ['alb', 'smi', 'istio'].some((k) => isSet(tr[k]));
  templates.forEach((t, i) => {
    const p = childPath(tPath, i);
    const o = asObj(t);
    if (!isSet(o?.['name'])) out.push({ path: childPath(p, 'name'), message: 'is required: each template needs a name' });
    const ref = o?.['specRef'];
    if (ref !== 'stable' && ref !== 'canary') {
      out.push({ path: childPath(p, 'specRef'), message: `must be "stable" or "canary", got ${show(ref)}` });
    }
    out.push(...nonNegative(t, 'replicas', p));
    if (isSet(o?.['weight']) && !weighted) {
      out.push({
        path: childPath(p, 'weight'),
        message: tr === undefined
          ? 'needs spec.strategy.canary.trafficRouting: an experiment weight is a traffic split'
          : 'needs trafficRouting with alb, smi or istio: other routers cannot send traffic to an experiment',
      });
    }
  });
  out.push(...durationProblems(e, 'duration', path));
  out.push(...experimentAnalysesProblems(e['analyses'], childPath(path, 'analyses')));
  return out;
}
