// What `kanary lint` can tell about a metric's successCondition and failureCondition before any
// result exists: a condition that does not parse, or that compares a typed helper's value with
// another type (`asFloat(result) == "1.1"`), which expr-lang refuses when it compiles it. Pure.
import type { Problem } from '../api/problem.js';
import { ExprError, parseExpression } from '../engine/analysis/expr/index.js';

const KINDS = new Set(['AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun']);

/** `{{args.x}}` is replaced before evaluation: here it becomes a name of the same length, so positions hold. */
function withoutPlaceholders(source: string): string {
  return source.replace(/\{\{[^}]*\}\}/g, (p) => `a${'x'.repeat(p.length - 1)}`);
}

function problemOf(path: string, source: string): Problem | undefined {
  try {
    parseExpression(withoutPlaceholders(source));
    return undefined;
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    const at = e.position === undefined ? '' : ` at line ${e.position.line}, column ${e.position.column}`;
    return { path, message: `${e.reason}${at} of ${JSON.stringify(source)}` };
  }
}

/**
 * Problems in the conditions of an AnalysisTemplate, ClusterAnalysisTemplate or AnalysisRun, each
 * at the condition's field with the position inside the expression.
 *
 *   metrics[0].successCondition 'asFloat(result) == "1.1"'
 *     -> spec.metrics[0].successCondition: invalid operation: == (mismatched types float64 and string) at line 1, column 17 of "..."
 */
export function conditionProblems(object: unknown): Problem[] {
  const o = object as { kind?: unknown; spec?: { metrics?: unknown } } | null;
  if (o === null || typeof o !== 'object' || !KINDS.has(String(o.kind)) || !Array.isArray(o.spec?.metrics)) return [];
  const out: Problem[] = [];
  o.spec.metrics.forEach((metric: unknown, i: number) => {
    for (const field of ['successCondition', 'failureCondition'] as const) {
      const source = (metric as Record<string, unknown> | null)?.[field];
      if (typeof source !== 'string' || source.trim() === '') continue;
      const problem = problemOf(`spec.metrics[${i}].${field}`, source);
      if (problem !== undefined) out.push(problem);
    }
  });
  return out;
}
