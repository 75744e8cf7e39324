// `{{args.name}}` placeholders: an AnalysisTemplate may only use the args it declares.

import { childPath, type Problem } from '../problem.js';
import { asArr, asObj, asStr } from './access.js';

const ARG_USE = /\{\{\s*args\.([A-Za-z0-9_.-]+?)\s*\}\}/g;

/** Every `{{args.x}}` (spaces allowed) in any string under `v`, with the path where it sits. */
export function argUses(v: unknown, path: string): { name: string; path: string }[] {
  if (typeof v === 'string') return [...v.matchAll(ARG_USE)].map((m) => ({ name: m[1] ?? '', path }));
  if (Array.isArray(v)) return v.flatMap((x, i) => argUses(x, childPath(path, i)));
  const o = asObj(v);
  if (o === undefined) return [];
  return Object.entries(o).flatMap(([k, x]) => argUses(x, childPath(path, k)));
}

/** The names in an `args: [{name}]` list. */
export function declaredArgs(args: unknown): Set<string> {
  return new Set(asArr(args).flatMap((a) => asStr(asObj(a)?.['name']) ?? []));
}

/** Uses under `metricsPath` of args that `args` does not declare: one problem per use. */
export function undeclaredArgProblems(spec: unknown, specPath: string): Problem[] {
  const declared = declaredArgs(asObj(spec)?.['args']);
  return argUses(asObj(spec)?.['metrics'], childPath(specPath, 'metrics'))
    .filter((u) => !declared.has(u.name))
    .map((u) => ({
      path: u.path,
      message: `uses {{args.${u.name}}} but spec.args declares no arg "${u.name}"${declared.size > 0 ? ` (declared: ${[...declared].join(', ')})` : ''}`,
    }));
}

const PLACEHOLDER_START = /\{\{\s*args\./g;

/**
 * `{{args.x` with no closing `}}` (or with something other than a name inside): Argo Rollouts
 * refuses it; left as written it would reach a query or a Job unsubstituted.
 *   'result >= {{args.limit'  -> one problem naming "{{args.limit"
 */
export function unclosedArgProblems(v: unknown, path: string): Problem[] {
  if (typeof v === 'string') {
    const out: Problem[] = [];
    for (const start of v.matchAll(PLACEHOLDER_START)) {
      const from = start.index;
      const whole = new RegExp(ARG_USE.source, 'y');
      whole.lastIndex = from;
      if (whole.test(v)) continue;
      const snippet = /^\{\{[^}\s]*\s*[^}\s]*/.exec(v.slice(from))?.[0] ?? '{{args.';
      out.push({ path, message: `has an unclosed placeholder "${snippet}": write {{args.name}}` });
    }
    return out;
  }
  if (Array.isArray(v)) return v.flatMap((x, i) => unclosedArgProblems(x, childPath(path, i)));
  const o = asObj(v);
  if (o === undefined) return [];
  return Object.entries(o).flatMap(([k, x]) => unclosedArgProblems(x, childPath(path, k)));
}
