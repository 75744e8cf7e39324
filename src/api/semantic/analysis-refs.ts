// Rules for the places that name analysis templates: a Rollout's background analysis, its
// analysis steps, blue-green pre/post promotion analysis, and Experiment analyses.

import { childPath, type Problem } from '../problem.js';
import { asArr, asObj, asStr, isSet } from './access.js';

/** Duplicate `name` fields in a list: one problem at each repeat, naming the first. */
export function duplicateNames(list: readonly unknown[], path: string, what: string, key = 'name'): Problem[] {
  const first = new Map<string, number>();
  const out: Problem[] = [];
  list.forEach((item, i) => {
    const name = asStr(asObj(item)?.[key]);
    if (name === undefined) return;
    const j = first.get(name);
    if (j === undefined) first.set(name, i);
    else out.push({ path: childPath(childPath(path, i), key), message: `duplicate ${what} "${name}" (also at index ${j})` });
  });
  return out;
}

/** Args passed to an analysis: unique names, each with a value or a valueFrom. */
export function runArgProblems(args: unknown, path: string): Problem[] {
  const list = asArr(args);
  const out = duplicateNames(list, path, 'arg name');
  list.forEach((a, i) => {
    const o = asObj(a);
    const p = childPath(path, i);
    if (asStr(o?.['name']) === undefined) out.push({ path: childPath(p, 'name'), message: 'is required: the name of a template arg' });
    if (o !== undefined && !isSet(o['value']) && !isSet(o['valueFrom'])) {
      out.push({ path: p, message: `arg "${asStr(o['name']) ?? ''}" must set value or valueFrom` });
    }
  });
  return out;
}

/** `{templates: [{templateName, clusterScope}], args}` as a Rollout writes it. */
export function rolloutAnalysisProblems(analysis: unknown, path: string): Problem[] {
  const a = asObj(analysis);
  if (a === undefined) return [];
  const templates = asArr(a['templates']);
  const out: Problem[] = [];
  if (templates.length === 0 && asStr(a['templateName']) === undefined) {
    out.push({ path: childPath(path, 'templates'), message: 'must list at least one template (templateName)' });
  }
  templates.forEach((t, i) => {
    if (asStr(asObj(t)?.['templateName']) === undefined) {
      out.push({ path: childPath(childPath(path, 'templates'), i), message: 'must name an AnalysisTemplate or ClusterAnalysisTemplate in templateName' });
    }
  });
  out.push(...duplicateNames(templates, childPath(path, 'templates'), 'template', 'templateName'));
  out.push(...runArgProblems(a['args'], childPath(path, 'args')));
  return out;
}

/** Experiment analyses: `[{name, templateName, clusterScope, args}]`. */
export function experimentAnalysesProblems(analyses: unknown, path: string): Problem[] {
  const list = asArr(analyses);
  const out = duplicateNames(list, path, 'analysis name');
  list.forEach((a, i) => {
    const o = asObj(a);
    const p = childPath(path, i);
    if (asStr(o?.['name']) === undefined) out.push({ path: childPath(p, 'name'), message: 'is required: each analysis needs a name' });
    if (asStr(o?.['templateName']) === undefined) {
      out.push({ path: childPath(p, 'templateName'), message: 'is required: the AnalysisTemplate or ClusterAnalysisTemplate to run' });
    }
    out.push(...runArgProblems(o?.['args'], childPath(p, 'args')));
  });
  return out;
}
