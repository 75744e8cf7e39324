// The static type check expr-lang makes when it compiles a condition: where both sides of a
// comparison have a type known before any result is seen (a typed helper such as `asFloat()`, a
// literal, `now()`), comparing different types is an error, never `false`. `result` and anything
// read from it have no known type and compare with anything, as in expr-lang.
import type { Expr, Node } from './ast.js';
import { ExprError } from './errors.js';

type Known = 'int' | 'float' | 'string' | 'bool' | 'time' | 'duration' | 'array' | 'map';
/** A node's type when known before evaluation; `any` when it depends on the data, `nil` for nil. */
type StaticType = Known | 'any' | 'nil';

/** Go's names for the types, as expr-lang prints them. */
const GO_NAME: Readonly<Record<Known, string>> = {
  int: 'int', float: 'float64', string: 'string', bool: 'bool', time: 'time.Time', duration: 'time.Duration',
  array: '[]interface {}', map: 'map[string]interface {}',
};

/** What each helper returns; helpers not listed return data-dependent values. */
const RETURNS: Readonly<Record<string, Known>> = {
  asInt: 'int', asFloat: 'float', isNaN: 'bool', isInf: 'bool', isNil: 'bool',
  len: 'int', int: 'int', float: 'float', count: 'int',
  ceil: 'float', floor: 'float', round: 'float', mean: 'float', median: 'float',
  string: 'string', upper: 'string', lower: 'string', trim: 'string', join: 'string', type: 'string', toJSON: 'string',
  split: 'array', keys: 'array', values: 'array', filter: 'array', map: 'array',
  all: 'bool', any: 'bool', none: 'bool', one: 'bool',
  now: 'time', date: 'time', duration: 'duration',
};

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const BOOLEAN_OPS = new Set(['or', '||', 'and', '&&', 'in', 'matches', 'contains', 'startsWith', 'endsWith']);

const numeric = (t: StaticType): boolean => t === 'int' || t === 'float';

/** Whether `==` between the two may be written (numbers compare across int and float). */
function comparable(a: StaticType, b: StaticType): boolean {
  if (a === 'any' || b === 'any' || a === 'nil' || b === 'nil') return true;
  return a === b || (numeric(a) && numeric(b));
}

/** Whether `<` between the two may be written: numbers, strings, times or durations, alike. */
function orderable(a: StaticType, b: StaticType): boolean {
  if (a === 'any' || b === 'any') return true;
  if (numeric(a) && numeric(b)) return true;
  return a === b && (a === 'string' || a === 'time' || a === 'duration');
}

function arithmetic(op: string, a: StaticType, b: StaticType): StaticType {
  if (a === 'time' && b === 'time' && op === '-') return 'duration';
  if (a === 'time' && b === 'duration' && (op === '+' || op === '-')) return 'time';
  if (a === 'duration' && b === 'time' && op === '+') return 'time';
  if (a === 'duration' && b === 'duration' && (op === '+' || op === '-')) return 'duration';
  if (numeric(a) && numeric(b)) return op === '/' || op === '**' || op === '^' || a === 'float' || b === 'float' ? 'float' : 'int';
  if (a === 'string' && b === 'string' && op === '+') return 'string';
  return 'any';
}

class Checker {
  readonly problems: ExprError[] = [];

  constructor(private readonly source: string) {}

  type(node: Node): StaticType {
    switch (node.kind) {
      case 'literal':
        if (node.value === null) return 'nil';
        if (typeof node.value === 'boolean') return 'bool';
        if (typeof node.value === 'string') return 'string';
        return Number.isInteger(node.value) ? 'int' : 'float';
      case 'array': node.items.forEach((i) => this.type(i)); return 'array';
      case 'map': node.entries.forEach((e) => { this.type(e.key); this.type(e.value); }); return 'map';
      case 'member': this.type(node.object); this.type(node.property); return 'any';
      case 'slice': this.type(node.object); if (node.from) this.type(node.from); if (node.to) this.type(node.to); return 'any';
      case 'chain': this.type(node.node); return 'any';
      case 'unary': {
        const t = this.type(node.operand);
        return node.op === '!' || node.op === 'not' ? 'bool' : t === 'int' || t === 'float' || t === 'duration' ? t : 'any';
      }
      case 'conditional': {
        this.type(node.test);
        const a = this.type(node.then);
        const b = this.type(node.otherwise);
        return a === b ? a : 'any';
      }
      case 'call': node.args.forEach((a) => this.type(a)); return RETURNS[node.name] ?? 'any';
      case 'predicate': this.type(node.body); return 'any';
      case 'binary': return this.binary(node);
      default: return 'any';
    }
  }

  private binary(node: Extract<Node, { kind: 'binary' }>): StaticType {
    const a = this.type(node.left);
    const b = this.type(node.right);
    if (COMPARISONS.has(node.op)) {
      const ok = node.op === '==' || node.op === '!=' ? comparable(a, b) : orderable(a, b);
      if (!ok) {
        const name = (t: StaticType) => (t === 'any' || t === 'nil' ? t : GO_NAME[t]);
        this.problems.push(new ExprError(`invalid operation: ${node.op} (mismatched types ${name(a)} and ${name(b)})`, { source: this.source, offset: node.pos, kind: 'parse' }));
      }
      return 'bool';
    }
    if (BOOLEAN_OPS.has(node.op)) return 'bool';
    if (node.op === '??') return a === b ? a : 'any';
    if (node.op === '..') return 'array';
    return arithmetic(node.op, a, b);
  }
}

/**
 * The comparisons of a parsed expression whose two sides have different known types, each an
 * ExprError at the operator (empty when the expression can be evaluated as far as types go).
 *
 *   'asFloat(result) == "1.1"'              -> [invalid operation: == (mismatched types float64 and string) at column 17]
 *   'now() - date(result.at) < duration("5m")' -> []
 *   'result == "1.1"'                       -> [] (result's type depends on the data)
 */
export function typeProblems(expr: Expr): ExprError[] {
  const checker = new Checker(expr.source);
  try {
    checker.type(expr.root);
  } catch (e) {
    // A tree too deep to walk: the evaluator reports it as it does any expression too complex.
    if (e instanceof RangeError) return [];
    throw e;
  }
  return checker.problems;
}
