import { describe, expect, it } from 'vitest';
import { ExprError } from './errors.js';
import { evaluateTree } from './evaluate.js';
import { parse } from './parser.js';

const env = {
  n: 5, f: 0.5, s: 'hello', t: true, z: null, nan: NaN, inf: Infinity, ninf: -Infinity,
  arr: [1, 2, 3], empty: [], m: { a: 1, b: { c: 'x' }, 'with space': 2, nested: [{ x: 1 }, { x: 5 }] },
  rows: [{ status: 'ok', v: 1 }, { status: 'bad', v: 7 }],
};
const run = (source: string): unknown => evaluateTree(parse(source), env);

describe('evaluate: operators', () => {
  const table: Array<[string, string, unknown]> = [
    ['integer addition', '1 + 2', 3],
    ['float addition', '0.1 + 0.2', 0.1 + 0.2],
    ['string concatenation', '"a" + "b"', 'ab'],
    ['array concatenation', '[1] + [2]', [1, 2]],
    ['subtraction', '5 - 7', -2],
    ['multiplication', '3 * 4', 12],
    ['division is always float', '7 / 2', 3.5],
    ['exact division', '6 / 3', 2],
    ['division by zero is +Inf', '1 / 0', Infinity],
    ['negative division by zero is -Inf', '-1 / 0', -Infinity],
    ['zero over zero is NaN', '0 / 0', NaN],
    ['modulo', '10 % 3', 1],
    ['modulo keeps the sign of the dividend', '-7 % 3', -1],
    ['power', '2 ** 10', 1024],
    ['caret power', '2 ^ 3', 8],
    ['fractional power', '4 ** 0.5', 2],
    ['Go pow: 1 ** NaN is 1', '1 ** nan', 1],
    ['Go pow: -1 ** Inf is 1', '(-1) ** inf', 1],
    ['unary minus', '-n', -5],
    ['unary plus', '+n', 5],
    ['not', 'not t', false],
    ['bang', '!t', false],
    ['precedence', '1 + 2 * 3 - 4 / 2', 5],
    ['parentheses', '(1 + 2) * 3', 9],
    ['== numbers', '1 == 1.0', true],
    ['== strings', 's == "hello"', true],
    ['== arrays deep', '[1, [2]] == [1, [2]]', true],
    ['== maps deep', '{a: 1} == {a: 1}', true],
    ['== different maps', '{a: 1} == {a: 2}', false],
    ['== mismatched types is false', '"1" == 1', false],
    ['== nil', 'nil == nil', true],
    ['nil == 0 is false', 'nil == 0', false],
    ['!=', '1 != 2', true],
    ['<', '1 < 2', true],
    ['>', '1 > 2', false],
    ['<=', '2 <= 2', true],
    ['>=', '2 >= 3', false],
    ['string comparison', '"abc" < "abd"', true],
    ['chained comparison', '1 < n < 10', true],
    ['chained comparison false', '1 < n < 3', false],
    ['NaN == NaN is false', 'nan == nan', false],
    ['NaN != NaN is true', 'nan != nan', true],
    ['NaN < 1 is false', 'nan < 1', false],
    ['NaN > 1 is false', 'nan > 1', false],
    ['NaN >= NaN is false', 'nan >= nan', false],
    ['Inf > any number', 'inf > 1e308', true],
    ['-Inf < any number', 'ninf < -1e308', true],
    ['Inf == Inf', 'inf == inf', true],
    ['Inf - Inf is NaN', 'inf - inf', NaN],
    ['and', 't and false', false],
    ['&&', 't && t', true],
    ['or', 'false or t', true],
    ['||', 'false || false', false],
    ['&& short-circuits', 'false && nil > 1', false],
    ['|| short-circuits', 'true || nil > 1', true],
    ['and short-circuits past errors', 'len(empty) > 0 && empty[0] > 1', false],
    ['in array', '2 in arr', true],
    ['not in array', '4 not in arr', true],
    ['in array deep', '[1] in [[1], [2]]', true],
    ['in map keys', '"a" in m', true],
    ['missing key not in map', '"z" in m', false],
    ['inherited key not in map', '"constructor" in m', false],
    ['in nil is false', '1 in nil', false],
    ['contains', 's contains "ell"', true],
    ['not contains', 's not contains "x"', true],
    ['startsWith', 's startsWith "he"', true],
    ['endsWith', 's endsWith "lo"', true],
    ['matches', 's matches "^h.*o$"', true],
    ['not matches', 's not matches "^x"', true],
    ['matches with (?i)', '"HELLO" matches "(?i)hello"', true],
    ['matches with a Go named group', '"v1" matches "^v(?P<major>\\\\d+)$"', true],
    ['range', '1..4', [1, 2, 3, 4]],
    ['empty range', '3..1', []],
    ['single range', '2..2', [2]],
    ['ternary true', 'n > 1 ? "big" : "small"', 'big'],
    ['ternary false', 'n > 10 ? "big" : "small"', 'small'],
    ['ternary does not evaluate the other branch', 't ? 1 : nil > 1', 1],
    ['?? on nil', 'nil ?? 3', 3],
    ['?? on value', 'n ?? 3', 5],
    ['?? keeps false', 'false ?? true', false],
    ['?? on missing key', 'm.zzz ?? "none"', 'none'],
    ['?? does not evaluate the right side', 'n ?? (nil > 1)', 5],
  ];
  it.each(table)('%s: %s', (_name, source, expected) => {
    expect(run(source)).toEqual(expected);
  });
});

