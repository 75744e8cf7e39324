import { describe, expect, it } from 'vitest';
import type { Node } from './ast.js';
import { ExprError } from './errors.js';
import { parse } from './parser.js';

/** The tree as an s-expression, to pin precedence and associativity. */
function show(node: Node): string {
  switch (node.kind) {
    case 'literal': return node.value === null ? 'nil' : JSON.stringify(node.value);
    case 'ident': return node.name;
    case 'pointer': return `#${node.name}`;
    case 'array': return `[${node.items.map(show).join(' ')}]`;
    case 'map': return `{${node.entries.map((e) => `${show(e.key)}:${show(e.value)}`).join(' ')}}`;
    case 'member': return `(${node.optional ? '?.' : '.'} ${show(node.object)} ${show(node.property)})`;
    case 'slice': return `(slice ${show(node.object)} ${node.from ? show(node.from) : '_'} ${node.to ? show(node.to) : '_'})`;
    case 'chain': return `(chain ${show(node.node)})`;
    case 'unary': return `(${node.op} ${show(node.operand)})`;
    case 'binary': return `(${node.op} ${show(node.left)} ${show(node.right)})`;
    case 'conditional': return `(? ${show(node.test)} ${show(node.then)} ${show(node.otherwise)})`;
    case 'call': return `(${node.name}${node.args.map((a) => ` ${show(a)}`).join('')})`;
    case 'predicate': return `{${show(node.body)}}`;
  }
}

const tree = (source: string): string => show(parse(source).root);

