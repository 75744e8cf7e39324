// A tree-walking evaluator. Names resolve to own properties of the environment only, calls only
// to the builtin tables: nothing outside the data and those functions is reachable.
import type { Expr, Node } from './ast.js';
import { BUILTINS } from './builtins.js';
import { ExprError, fault } from './errors.js';
import { applyBinary, applyUnary, fetch, slice } from './operators.js';
import { iterable, PREDICATE_BUILTINS } from './predicates.js';
import { TimeValue } from './time-values.js';
import { formatNumber, isNil, makeMap, ownValue, typeOf } from './values.js';

/** What an evaluation may know besides its names: the time `now()` returns (ms since the epoch). */
export interface EvaluationOptions {
  readonly now?: number;
}

/** Marks an optional chain (`a?.b.c`) cut short by a nil; the enclosing chain node makes it nil. */
const SHORT: unique symbol = Symbol('optional chain cut short');

interface Scope {
  readonly item: unknown;
  readonly index: number;
  readonly acc: unknown;
}

/**
 * Evaluates a parsed expression against `env` (its names: `{ result: [0.97] }`).
 *
 * @example evaluateTree(parse('result[0] >= 0.95'), { result: [0.97] }) // true
 * @throws ExprError with the position of the node that failed.
 */
export function evaluateTree(expr: Expr, env: Readonly<Record<string, unknown>>, options: EvaluationOptions = {}): unknown {
  try {
    return new Evaluator(expr.source, env, options.now).eval(expr.root);
  } catch (e) {
    // A stack overflow on a pathological tree is still the expression's fault, not a crash.
    if (e instanceof RangeError) throw new ExprError(`expression too complex to evaluate: ${e.message}`);
    throw e;
  }
}

class Evaluator {
  private readonly scopes: Scope[] = [];

  constructor(private readonly source: string, private readonly env: Readonly<Record<string, unknown>>, private readonly now: number | undefined) {}

  eval(node: Node): unknown {
    const value = this.evalRaw(node);
    return value === SHORT ? null : value;
  }

  private evalRaw(node: Node): unknown {
    try {
      return this.evalNode(node);
    } catch (e) {
      if (e instanceof ExprError) throw e.located(this.source, node.pos);
      throw e;
    }
  }

  private evalNode(node: Node): unknown {
    switch (node.kind) {
      case 'literal': return node.value;
      case 'ident':
        if (!Object.prototype.hasOwnProperty.call(this.env, node.name)) fault(`unknown name ${node.name}`);
        return ownValue(this.env, node.name);
      case 'pointer': {
        const scope = this.scopes.at(-1) ?? fault('cannot use pointer accessor outside predicate');
        return node.name === '' ? scope.item ?? null : node.name === 'index' ? scope.index : scope.acc ?? null;
      }
      case 'array': return node.items.map((item) => this.eval(item));
      case 'map': return makeMap(node.entries.map((e) => [this.mapKey(this.eval(e.key)), this.eval(e.value)] as const));
      case 'member': {
        const object = this.evalRaw(node.object);
        if (object === SHORT || (node.optional && isNil(object))) return SHORT;
        return fetch(object, this.eval(node.property));
      }
      case 'slice': {
        const object = this.evalRaw(node.object);
        if (object === SHORT) return SHORT;
        const from = node.from === undefined ? null : this.eval(node.from);
        return slice(object, from, node.to === undefined ? null : this.eval(node.to));
      }
      case 'chain': return this.eval(node.node);
      case 'unary': return applyUnary(node.op, this.eval(node.operand));
      case 'binary': return this.evalBinary(node);
      case 'conditional': {
        const test = this.eval(node.test);
        if (typeof test !== 'boolean') fault(`non-bool expression (type ${typeOf(test)}) used as condition`);
        return test ? this.eval(node.then) : this.eval(node.otherwise);
      }
      case 'call': return this.evalCall(node.name, node.args);
      case 'predicate': return fault('a predicate can only be an argument of a builtin such as all() or filter()');
    }
  }

  private evalBinary(node: Extract<Node, { kind: 'binary' }>): unknown {
    const { op } = node;
    if (op === '??') {
      const left = this.eval(node.left);
      return isNil(left) ? this.eval(node.right) : left;
    }
    if (op === '&&' || op === 'and' || op === '||' || op === 'or') {
      const decides = op === '||' || op === 'or';
      const left = this.eval(node.left);
      if (typeof left !== 'boolean') fault(`invalid operation: ${op} needs bools, got ${typeOf(left)}`);
      if (left === decides) return left;
      const right = this.eval(node.right);
      if (typeof right !== 'boolean') fault(`invalid operation: ${op} needs bools, got ${typeOf(right)}`);
      return right;
    }
    return applyBinary(op, this.eval(node.left), this.eval(node.right));
  }

  private mapKey(key: unknown): string {
    if (typeof key === 'string') return key;
    if (typeof key === 'number') return formatNumber(key);
    return fault(`a map key must be a string or a number, got ${typeOf(key)}`);
  }

  private evalCall(name: string, args: readonly Node[]): unknown {
    const predicate = PREDICATE_BUILTINS.get(name);
    if (predicate !== undefined) {
      const [collection, closure, ...extra] = args;
      if (collection === undefined || (closure === undefined && predicate.predicate === 'required')) {
        fault(`${name}() expects an array and a predicate`);
      }
      const items = iterable(name, this.eval(collection));
      const body = closure === undefined ? undefined : closure.kind === 'predicate' ? closure.body : closure;
      const run = body === undefined ? undefined : (item: unknown, index: number, acc?: unknown): unknown => {
        this.scopes.push({ item, index, acc });
        try {
          return this.eval(body);
        } finally {
          this.scopes.pop();
        }
      };
      return predicate.fn(items, run, extra.map((e) => this.eval(e)));
    }
    if (name === 'now') {
      if (args.length > 0) fault(`now() got ${args.length} arguments`);
      // The engine has no clock: the caller gives the time of the measurement.
      return this.now === undefined ? fault('now() needs the time of the measurement, which is not known here') : new TimeValue(this.now);
    }
    const builtin = BUILTINS.get(name) ?? fault(`unknown function ${name}`);
    if (args.length < builtin.min || args.length > builtin.max) fault(`${name}() got ${args.length} arguments`);
    return builtin.fn(args.map((a) => this.eval(a)));
  }
}
