import { describe, expect, it } from 'vitest';
import { ExprError } from './errors.js';
import { evaluateTree } from './evaluate.js';
import { parse } from './parser.js';

const env = {
  xs: [3, 1, 2], empty: [], words: ['a', 'b', 'c'], m: { a: 1, b: 2 },
  rows: [{ status: 'ok', v: 1 }, { status: 'bad', v: 7 }, { status: 'ok', v: 4 }],
  nan: NaN, inf: Infinity, z: null,
};
const run = (source: string): unknown => evaluateTree(parse(source), env);

describe('builtins', () => {
  const table: Array<[string, string, unknown]> = [
    // len
    ['len of array', 'len(xs)', 3],
    ['len of empty array', 'len(empty)', 0],
    ['len of string counts characters', 'len("héllo")', 5],
    ['len of map', 'len(m)', 2],
    // predicates
    ['all true', 'all(xs, {# > 0})', true],
    ['all false', 'all(xs, {# > 1})', false],
    ['all of empty is true', 'all(empty, {# > 1})', true],
    ['any true', 'any(xs, {# > 2})', true],
    ['any of empty is false', 'any(empty, {# > 1})', false],
    ['none true', 'none(xs, {# > 5})', true],
    ['none of empty is true', 'none(empty, {# > 1})', true],
    ['one true', 'one(xs, {# == 2})', true],
    ['one false when two match', 'one(xs, {# > 1})', false],
    ['one of empty is false', 'one(empty, {# > 1})', false],
    ['filter', 'filter(xs, {# >= 2})', [3, 2]],
    ['filter by field', 'filter(rows, {.status == "ok"})', [{ status: 'ok', v: 1 }, { status: 'ok', v: 4 }]],
    ['filter with #index', 'filter(xs, {#index > 0})', [1, 2]],
    ['map', 'map(xs, {# * 2})', [6, 2, 4]],
    ['map field', 'map(rows, {.v})', [1, 7, 4]],
    ['map with #.field', 'map(rows, #.status)', ['ok', 'bad', 'ok']],
    ['map #index', 'map(words, #index)', [0, 1, 2]],
    ['count with predicate', 'count(rows, {.v > 2})', 2],
    ['count of bools', 'count([true, false, true])', 2],
    ['sum', 'sum(xs)', 6],
    ['sum of empty is 0', 'sum(empty)', 0],
    ['sum with predicate', 'sum(rows, {.v})', 12],
    ['find', 'find(xs, {# < 3})', 1],
    ['find nothing is nil', 'find(xs, {# > 5})', null],
    ['findIndex', 'findIndex(xs, {# == 2})', 2],
    ['findIndex nothing is -1', 'findIndex(xs, {# > 5})', -1],
    ['findLast', 'findLast(xs, {# > 1})', 2],
    ['findLastIndex', 'findLastIndex(xs, {# > 1})', 2],
    ['reduce', 'reduce(xs, #acc + #)', 6],
    ['reduce with initial value', 'reduce(xs, #acc + #, 10)', 16],
    ['nested predicates keep their own #', 'all([[1, 2], [3]], {all(#, {# > 0})})', true],
    ['pipe into a predicate builtin', 'xs | filter(# > 1) | len()', 2],
    // first/last
    ['first', 'first(xs)', 3],
    ['first of empty is nil', 'first(empty)', null],
    ['last', 'last(xs)', 2],
    ['last of empty is nil', 'last(empty)', null],
    // numbers
    ['abs', 'abs(-2.5)', 2.5],
    ['ceil', 'ceil(1.2)', 2],
    ['ceil of negative', 'ceil(-1.5)', -1],
    ['floor', 'floor(1.8)', 1],
    ['round half away from zero', 'round(2.5)', 3],
    ['round negative half away from zero', 'round(-2.5)', -3],
    ['round NaN', 'round(nan)', NaN],
    ['min of arguments', 'min(3, 1, 2)', 1],
    ['max of arguments', 'max(3, 1, 2)', 3],
    ['min of an array', 'min(xs)', 1],
    ['max of an array', 'max(xs)', 3],
    ['max with NaN is NaN', 'max(1, nan)', NaN],
    ['mean', 'mean(xs)', 2],
    ['mean of arguments', 'mean(1, 2)', 1.5],
    ['median odd', 'median(xs)', 2],
    ['median even', 'median([4, 1, 3, 2])', 2.5],
    // conversions
    ['int of float truncates', 'int(2.9)', 2],
    ['int of negative truncates toward zero', 'int(-2.9)', -2],
    ['int of string', 'int("42")', 42],
    ['float of string', 'float("1.5")', 1.5],
    ['float of int', 'float(2)', 2],
    ['string of int', 'string(42)', '42'],
    ['string of float', 'string(0.5)', '0.5'],
    ['string of small float uses Go exponent', 'string(0.00001)', '1e-05'],
    ['string of +Inf', 'string(inf)', '+Inf'],
    ['string of NaN', 'string(nan)', 'NaN'],
    ['string of nil', 'string(z)', '<nil>'],
    ['string of array', 'string(xs)', '[3 1 2]'],
    ['string of map', 'string({b: 1, a: "x"})', 'map[a:x b:1]'],
    ['string of bool', 'string(true)', 'true'],
    // strings
    ['upper', 'upper("abc")', 'ABC'],
    ['lower', 'lower("ABC")', 'abc'],
    ['trim', 'trim("  a b  ")', 'a b'],
    ['trim chars', 'trim("__a__", "_")', 'a'],
    ['split', 'split("a,b,c", ",")', ['a', 'b', 'c']],
    ['split with n', 'split("a,b,c", ",", 2)', ['a', 'b,c']],
    ['split on empty separator', 'split("abc", "")', ['a', 'b', 'c']],
    ['join', 'join(words, "-")', 'a-b-c'],
    ['join without separator', 'join(words)', 'abc'],
    // maps
    ['keys', 'keys(m)', ['a', 'b']],
    ['values', 'values(m)', [1, 2]],
    // type
    ['type int', 'type(1)', 'int'],
    ['type float', 'type(1.5)', 'float'],
    ['type string', 'type("")', 'string'],
    ['type bool', 'type(true)', 'bool'],
    ['type nil', 'type(nil)', 'nil'],
    ['type array', 'type(xs)', 'array'],
    ['type map', 'type(m)', 'map'],
    // JSON
    ['toJSON sorts keys and indents', 'toJSON({b: 1, a: [1]})', '{\n  "a": [\n    1\n  ],\n  "b": 1\n}'],
    ['toJSON escapes like Go', 'toJSON("<&>")', '"\\u003c\\u0026\\u003e"'],
    ['toJSON of nil', 'toJSON(nil)', 'null'],
    ['fromJSON', 'fromJSON(\'{"a": [1, 2]}\').a[1]', 2],
    ['fromJSON keeps __proto__ a plain key', 'fromJSON(\'{"__proto__": {"x": 1}}\').x', null],
    // Argo's helpers
    ['asInt of string', 'asInt("42")', 42],
    ['asInt of negative string', 'asInt("-7")', -7],
    ['asInt of float truncates', 'asInt(1.123)', 1],
    ['asFloat of string', 'asFloat("1.1")', 1.1],
    ['asFloat of exponent', 'asFloat("1e3")', 1000],
    ['asFloat of number', 'asFloat(2)', 2],
    ['asFloat of NaN text', 'asFloat("NaN")', NaN],
    ['asFloat of Inf text', 'asFloat("+Inf")', Infinity],
    ['asFloat of -inf text', 'asFloat("-inf")', -Infinity],
    ['isNaN true', 'isNaN(nan)', true],
    ['isNaN false', 'isNaN(1)', false],
    ['isInf +Inf', 'isInf(inf)', true],
    ['isInf -Inf', 'isInf(-inf)', true],
    ['isInf false', 'isInf(1e308)', false],
    ['isNil of nil', 'isNil(z)', true],
    ['isNil of empty array (a Go nil slice)', 'isNil(empty)', true],
    ['isNil of zero', 'isNil(0)', false],
    ['isNil of false', 'isNil(false)', false],
    ['default of nil', 'default(z, 7)', 7],
    ['default of empty array', 'default(empty, 0)', 0],
    ['default of a value', 'default(xs, 0)', [3, 1, 2]],
    ['default keeps zero', 'default(0, 5)', 0],
  ];
  it.each(table)('%s: %s', (_name, source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  const errors: Array<[string, string, string]> = [
    ['len of a number', 'len(1)', 'invalid argument for len (type number) at column 1'],
    ['len of nil', 'len(z)', 'invalid argument for len (type nil) at column 1'],
    ['all over nil', 'all(z, {# > 1})', 'all() expects an array, got nil at column 1'],
    ['filter over a map', 'filter(m, {# > 1})', 'filter() expects an array, got map at column 1'],
    ['sum of strings', 'sum(words)', 'sum() expects a number, got string at column 1'],
    ['min of empty', 'min(empty)', 'min() of an empty array at column 1'],
    ['mean of empty', 'mean(empty)', 'mean() of an empty array at column 1'],
    ['median of strings', 'median(words)', 'median() expects a number, got string at column 1'],
    ['abs of a string', 'abs("x")', 'abs() expects a number, got string at column 1'],
    ['upper of a number', 'upper(1)', 'upper() expects a string, got number at column 1'],
    ['join of numbers', 'join(xs)', 'join() expects a string, got number at column 1'],
    ['keys of an array', 'keys(xs)', 'keys() expects a map, got array at column 1'],
    ['int of garbage', 'int("x")', 'int: parsing "x": invalid syntax at column 1'],
    ['int of Inf', 'int(inf)', 'int() cannot convert +Inf to an integer at column 1'],
    ['float of bool', 'float(true)', 'float() not supported on bool true at column 1'],
    ['asInt of a float string', 'asInt("1.1")', 'asInt: parsing "1.1": invalid syntax at column 1'],
    ['asInt of garbage', 'asInt("notint")', 'asInt: parsing "notint": invalid syntax at column 1'],
    ['asInt of nil', 'asInt(z)', 'asInt() not supported on nil at column 1'],
    ['asFloat of garbage', 'asFloat("NotANum")', 'asFloat: parsing "NotANum": invalid syntax at column 1'],
    ['asFloat of empty string', 'asFloat("")', 'asFloat: parsing "": invalid syntax at column 1'],
    ['asFloat out of range', 'asFloat("1e400")', 'asFloat: parsing "1e400": value out of range at column 1'],
    ['isNaN of a string', 'isNaN("x")', 'isNaN() expects a number, got string at column 1'],
    ['isInf of nil', 'isInf(z)', 'isInf() expects a number, got nil at column 1'],
    ['toJSON of NaN', 'toJSON(nan)', 'toJSON(): unsupported value: NaN at column 1'],
    ['fromJSON of garbage', 'fromJSON("{")', 'fromJSON(): '],
    ['reduce of empty without initial value', 'reduce(empty, #acc + #)', 'reduce() of an empty array with no initial value'],
    ['error inside an argument points at the argument', 'abs(1 + "x")', 'invalid operation: number + string at column 7'],
  ];
  it.each(errors)('error: %s', (_name, source, message) => {
    let caught: unknown;
    try {
      run(source);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExprError);
    expect((caught as ExprError).message.split('\n')[0]?.startsWith(message)).toBe(true);
  });
});
