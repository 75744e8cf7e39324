// Label selectors against the labels of a pod template: a selector that does not select its
// own template makes a Rollout or Experiment that can never count its pods.

import { childPath, type Problem } from '../problem.js';
import { asArr, asObj, asStr, show } from './access.js';

/** Whether a label set satisfies one `matchExpressions` entry. */
function expressionMatches(expr: unknown, labels: Readonly<Record<string, unknown>>): boolean {
  const key = asStr(asObj(expr)?.['key']) ?? '';
  const op = asObj(expr)?.['operator'];
  const values = asArr(asObj(expr)?.['values']);
  const has = Object.hasOwn(labels, key);
  switch (op) {
    case 'In': return has && values.includes(labels[key]);
    case 'NotIn': return !has || !values.includes(labels[key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return true; // an unknown operator is the schema's finding, not ours
  }
}

/**
 * Problems with `selector` (at `path`) for a pod template whose labels are at `labelsPath`:
 * missing or empty selectors, and each matchLabels entry or matchExpressions entry the labels
 * do not satisfy.
 */
export function selectorProblems(selector: unknown, labels: unknown, path: string, labelsPath: string): Problem[] {
  const sel = asObj(selector);
  if (sel === undefined) return [{ path, message: 'is required: a label selector matching the pod template labels' }];
  const matchLabels = asObj(sel['matchLabels']) ?? {};
  const exprs = asArr(sel['matchExpressions']);
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) {
    return [{ path, message: 'must not be empty: an empty selector would select every pod in the namespace' }];
  }
  const have = asObj(labels) ?? {};
  const out: Problem[] = [];
  for (const [k, v] of Object.entries(matchLabels)) {
    if (have[k] !== v) {
      out.push({
        path: childPath(childPath(path, 'matchLabels'), k),
        message: `selector ${k}=${show(v)} does not match the template label ${childPath(labelsPath, k)} (${Object.hasOwn(have, k) ? show(have[k]) : 'absent'})`,
      });
    }
  }
  exprs.forEach((e, i) => {
    if (!expressionMatches(e, have)) {
      out.push({
        path: childPath(childPath(path, 'matchExpressions'), i),
        message: `expression ${show(e)} does not match the template labels at ${labelsPath}`,
      });
    }
  });
  return out;
}
