import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateExpression, ExprError, parseExpression } from './index.js';

describe('evaluateCondition: what Argo Rollouts users write', () => {
  const table: Array<[string, string, unknown, boolean]> = [
    ['first element threshold met', 'result[0] >= 0.95', [0.97], true],
    ['first element threshold missed', 'result[0] >= 0.95', [0.9], false],
    ['last element', 'result[-1] <= 5', [9, 4], true],
    ['len and all', 'len(result) > 0 && all(result, {# < 1})', [0.2, 0.9], true],
    ['len and all, one too high', 'len(result) > 0 && all(result, {# < 1})', [0.2, 1.5], false],
    ['len and all, empty result short-circuits', 'len(result) > 0 && all(result, {# < 1})', [], false],
    ['isNaN of NaN', 'isNaN(result)', NaN, true],
    ['isNaN of a number', 'isNaN(result)', 0.5, false],
    ['isNaN of an element', 'isNaN(result[0])', [NaN], true],
    ['not isNaN and threshold', '!isNaN(result) && result > 0.9', 0.95, true],
    ['isInf', 'isInf(result)', -Infinity, true],
    ['isNil of nil', 'isNil(result)', null, true],
    ['isNil of an empty result', 'isNil(result)', [], true],
    ['isNil of a value', 'isNil(result)', 3, false],
    ['default of nil', 'default(result, 0) < 5', null, true],
    ['default of undefined', 'default(result, 0) < 5', undefined, true],
    ['default of a value', 'default(result, 0) < 5', 7, false],
    ['asFloat of a string', 'asFloat(result) > 0.9', '0.95', true],
    ['asFloat of a number', 'asFloat(result) >= 1', 1, true],
    ['asInt of a string', 'asInt(result) == 1', '1', true],
    ['asInt of a float', 'asInt(result) == 1', 1.123, true],
    ['word operators over a map', 'result.status == "ok" and not (result.errors > 3)', { status: 'ok', errors: 1 }, true],
    ['word operators over a map, too many errors', 'result.status == "ok" and not (result.errors > 3)', { status: 'ok', errors: 5 }, false],
    ['in a literal array', 'result in [1,2,3]', 2, true],
    ['not in a literal array', 'result in [1,2,3]', 4, false],
    ['number in result', '2 in result', [2, 2], true],
    ['ternary', 'result > 5 ? true : false', 6, true],
    ['ternary false branch', 'result > 5 ? true : false', 5, false],
    ['nil coalescing', '(result ?? 0) < 1', null, true],
    ['nested map and all', 'all(result.service_apdex.values.values, {# > 1})', { service_apdex: { label: null, values: { values: [2, 2] } } }, true],
    ['result == true', 'result == true', true, true],
    ['result == false', 'result == false', true, false],
    ['literal true', 'true', 'anything', true],
    ['web metric JSON field', 'result.data.ok == true && result.data.latency < 200', { data: { ok: true, latency: 120 } }, true],
    ['string status', 'result == "Healthy"', 'Healthy', true],
    ['regex on a string result', 'result matches "^2\\\\d\\\\d$"', '204', true],
    ['sum of a vector', 'sum(result) / len(result) < 0.5', [0.2, 0.4], true],
    ['mean of a vector', 'mean(result) < 0.5', [0.2, 0.4], true],
    ['any over a range vector', 'any(result, {# > 100})', [5, 150], true],
    ['filter and count', 'count(result, {# > 0.5}) <= 1', [0.7, 0.1, 0.2], true],
    ['NaN comparison is false', 'result >= 0.95', NaN, false],
    ['NaN != itself', 'result != result', NaN, true],
    ['+Inf is above any threshold', 'result > 1000', Infinity, true],
    ['pipe', 'result | filter(# > 1) | len() == 2', [1, 2, 3], true],
    ['multi-line condition', 'len(result) > 0 &&\n  result[0] < 10', [1], true],
    ['comparison chain', '0 <= result[0] <= 1', [0.5], true],
    // With untyped data a number and a string are only unequal (a typed helper's value is an error: time.test.ts).
    ['untyped number == string is false', 'result == "1.1"', 1.1, false],
    ['optional chaining on a missing field', 'result?.a?.b == nil', {}, true],
  ];
  it.each(table)('%s: %s', (_name, condition, result, expected) => {
    expect(evaluateCondition(condition, result)).toBe(expected);
  });

  const errors: Array<[string, string, unknown, string]> = [
    ['non-boolean number', 'result[0]', [3], 'condition "result[0]" evaluated to number 3, expected a boolean'],
    ['non-boolean string', 'result', 'ok', 'condition "result" evaluated to string "ok", expected a boolean'],
    ['non-boolean nil', 'result', null, 'condition "result" evaluated to nil, expected a boolean'],
    ['non-boolean array', 'result', [1, 2], 'condition "result" evaluated to array [1 2], expected a boolean'],
    ['unknown variable', 'a == true', true, 'unknown name a at column 1'],
    ['empty result indexed', 'result[0] >= 0.95', [], 'index out of range: 0 (array length is 0) at column 7'],
    ['nil result indexed', 'result[0] >= 0.95', null, 'cannot fetch 0 from nil at column 7'],
    ['string compared to a number', 'result < 1', 'x', 'invalid operation: string < number at column 8'],
    ['asFloat of garbage', 'asFloat(result) == 1.1', 'NotANum', 'asFloat: parsing "NotANum": invalid syntax at column 1'],
    ['parse error', 'result >= 1)', 1, 'unexpected token ")" at line 1, column 12'],
    ['method call', 'result.Name() == "hi"', true, 'method calls are not supported: Name() at line 1, column 8'],
    ['isNaN of a string', 'isNaN(result)', 'NaN', 'isNaN() expects a number, got string at column 1'],
  ];
  it.each(errors)('error: %s', (_name, condition, result, message) => {
    let caught: unknown;
    try {
      evaluateCondition(condition, result);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExprError);
    expect((caught as ExprError).message.split('\n')[0]?.startsWith(message)).toBe(true);
  });
});

