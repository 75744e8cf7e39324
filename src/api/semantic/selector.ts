// Label selectors against the labels of a pod template: a selector that does not select its
// own template makes a Rollout or Experiment that can never count its pods.

import { requirementMatches } from '../label-selector.js';
import { childPath, type Problem } from '../problem.js';
import { asArr, asObj, asStr, show } from './access.js';

const OPERATORS: readonly unknown[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Whether a label set satisfies one `matchExpressions` entry; an unknown operator is the schema's finding, not ours. */
function expressionMatches(expr: unknown, labels: Readonly<Record<string, unknown>>): boolean {
  const e = asObj(expr);
  if (!OPERATORS.includes(e?.['operator'])) return true;
  const values = asArr(e?.['values']).filter((v): v is string => typeof v === 'string');
  const stringLabels = Object.fromEntries(Object.entries(labels).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
  return requirementMatches({ key: asStr(e?.['key']) ?? '', operator: e?.['operator'] as string, values }, stringLabels);
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