describe('parse: precedence and associativity', () => {
  const table: Array<[string, string, string]> = [
    ['* before +', '1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['+ is left-associative', '1 - 2 - 3', '(- (- 1 2) 3)'],
    ['/ and % share a level', '8 / 4 % 3', '(% (/ 8 4) 3)'],
    ['** is right-associative', '2 ** 3 ** 2', '(** 2 (** 3 2))'],
    ['^ is **', '2 ^ 3 ^ 2', '(^ 2 (^ 3 2))'],
    ['unary minus binds looser than **', '-2 ** 2', '(- (** 2 2))'],
    ['unary minus binds tighter than *', '-2 * 3', '(* (- 2) 3)'],
    ['not binds looser than comparison operands but tighter than ==', 'not a == b', '(== (not a) b)'],
    ['! before &&', '!a && b', '(&& (! a) b)'],
    ['and before or', 'a or b and c', '(or a (and b c))'],
    ['&& before ||', 'a || b && c', '(|| a (&& b c))'],
    ['comparison before and', 'a > 1 and b < 2', '(and (> a 1) (< b 2))'],
    ['arithmetic before comparison', 'a + 1 >= b * 2', '(>= (+ a 1) (* b 2))'],
    ['range below +', '1..2 + 3', '(.. 1 (+ 2 3))'],
    ['range above comparison', 'x in 1..3', '(in x (.. 1 3))'],
    ['not in', 'a not in b', '(not (in a b))'],
    ['not contains', 'a not contains "x"', '(not (contains a "x"))'],
    ['not matches', 'a not matches "x"', '(not (matches a "x"))'],
    ['not startsWith', 'a not startsWith "x"', '(not (startsWith a "x"))'],
    ['chained comparison', '1 < x < 3', '(&& (< 1 x) (< x 3))'],
    ['?? binds tightest', 'a + b ?? c', '(+ a (?? b c))'],
    ['?? chains', 'a ?? b ?? c', '(?? (?? a b) c)'],
    ['ternary is lowest', 'a > 5 ? 1 + 1 : 2', '(? (> a 5) (+ 1 1) 2)'],
    ['nested ternary is right-associative', 'a ? b : c ? d : e', '(? a b (? c d e))'],
    ['parentheses', '(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['member access', 'result.status.code', '(. (. result "status") "code")'],
    ['index', 'result[0]', '(. result 0)'],
    ['negative index', 'result[-1]', '(. result (- 1))'],
    ['string index', 'result["a b"]', '(. result "a b")'],
    ['slice', 'a[1:3]', '(slice a 1 3)'],
    ['open slices', 'a[:2] + a[1:] + a[:]', '(+ (+ (slice a _ 2) (slice a 1 _)) (slice a _ _))'],
    ['optional chain', 'a?.b.c', '(chain (. (?. a "b") "c"))'],
    ['optional index', 'a?.[0]', '(chain (?. a 0))'],
    ['keyword as property', 'a.in.not', '(. (. a "in") "not")'],
    ['unary before postfix', '-a[0]', '(- (. a 0))'],
    ['call', 'len(result) > 0', '(> (len result) 0)'],
    ['predicate with braces', 'all(result, {# < 1})', '(all result {(< # 1)})'],
    ['predicate without braces', 'all(result, # < 1)', '(all result {(< # 1)})'],
    ['field predicate', 'filter(r, {.x > 1})', '(filter r {(> (. # "x") 1)})'],
    ['index pointer', 'map(r, #index)', '(map r {#index})'],
    ['reduce with acc and initial value', 'reduce(r, #acc + #, 0)', '(reduce r {(+ #acc #)} 0)'],
    ['count without predicate', 'count(r)', '(count r)'],
    ['nested predicates', 'all(a, {any(#, {# > 1})})', '(all a {(any # {(> # 1)})})'],
    ['pipe', 'r | filter(# > 1) | len()', '(len (filter r {(> # 1)}))'],
    ['pipe with arguments', 'r | split(",")', '(split r ",")'],
    ['array literal', '[1, "a", nil, true]', '[1 "a" nil true]'],
    ['array trailing comma', '[1, 2,]', '[1 2]'],
    ['empty array', '[]', '[]'],
    ['map literal', '{a: 1, "b": 2, 3: 4}', '{"a":1 "b":2 "3":4}'],
    ['map computed key', '{("a" + "b"): 1}', '{(+ "a" "b"):1}'],
    ['empty map', '{}', '{}'],
    ['in with array literal', 'result in [1,2,3]', '(in result [1 2 3])'],
    ['or/and words mix with symbols', 'a and b || c', '(|| (and a b) c)'],
    ['comments are ignored', 'a /* x */ > // y\n 1', '(> a 1)'],
    ['multi-line', 'a >\n  1', '(> a 1)'],
    ['unary plus', '+1', '(+ 1)'],
    ['double negation', 'not not a', '(not (not a))'],
  ];
  it.each(table)('%s: %s', (_name, source, expected) => {
    expect(tree(source)).toBe(expected);
  });
});

describe('parse: errors name the position', () => {
  const table: Array<[string, string, string]> = [
    ['stray closing paren', 'result >= 1)', 'unexpected token ")" at line 1, column 12'],
    ['operator without operand', 'result >= )', 'unexpected token ")" at line 1, column 11'],
    ['unexpected end', '1 +', 'unexpected end of expression at line 1, column 4'],
    ['empty source', '', 'unexpected end of expression at line 1, column 1'],
    ['unclosed paren', '(1 + 2', 'unexpected end of expression at line 1, column 7'],
    ['unclosed bracket', 'result[0', 'unexpected end of expression at line 1, column 9'],
    ['two values', 'a b', 'unexpected token "b" at line 1, column 3'],
    ['unknown function', 'foo(1)', 'unknown function foo at line 1, column 1'],
    ['wrong arity', 'len(1, 2)', 'len() expects 1 argument, got 2 at line 1, column 1'],
    ['too few arguments', 'default(result)', 'default() expects 2 arguments, got 1 at line 1, column 1'],
    ['predicate missing', 'all(result)', 'all() expects at least 2 arguments at line 1, column 11'],
    ['method call', 'result.Name() == "hi"', 'method calls are not supported: Name() at line 1, column 8'],
    ['pointer outside predicate', '# > 1', 'cannot use pointer accessor outside predicate at line 1, column 1'],
    ['field pointer outside predicate', '.x > 1', 'cannot use pointer accessor outside predicate at line 1, column 1'],
    ['unknown pointer', 'map(a, #foo)', 'unknown pointer #foo at line 1, column 8'],
    ['?? mixed with comparison', 'result ?? 0 < 5', 'operator < and ?? cannot be mixed; wrap either in parentheses at line 1, column 13'],
    ['dangling not', 'a not b', 'unexpected token "b" at line 1, column 7'],
    ['ternary without else', 'a ? b', 'unexpected end of expression at line 1, column 6'],
    ['elvis is not supported', 'a ?: b', 'unexpected token ":" at line 1, column 4'],
    ['missing property name', 'a.', 'expected name at line 1, column 3'],
    ['bad map key', '{[1]: 2}', 'a map key must be a quoted string, a number, an identifier, or an expression in parentheses (unexpected token "[") at line 1, column 2'],
    ['missing comma in array', '[1 2]', 'unexpected token "2" at line 1, column 4'],
    ['unexpected string', 'a "b"', 'unexpected string "b" at line 1, column 3'],
    ['pipe to non-call', 'a | 1', 'unexpected token "1" at line 1, column 5'],
    ['error on line 2', 'a &&\n  )', 'unexpected token ")" at line 2, column 3'],
    ['single =', 'a = 1', 'unexpected token "=" at line 1, column 3'],
    ['deep nesting', '('.repeat(500) + '1' + ')'.repeat(500), 'expression is nested too deeply at line 1, column'],
  ];
  it.each(table)('%s', (_name, source, message) => {
    let caught: unknown;
    try {
      parse(source);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExprError);
    expect((caught as ExprError).message.split('\n')[0]?.startsWith(message)).toBe(true);
  });

  it('adds a caret snippet under the position', () => {
    expect(() => parse('result >= 1)')).toThrowError('unexpected token ")" at line 1, column 12\n | result >= 1)\n | ...........^');
  });

  it('exposes the position and the short reason', () => {
    try {
      parse('a &&\n  )');
    } catch (e) {
      expect((e as ExprError).reason).toBe('unexpected token ")"');
      expect((e as ExprError).position).toEqual({ offset: 7, line: 2, column: 3 });
    }
    expect.assertions(2);
  });
});