describe('evaluate: access', () => {
  const table: Array<[string, string, unknown]> = [
    ['member', 'm.a', 1],
    ['nested member', 'm.b.c', 'x'],
    ['bracket member', 'm["with space"]', 2],
    ['missing key is nil', 'm.missing', null],
    ['index', 'arr[0]', 1],
    ['negative index', 'arr[-1]', 3],
    ['negative index from the start', 'arr[-3]', 1],
    ['index then member', 'm.nested[1].x', 5],
    ['string index', 's[1]', 'e'],
    ['slice', 'arr[1:3]', [2, 3]],
    ['slice from', 'arr[1:]', [2, 3]],
    ['slice to', 'arr[:2]', [1, 2]],
    ['slice all', 'arr[:]', [1, 2, 3]],
    ['slice with negative bounds', 'arr[-2:]', [2, 3]],
    ['slice clamps', 'arr[1:100]', [2, 3]],
    ['inverted slice is empty', 'arr[2:1]', []],
    ['string slice', 's[1:3]', 'el'],
    ['optional chain on nil', 'z?.a', null],
    ['optional chain cuts the rest', 'z?.a.b.c', null],
    ['optional chain on a value', 'm?.b.c', 'x'],
    ['optional index on nil', 'z?.[0]', null],
    ['constructor is not reachable', 'm.constructor', null],
    ['__proto__ is not reachable', 'm.__proto__', null],
    ['toString is not reachable', 'm["toString"]', null],
    ['hasOwnProperty is not reachable', 'm.hasOwnProperty', null],
    ['__proto__ map key is an ordinary key', '{__proto__: 1}.__proto__', 1],
    ['map literal', '{a: n, "b": [1]}', { a: 5, b: [1] }],
    ['map with number key', '{1: "one"}["1"]', 'one'],
    ['number index into a map', '{1: "one"}[1]', 'one'],
    ['array literal', '[n, s, nil]', [5, 'hello', null]],
  ];
  it.each(table)('%s: %s', (_name, source, expected) => {
    expect(run(source)).toEqual(expected);
  });
});

