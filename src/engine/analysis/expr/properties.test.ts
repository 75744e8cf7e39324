import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryOperator, Node, UnaryOperator } from './ast.js';
import { BUILTINS } from './builtins.js';
import { evaluateCondition, evaluateExpression, ExprError, parseExpression } from './index.js';
import { PREDICATE_BUILTINS } from './predicates.js';

const safeInt = fc.integer({ min: -1_000_000, max: 1_000_000 });
/** A number as source text: negative numbers are unary minus on a literal. */
const lit = (n: number): string => (n < 0 || Object.is(n, -0) ? `(-${-n})` : String(n));

/** Runs `f`; passes if it returns or throws an ExprError, fails on any other throw. */
function onlyExprErrors(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (e instanceof ExprError) return true;
    throw e;
  }
}

describe('properties: arithmetic matches JavaScript for finite integers', () => {
  it('a + b, a - b, a * b', () => {
    fc.assert(fc.property(safeInt, safeInt, (a, b) => {
      expect(evaluateExpression(`${lit(a)} + ${lit(b)}`, {})).toBe(a + b);
      expect(evaluateExpression(`${lit(a)} - ${lit(b)}`, {})).toBe(a - b);
      expect(evaluateExpression(`${lit(a)} * ${lit(b)}`, {})).toBe(a * b);
    }));
  });

  it('a + b * c - d respects precedence', () => {
    fc.assert(fc.property(safeInt, safeInt, safeInt, safeInt, (a, b, c, d) => {
      expect(evaluateExpression(`${lit(a)} + ${lit(b)} * ${lit(c)} - ${lit(d)}`, {})).toBe(a + b * c - d);
    }));
  });

  it('comparisons agree with JavaScript, through the environment too', () => {
    fc.assert(fc.property(fc.double(), fc.double(), (a, b) => {
      const env = { a, b };
      expect(evaluateExpression('a < b', env)).toBe(a < b);
      expect(evaluateExpression('a >= b', env)).toBe(a >= b);
      expect(evaluateExpression('a == b', env)).toBe(a === b);
      expect(evaluateExpression('a != b', env)).toBe(a !== b);
    }));
  });

  it('number literals read back as the number they print as', () => {
    fc.assert(fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (n) => {
      fc.pre(Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n) || String(n).includes('e')));
      expect(evaluateExpression(String(n), {})).toBe(n);
    }));
  });

  it('string literals read back as the string JSON encoded', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(evaluateExpression(JSON.stringify(s), {})).toBe(s);
    }));
  });

  it('a[i] and a[i - len(a)] agree for every valid index', () => {
    fc.assert(fc.property(fc.array(safeInt, { minLength: 1 }), fc.nat(), (a, k) => {
      const i = k % a.length;
      expect(evaluateExpression(`a[${i}] == a[${i} - len(a)]`, { a })).toBe(true);
    }));
  });
});

describe('properties: nothing but ExprError ever escapes', () => {
  it('parsing random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => onlyExprErrors(() => parseExpression(s))),
      { numRuns: 2000 });
  });

  const pieces = ['result', '1', '0.5', '"s"', "'t'", '`r`', 'nil', 'true', '#', '#index', '.', '?.', '[', ']', '(', ')',
    '{', '}', ',', ':', '?', '??', '+', '-', '*', '/', '%', '**', '^', '..', '==', '!=', '<', '>=', 'and', 'or', 'not',
    '!', '&&', '||', 'in', 'matches', 'contains', '|', 'len', 'all', 'map', 'filter', 'default', 'asFloat', 'isNaN', 'x'];

  it('parsing and evaluating random token soup', () => {
    const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((parts) => parts.join(' '));
    fc.assert(fc.property(soup, fc.jsonValue(), (source, result) =>
      onlyExprErrors(() => evaluateCondition(source, result))), { numRuns: 3000 });
  });

  it('evaluating random trees over random data', () => {
    const names = ['result', 'constructor', '__proto__', 'missing', 'n'];
    const functions = [...BUILTINS.keys(), ...PREDICATE_BUILTINS.keys(), 'nope'];
    const binaryOps: BinaryOperator[] = ['or', '||', 'and', '&&', '==', '!=', '<', '>', '<=', '>=', 'in', 'matches',
      'contains', 'startsWith', 'endsWith', '..', '+', '-', '*', '/', '%', '**', '^', '??'];
    const unaryOps: UnaryOperator[] = ['not', '!', '-', '+'];
    const pos = fc.nat({ max: 20 });
    const value = fc.oneof(
      fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 20 }), fc.constantFrom(NaN, Infinity, -Infinity, 0.5),
      fc.constantFrom('', 'a', '(', 'constructor', '__proto__', '1.5'),
    );
    const { node } = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ kind: fc.constant('literal' as const), value, pos }),
        fc.record({ kind: fc.constant('ident' as const), name: fc.constantFrom(...names), pos }),
        fc.record({ kind: fc.constant('pointer' as const), name: fc.constantFrom('' as const, 'index' as const, 'acc' as const), pos }),
        fc.record({ kind: fc.constant('array' as const), items: fc.array(tie('node'), { maxLength: 3 }), pos }),
        fc.record({ kind: fc.constant('map' as const), entries: fc.array(fc.record({ key: tie('node'), value: tie('node') }), { maxLength: 2 }), pos }),
        fc.record({ kind: fc.constant('member' as const), object: tie('node'), property: tie('node'), optional: fc.boolean(), pos }),
        fc.record({ kind: fc.constant('slice' as const), object: tie('node'), from: tie('node'), to: tie('node'), pos }),
        fc.record({ kind: fc.constant('chain' as const), node: tie('node'), pos }),
        fc.record({ kind: fc.constant('unary' as const), op: fc.constantFrom(...unaryOps), operand: tie('node'), pos }),
        fc.record({ kind: fc.constant('binary' as const), op: fc.constantFrom(...binaryOps), left: tie('node'), right: tie('node'), pos }),
        fc.record({ kind: fc.constant('conditional' as const), test: tie('node'), then: tie('node'), otherwise: tie('node'), pos }),
        fc.record({ kind: fc.constant('call' as const), name: fc.constantFrom(...functions), args: fc.array(tie('node'), { maxLength: 3 }), pos }),
        fc.record({ kind: fc.constant('predicate' as const), body: tie('node'), pos }),
      ) as fc.Arbitrary<Node>,
    }));
    fc.assert(fc.property(node, fc.jsonValue(), fc.string(), (root, result, source) =>
      onlyExprErrors(() => evaluateExpression({ source, root }, { result, n: 3 }))), { numRuns: 3000 });
  });
});
