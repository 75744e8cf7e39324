import { describe, expect, it } from 'vitest';
import { ExprError } from './errors.js';
import { tokenize } from './lexer.js';

const kinds = (s: string): string[] => tokenize(s).map((t) => `${t.kind}:${t.kind === 'number' ? t.number : t.value}`);

describe('tokenize', () => {
  const table: Array<[string, string, string[]]> = [
    ['empty source', '', ['eof:']],
    ['identifier and operator', 'result >= 1', ['ident:result', 'op:>=', 'number:1', 'eof:']],
    ['word operators', 'a and b or not c', ['ident:a', 'op:and', 'ident:b', 'op:or', 'op:not', 'ident:c', 'eof:']],
    ['in/matches/contains', 'x in y matches z contains w', ['ident:x', 'op:in', 'ident:y', 'op:matches', 'ident:z', 'op:contains', 'ident:w', 'eof:']],
    ['startsWith/endsWith', 'a startsWith b endsWith c', ['ident:a', 'op:startsWith', 'ident:b', 'op:endsWith', 'ident:c', 'eof:']],
    ['integer with underscores', '1_000', ['number:1000', 'eof:']],
    ['float', '0.95', ['number:0.95', 'eof:']],
    ['leading-dot float', '.5', ['number:0.5', 'eof:']],
    ['exponent', '1e3', ['number:1000', 'eof:']],
    ['negative exponent', '2.5e-3', ['number:0.0025', 'eof:']],
    ['hex', '0xFF', ['number:255', 'eof:']],
    ['octal', '0o17', ['number:15', 'eof:']],
    ['binary', '0b101', ['number:5', 'eof:']],
    ['range is not a float', '1..3', ['number:1', 'op:..', 'number:3', 'eof:']],
    ['double-quoted string', '"ok"', ['string:ok', 'eof:']],
    ['single-quoted string', "'ok'", ['string:ok', 'eof:']],
    ['escapes', '"a\\nb\\t\\"c\\\\"', ['string:a\nb\t"c\\', 'eof:']],
    ['unicode escapes', '"\\u00e9\\x41\\U0001F600\\101"', ['string:éA😀A', 'eof:']],
    ['raw string keeps backslashes', '`a\\nb`', ['string:a\\nb', 'eof:']],
    ['line comment', '1 // two\n+ 2', ['number:1', 'op:+', 'number:2', 'eof:']],
    ['block comment', '1 /* x */ + 2', ['number:1', 'op:+', 'number:2', 'eof:']],
    ['optional chaining and coalescing', 'a?.b ?? c', ['ident:a', 'op:?.', 'ident:b', 'op:??', 'ident:c', 'eof:']],
    ['ternary', 'a ? b : c', ['ident:a', 'op:?', 'ident:b', 'op::', 'ident:c', 'eof:']],
    ['power operators', '2 ** 3 ^ 4', ['number:2', 'op:**', 'number:3', 'op:^', 'number:4', 'eof:']],
    ['pointer', '#index', ['op:#', 'ident:index', 'eof:']],
    ['brackets', '([{}])', ['bracket:(', 'bracket:[', 'bracket:{', 'bracket:}', 'bracket:]', 'bracket:)', 'eof:']],
    ['pipe and or', 'a | b || c', ['ident:a', 'op:|', 'ident:b', 'op:||', 'ident:c', 'eof:']],
    ['dollar and underscore names', '$x _y', ['ident:$x', 'ident:_y', 'eof:']],
  ];
  it.each(table)('%s', (_name, source, expected) => {
    expect(kinds(source)).toEqual(expected);
  });

  it('records offsets', () => {
    expect(tokenize('a  >= 1').map((t) => t.offset)).toEqual([0, 3, 6, 7]);
  });

  const errors: Array<[string, string, string]> = [
    ['unknown character', 'a @ b', 'unrecognized character: "@" at line 1, column 3'],
    ['unterminated string', 'x == "abc', 'literal not terminated at line 1, column 6'],
    ['unterminated raw string', '`abc', 'literal not terminated at line 1, column 1'],
    ['bad escape', '"\\q"', 'invalid escape sequence: \\q at line 1, column 2'],
    ['number followed by letters', '12abc', 'bad number syntax: "12a" at line 1, column 1'],
    ['dangling exponent', '1e', 'invalid number literal: 1e at line 1, column 1'],
    ['huge integer', '99999999999999999999', 'integer literal is too large at line 1, column 1'],
    ['huge float', '1e999', 'number literal is too large at line 1, column 1'],
    ['unclosed comment', '1 /* x', 'unclosed comment at line 1, column 3'],
    ['second line', 'a ==\n  @', 'unrecognized character: "@" at line 2, column 3'],
  ];
  it.each(errors)('error: %s', (_name, source, message) => {
    let caught: unknown;
    try {
      tokenize(source);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExprError);
    expect((caught as ExprError).message.split('\n')[0]).toBe(message);
  });
});