describe('evaluate: runtime errors name the operator, the types and the column', () => {
  const table: Array<[string, string, string]> = [
    ['string < number', 's < 1', 'invalid operation: string < number at column 3'],
    ['nil > number', 'nil > 1', 'invalid operation: nil > number at column 5'],
    ['bool + number', 't + 1', 'invalid operation: bool + number at column 3'],
    ['string - string', 's - s', 'invalid operation: string - string at column 3'],
    ['array * number', 'arr * 2', 'invalid operation: array * number at column 5'],
    ['map / number', 'm / 2', 'invalid operation: map / number at column 3'],
    ['float modulo', 'f % 2', 'invalid operation: % needs integers, got 0.5 % 2 at column 3'],
    ['modulo by zero', 'n % 0', 'integer divide by zero at column 3'],
    ['negate a string', '-s', 'invalid operation: - string at column 1'],
    ['not a number', 'not n', 'invalid operation: not number at column 1'],
    ['&& on a number', 'n && t', 'invalid operation: && needs bools, got number at column 3'],
    ['|| right side', 'false || n', 'invalid operation: || needs bools, got number at column 7'],
    ['contains on an array', 'arr contains 1', 'invalid operation: array contains number at column 5'],
    ['matches on a number', 'n matches "x"', 'invalid operation: number matches string at column 3'],
    ['bad regex', 's matches "("', 'invalid regular expression "("'],
    ['backreference is not RE2', 's matches "(l)\\\\1"', 'invalid regular expression "(l)\\\\1": backreferences and lookaround are not RE2 syntax'],
    ['lookahead is not RE2', 's matches "h(?=e)"', 'invalid regular expression "h(?=e)": backreferences'],
    ['in a string', '"a" in s', 'invalid operation: string in string at column 5'],
    ['range of floats', '1.5..3', 'invalid operation: number .. number at column 4'],
    ['huge range', '0..10000000', 'range 0..10000000 is longer than 1000000 elements at column 2'],
    ['index out of range', 'arr[3]', 'index out of range: 3 (array length is 3) at column 4'],
    ['negative index out of range', 'arr[-4]', 'index out of range: -4 (array length is 3) at column 4'],
    ['index into empty', 'empty[0]', 'index out of range: 0 (array length is 0) at column 6'],
    ['fractional index', 'arr[0.5]', 'cannot fetch number from array at column 4'],
    ['field of an array', 'arr.length', 'cannot fetch "length" from array at column 5'],
    ['field of nil', 'nil.a', 'unexpected token "." at line 1, column 4'],
    ['field of a nil variable without ?.', 'z.a', 'cannot fetch "a" from nil at column 3'],
    ['field of nil variable', 'm.missing.a', 'cannot fetch "a" from nil at column 11'],
    ['field of a number', 'n.x', 'cannot fetch "x" from number at column 3'],
    ['bool key into a map', 'm[true]', 'cannot fetch bool key from map at column 2'],
    ['slice a number', 'n[1:2]', 'cannot slice number at column 2'],
    ['unknown name', 'missing > 1', 'unknown name missing at column 1'],
    ['inherited name is unknown', 'constructor', 'unknown name constructor at column 1'],
    ['ternary on a number', 'n ? 1 : 2', 'non-bool expression (type number) used as condition at column 3'],
    ['error inside a predicate', 'all(arr, {# > "x"})', 'invalid operation: number > string at column 13'],
    ['non-bool predicate', 'all(arr, {#})', 'predicate of all() must return a bool, got number at column 1'],
    ['map key of a bad type', '{(true): 1}', 'a map key must be a string or a number, got bool at column 1'],
    ['error on a later line', 'n > 1 &&\n  s > 1', 'invalid operation: string > number at line 2, column 5'],
  ];
  it.each(table)('%s', (_name, source, message) => {
    let caught: unknown;
    try {
      run(source);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExprError);
    expect((caught as ExprError).message.split('\n')[0]?.startsWith(message)).toBe(true);
  });

  it('puts a caret under the operator', () => {
    expect(() => evaluateTree(parse('result < 1'), { result: 'x' }))
      .toThrowError('invalid operation: string < number at column 8\n | result < 1\n | .......^');
  });
});
