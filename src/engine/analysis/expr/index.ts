// The expression language of AnalysisTemplate `successCondition` and `failureCondition`: expr-lang
// (the language Argo Rollouts evaluates them with) parsed and evaluated by our own code, no eval.
import type { Expr } from './ast.js';
import { LruCache } from './cache.js';
import { ExprError } from './errors.js';
import { typeProblems } from './check-types.js';
import { evaluateTree, type EvaluationOptions } from './evaluate.js';
import { parse } from './parser.js';
import { describeValue } from './values.js';

export type { Expr, Node } from './ast.js';
export { ExprError, type SourcePosition } from './errors.js';
export type { EvaluationOptions } from './evaluate.js';

/** Parsed conditions, by source; a few hundred distinct conditions cover any cluster. */
const parsed = new LruCache<string, Expr>(500);

/**
 * Parses an expression, reusing an earlier parse of the same source, and checks what expr-lang
 * checks when it compiles one: a comparison whose two sides have different known types (a typed
 * helper such as `asFloat()` against a string) is an error, never `false`.
 *
 * @example parseExpression('result[0] >= 0.95')
 * @example parseExpression('result >= )') // throws ExprError: unexpected token ")" at line 1, column 11
 * @example parseExpression('asFloat(result) == "1.1"') // throws ExprError: invalid operation: == (mismatched types float64 and string) at line 1, column 17
 * @throws ExprError naming the line and column, with a caret snippet.
 */
export function parseExpression(source: string): Expr {
  const cached = parsed.get(source);
  if (cached !== undefined) return cached;
  const expr = parse(source);
  const [mismatch] = typeProblems(expr);
  if (mismatch !== undefined) throw mismatch;
  parsed.set(source, expr);
  return expr;
}

/**
 * Evaluates an expression (parsed, or its source) with the names in `env`.
 *
 * @example evaluateExpression('len(result) > 0 && all(result, {# < 1})', { result: [0.2, 0.5] }) // true
 * @example evaluateExpression('result.status ?? "unknown"', { result: {} }) // "unknown"
 * @example evaluateExpression('result < 1', { result: 'x' }) // throws: invalid operation: string < number at column 8
 * @throws ExprError for a parse error or a runtime error, with its position.
 */
export function evaluateExpression(expr: Expr | string, env: Readonly<Record<string, unknown>>, options: EvaluationOptions = {}): unknown {
  return evaluateTree(typeof expr === 'string' ? parseExpression(expr) : expr, env, options);
}

/**
 * Evaluates a `successCondition`/`failureCondition` against a measurement's `result`, as Argo
 * Rollouts does: `result` plus the builtins (`asInt`, `asFloat`, `isNaN`, `isInf`, `isNil`,
 * `default`, `len`, `all`, `date`, `duration`, ...; `now()` is `options.now`), and the outcome
 * must be a boolean.
 *
 * @example evaluateCondition('result[0] >= 0.95', [0.97]) // true
 * @example evaluateCondition('default(result, 0) < 5', null) // true
 * @example evaluateCondition('isNaN(result)', NaN) // true
 * @example evaluateCondition('result[0]', [3]) // throws: condition "result[0]" evaluated to number 3, expected a boolean
 * @throws ExprError for an invalid expression, a runtime error, or a non-boolean outcome.
 */
export function evaluateCondition(condition: string, result: unknown, options: EvaluationOptions = {}): boolean {
  const value = evaluateExpression(condition, { result: result ?? null }, options);
  if (typeof value !== 'boolean') {
    throw new ExprError(`condition ${JSON.stringify(condition)} evaluated to ${describeValue(value)}, expected a boolean`);
  }
  return value;
}