describe('parseExpression', () => {
  it('returns the same tree for the same source (cached)', () => {
    expect(parseExpression('result > 1')).toBe(parseExpression('result > 1'));
  });

  it('keeps the source for error positions', () => {
    expect(parseExpression('result[0] >= 1').source).toBe('result[0] >= 1');
  });

  it('stays bounded: many distinct sources evict the oldest', () => {
    const first = parseExpression('result == 0');
    for (let i = 1; i <= 600; i++) parseExpression(`result == ${i}`);
    expect(parseExpression('result == 0')).not.toBe(first);
    expect(parseExpression('result == 0')).toEqual(first);
  });

  it('throws ExprError with a caret snippet', () => {
    expect(() => parseExpression('result >= )')).toThrowError(
      'unexpected token ")" at line 1, column 11\n | result >= )\n | ..........^');
  });
});

describe('evaluateExpression', () => {
  it('takes a parsed expression or its source', () => {
    const env = { result: [1, 2] };
    expect(evaluateExpression('len(result)', env)).toBe(2);
    expect(evaluateExpression(parseExpression('len(result)'), env)).toBe(2);
  });

  it('reads only the environment it is given', () => {
    expect(() => evaluateExpression('process', { result: 1 })).toThrowError('unknown name process at column 1');
    expect(() => evaluateExpression('globalThis', {})).toThrowError('unknown name globalThis');
    expect(() => evaluateExpression('toString', {})).toThrowError('unknown name toString');
  });

  it('never reaches prototypes of data', () => {
    expect(evaluateExpression('result.constructor', { result: {} })).toBeNull();
    expect(evaluateExpression('result["__proto__"]', { result: {} })).toBeNull();
    expect(() => evaluateExpression('result.constructor', { result: [] })).toThrowError('cannot fetch "constructor" from array');
    expect(() => evaluateExpression('result.length', { result: 'abc' })).toThrowError('cannot fetch "length" from string');
  });

  it('cannot call anything but builtins', () => {
    expect(() => evaluateExpression('constructor(1)', {})).toThrowError('unknown function constructor');
    expect(() => evaluateExpression('f(1)', { f: () => 1 })).toThrowError('unknown function f');
  });

  it('does not modify the environment', () => {
    const env = { result: [3, 1, 2] };
    evaluateExpression('map(result, # * 2) + result[0:1]', env);
    expect(env).toEqual({ result: [3, 1, 2] });
  });

  it('turns a stack overflow on a pathological tree into an ExprError', () => {
    const source = Array.from({ length: 20_000 }, () => '1').join(' + ');
    expect(() => evaluateExpression(source, {})).not.toThrowError(RangeError);
  });
});
