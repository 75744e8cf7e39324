// Turns a condition's source into tokens, following expr-lang's lexical rules: numbers with `_`,
// hex/octal/binary, `.5`; single, double and raw (backtick) strings; `//` and `/* */` comments.
import { ExprError } from './errors.js';

export type TokenKind = 'number' | 'string' | 'ident' | 'op' | 'bracket' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The operator, bracket or identifier text; the decoded text of a string. */
  readonly value: string;
  /** The value of a number token. */
  readonly number: number;
  readonly offset: number;
}

const WORD_OPERATORS = new Set(['not', 'in', 'or', 'and', 'matches', 'contains', 'startsWith', 'endsWith']);
const SYMBOLS = ['?.', '??', '..', '**', '==', '!=', '<=', '>=', '&&', '||', '?', '.', ':', ',', '%', '+', '-',
  '^', '*', '/', '<', '>', '!', '|', '#', '='];
const BRACKETS = '()[]{}';

/**
 * Splits `source` into tokens, ending with one `eof` token.
 *
 * @example tokenize('result >= 1').map((t) => t.kind) // ['ident', 'op', 'number', 'eof']
 * @throws ExprError naming the line and column of an unrecognized character or a bad literal.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const fail = (reason: string, offset: number): never => {
    throw new ExprError(reason, { source, offset, kind: 'parse' });
  };
  const push = (kind: TokenKind, value: string, offset: number, number = 0): void => {
    tokens.push({ kind, value, number, offset });
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) fail('unclosed comment', start);
      i = end + 2;
    } else if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      i = scanNumber(source, i, fail);
      const text = source.slice(start, i);
      push('number', text, start, numberValue(text, start, fail));
    } else if (c === '"' || c === "'") {
      const [value, end] = scanString(source, i, fail);
      push('string', value, start);
      i = end;
    } else if (c === '`') {
      const end = source.indexOf('`', i + 1);
      if (end < 0) fail('literal not terminated', start);
      push('string', source.slice(i + 1, end), start);
      i = end + 1;
    } else if (isIdentStart(c)) {
      while (i < source.length && isIdentPart(source[i] as string)) i++;
      const word = source.slice(start, i);
      push(WORD_OPERATORS.has(word) ? 'op' : 'ident', word, start);
    } else if (BRACKETS.includes(c)) {
      push('bracket', c, start);
      i++;
    } else {
      const symbol = SYMBOLS.find((s) => source.startsWith(s, i));
      if (symbol === undefined) fail(`unrecognized character: ${JSON.stringify(c)}`, start);
      push('op', symbol as string, start);
      i += (symbol as string).length;
    }
  }
  push('eof', '', source.length);
  return tokens;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isIdentStart(c: string): boolean {
  return /[\p{L}_$]/u.test(c);
}

function isIdentPart(c: string): boolean {
  return /[\p{L}\p{N}_$]/u.test(c);
}

type Fail = (reason: string, offset: number) => never;

function scanNumber(source: string, start: number, fail: Fail): number {
  let i = start;
  let digits = /[0-9_]/;
  const prefix = source.slice(i, i + 2).toLowerCase();
  if (prefix === '0x') digits = /[0-9a-fA-F_]/;
  else if (prefix === '0o') digits = /[0-7_]/;
  else if (prefix === '0b') digits = /[01_]/;
  if (digits.source !== '[0-9_]') i += 2;
  const run = (): void => {
    while (i < source.length && digits.test(source[i] as string)) i++;
  };
  run();
  const decimal = digits.source === '[0-9_]';
  if (decimal && source[i] === '.' && source[i + 1] !== '.') {
    i++;
    run();
  }
  if (decimal && (source[i] === 'e' || source[i] === 'E')) {
    i++;
    if (source[i] === '+' || source[i] === '-') i++;
    run();
  }
  const next = source[i];
  if (next !== undefined && isIdentPart(next)) fail(`bad number syntax: ${JSON.stringify(source.slice(start, i + 1))}`, start);
  return i;
}

function numberValue(text: string, offset: number, fail: Fail): number {
  const clean = text.replace(/_/g, '');
  const value = Number(clean.startsWith('.') ? `0${clean}` : clean);
  if (Number.isNaN(value) || clean === '' || /[eE][+-]?$/.test(clean)) fail(`invalid number literal: ${text}`, offset);
  if (!Number.isFinite(value)) fail('number literal is too large', offset);
  if (Number.isInteger(value) && !/[.eE]/.test(clean) && !Number.isSafeInteger(value)) {
    fail('integer literal is too large', offset);
  }
  return value;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'",
};

/** Reads a quoted string starting at `start`; returns its decoded text and the offset after it. */
function scanString(source: string, start: number, fail: Fail): [string, number] {
  const quote = source[start];
  let out = '';
  let i = start + 1;
  for (;;) {
    const c = source[i];
    if (c === undefined || c === '\n') return fail('literal not terminated', start);
    if (c === quote) return [out, i + 1];
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = source[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : /[0-7]/.test(e) ? 3 : 0;
    const digits = e >= '0' && e <= '7' ? source.slice(i + 1, i + 4) : source.slice(i + 2, i + 2 + width);
    const valid = width > 0 && digits.length === width && (e >= '0' && e <= '7' ? /^[0-7]{3}$/ : /^[0-9a-fA-F]+$/).test(digits);
    const code = valid ? parseInt(digits, e >= '0' && e <= '7' ? 8 : 16) : -1;
    if (!valid || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return fail(`invalid escape sequence: \\${e}`, i);
    }
    out += String.fromCodePoint(code);
    i += e >= '0' && e <= '7' ? 4 : 2 + width;
  }
}
