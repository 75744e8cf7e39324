// A precedence-climbing parser for expr-lang's grammar, the one Argo Rollouts conditions use
// (the operator table is in precedence.ts).
import type { BinaryOperator, Expr, MapEntry, Node, PointerName, UnaryOperator } from './ast.js';
import { BUILTINS } from './builtins.js';
import { ExprError } from './errors.js';
import { tokenize, type Token, type TokenKind } from './lexer.js';
import { BINARY, COMPARISON_PREC, MAX_NESTING, NEGATABLE, UNARY } from './precedence.js';
import { PREDICATE_BUILTINS } from './predicates.js';
import { formatNumber } from './values.js';

/**
 * Parses an expression into its tree.
 *
 * @example parse('len(result) > 0 && all(result, {# < 1})').root.kind // 'binary'
 * @throws ExprError `unexpected token ")" at line 1, column 12` with a caret snippet.
 */
export function parse(source: string): Expr {
  const parser = new Parser(source, tokenize(source));
  return { source, root: parser.parseAll() };
}

class Parser {
  private index = 0;
  private predicateDepth = 0;
  private nesting = 0;

  constructor(private readonly source: string, private readonly tokens: readonly Token[]) {}

  parseAll(): Node {
    const root = this.parseExpression(0);
    if (this.current.kind !== 'eof') this.unexpected(this.current);
    return root;
  }

  private get current(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): void {
    if (this.index < this.tokens.length - 1) this.index++;
  }

  private is(kind: TokenKind, value?: string, token: Token = this.current): boolean {
    return token.kind === kind && (value === undefined || token.value === value);
  }

  private fail(reason: string, token: Token = this.current): never {
    throw new ExprError(reason, { source: this.source, offset: token.offset, kind: 'parse' });
  }

  private unexpected(token: Token): never {
    if (token.kind === 'eof') return this.fail('unexpected end of expression', token);
    const shown = token.kind === 'string' ? `string ${JSON.stringify(token.value)}` : `token ${JSON.stringify(token.value)}`;
    return this.fail(`unexpected ${shown}`, token);
  }

  private expect(kind: TokenKind, value: string): void {
    if (!this.is(kind, value)) this.unexpected(this.current);
    this.next();
  }

  private parseExpression(precedence: number): Node {
    if (++this.nesting > MAX_NESTING) this.fail('expression is nested too deeply');
    let left = this.parsePrimary();
    let previous = '';
    for (;;) {
      let token = this.current;
      if (token.kind !== 'op') break;
      let notToken: Token | undefined;
      if (token.value === 'not') {
        const after = this.tokens[this.index + 1] as Token;
        if (!this.is('op', undefined, after) || !NEGATABLE.has(after.value)) this.unexpected(after);
        if ((BINARY.get(after.value)?.prec ?? -1) < precedence) break;
        notToken = token;
        this.next();
        token = this.current;
      }
      const op = BINARY.get(token.value);
      if (op === undefined || op.prec < precedence) break;
      this.next();
      if (token.value === '|') {
        const name = this.current;
        if (name.kind !== 'ident') this.unexpected(name);
        this.next();
        left = this.parseCall(name, [left]);
      } else {
        if (previous === '??' && token.value !== '??') {
          this.fail(`operator ${token.value} and ?? cannot be mixed; wrap either in parentheses`, token);
        }
        left = op.prec === COMPARISON_PREC
          ? this.parseComparison(left, token)
          : this.binary(token, left, this.parseExpression(op.right === true ? op.prec : op.prec + 1));
        if (notToken !== undefined) left = { kind: 'unary', op: 'not', operand: left, pos: notToken.offset };
      }
      previous = token.value;
    }
    if (precedence === 0) left = this.parseConditional(left);
    this.nesting--;
    return left;
  }

  private binary(token: Token, left: Node, right: Node): Node {
    return { kind: 'binary', op: token.value as BinaryOperator, left, right, pos: token.offset };
  }

  /** `a < b < c` means `a < b && b < c`, as in expr. */
  private parseComparison(left: Node, token: Token): Node {
    let root: Node | undefined;
    for (;;) {
      const right = this.parseExpression(COMPARISON_PREC + 1);
      const node = this.binary(token, left, right);
      root = root === undefined ? node : { kind: 'binary', op: '&&', left: root, right: node, pos: token.offset };
      left = right;
      if (!this.is('op') || BINARY.get(this.current.value)?.prec !== COMPARISON_PREC) return root;
      token = this.current;
      this.next();
    }
  }

  private parseConditional(node: Node): Node {
    while (this.is('op', '?')) {
      const pos = this.current.offset;
      this.next();
      const then = this.parseExpression(0);
      this.expect('op', ':');
      node = { kind: 'conditional', test: node, then, otherwise: this.parseExpression(0), pos };
    }
    return node;
  }

  private parsePrimary(): Node {
    const token = this.current;
    const unary = token.kind === 'op' ? UNARY.get(token.value) : undefined;
    if (unary !== undefined) {
      this.next();
      const operand = this.parseExpression(unary);
      return this.parsePostfix({ kind: 'unary', op: token.value as UnaryOperator, operand, pos: token.offset });
    }
    if (this.is('bracket', '(')) {
      this.next();
      const inner = this.parseExpression(0);
      this.expect('bracket', ')');
      return this.parsePostfix(inner);
    }
    if (this.is('op', '#') || this.is('op', '.')) {
      if (this.predicateDepth === 0) this.fail('cannot use pointer accessor outside predicate');
      return this.parsePostfix({ kind: 'pointer', name: this.parsePointerName(), pos: token.offset });
    }
    return this.parseSecondary();
  }

  /** `#`, `#index`, `#acc`; a bare `.field` is `#.field`, so its `.` is left for the postfix. */
  private parsePointerName(): PointerName {
    if (this.is('op', '.')) return '';
    const hash = this.current;
    this.next();
    const name = this.current;
    if (name.kind !== 'ident' || name.offset !== hash.offset + 1) return '';
    if (name.value !== 'index' && name.value !== 'acc') this.fail(`unknown pointer #${name.value}`, hash);
    this.next();
    return name.value;
  }

  private parseSecondary(): Node {
    const token = this.current;
    let node: Node;
    if (token.kind === 'ident') {
      this.next();
      if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true', pos: token.offset };
      if (token.value === 'nil') return { kind: 'literal', value: null, pos: token.offset };
      node = this.is('bracket', '(') ? this.parseCall(token, []) : { kind: 'ident', name: token.value, pos: token.offset };
    } else if (token.kind === 'number' || token.kind === 'string') {
      this.next();
      node = { kind: 'literal', value: token.kind === 'number' ? token.number : token.value, pos: token.offset };
    } else if (this.is('bracket', '[')) {
      node = { kind: 'array', items: this.parseList(']', () => this.parseExpression(0)), pos: token.offset };
    } else if (this.is('bracket', '{')) {
      node = { kind: 'map', entries: this.parseList('}', () => this.parseMapEntry()), pos: token.offset };
    } else {
      return this.unexpected(token);
    }
    return this.parsePostfix(node);
  }

  /** Items between the current opening bracket and `close`, comma-separated, trailing comma allowed. */
  private parseList<T>(close: string, item: () => T): T[] {
    this.next();
    const items: T[] = [];
    while (!this.is('bracket', close)) {
      if (items.length > 0) {
        this.expect('op', ',');
        if (this.is('bracket', close)) break;
      }
      items.push(item());
    }
    this.next();
    return items;
  }

  private parseMapEntry(): MapEntry {
    const token = this.current;
    let key: Node;
    if (token.kind === 'ident' || token.kind === 'string' || token.kind === 'number') {
      const text = token.kind === 'number' ? formatNumber(token.number) : token.value;
      key = { kind: 'literal', value: text, pos: token.offset };
      this.next();
    } else if (this.is('bracket', '(')) {
      key = this.parseExpression(0);
    } else {
      return this.fail(`a map key must be a quoted string, a number, an identifier, or an expression in parentheses (unexpected token ${JSON.stringify(token.value)})`);
    }
    this.expect('op', ':');
    return { key, value: this.parseExpression(0) };
  }

  private parseCall(name: Token, piped: Node[]): Node {
    const predicate = PREDICATE_BUILTINS.get(name.value);
    if (predicate !== undefined) {
      const kinds: Array<'expr' | 'predicate' | 'optional-predicate' | 'optional-expr'> =
        ['expr', predicate.predicate === 'required' ? 'predicate' : 'optional-predicate'];
      if (predicate.extra) kinds.push('optional-expr');
      return this.parseArguments(name, piped, kinds.slice(piped.length));
    }
    const builtin = BUILTINS.get(name.value);
    if (builtin === undefined) this.fail(`unknown function ${name.value}`, name);
    const node = this.parseArguments(name, piped, undefined);
    const count = node.kind === 'call' ? node.args.length : 0;
    if (count < builtin.min || count > builtin.max) {
      const want = builtin.min === builtin.max ? `${builtin.min}` : builtin.max === Infinity ? `at least ${builtin.min}` : `${builtin.min} to ${builtin.max}`;
      this.fail(`${name.value}() expects ${want} argument${want === '1' ? '' : 's'}, got ${count}`, name);
    }
    return node;
  }

  /** Arguments in parentheses; `kinds` says which are predicates (undefined: all plain). */
  private parseArguments(name: Token, args: Node[], kinds: readonly string[] | undefined): Node {
    this.expect('bracket', '(');
    const start = args.length;
    for (let i = 0; kinds === undefined || i < kinds.length; i++) {
      const kind = kinds?.[i] ?? 'expr';
      if (this.is('bracket', ')')) {
        if (kinds === undefined || kind.startsWith('optional')) break;
        this.fail(`${name.value}() expects at least ${kinds.filter((k) => !k.startsWith('optional')).length + start} arguments`);
      }
      if (i > 0) {
        this.expect('op', ',');
        if (kinds === undefined && this.is('bracket', ')')) break;
      }
      args.push(kind.endsWith('predicate') ? this.parsePredicate() : this.parseExpression(0));
    }
    if (kinds !== undefined && this.is('op', ',')) this.next();
    this.expect('bracket', ')');
    return { kind: 'call', name: name.value, args, pos: name.offset };
  }

  private parsePredicate(): Node {
    const start = this.current;
    const braces = this.is('bracket', '{');
    if (braces) this.next();
    this.predicateDepth++;
    const body = this.parseExpression(0);
    this.predicateDepth--;
    if (braces) this.expect('bracket', '}');
    return { kind: 'predicate', body, pos: start.offset };
  }

  private parsePostfix(node: Node): Node {
    let optionalChain = false;
    for (;;) {
      const token = this.current;
      let optional = false;
      if (this.is('op', '.') || this.is('op', '?.')) {
        optional = token.value === '?.';
        this.next();
        if (!(optional && this.is('bracket', '['))) {
          const property = this.current;
          const isName = property.kind === 'ident' || (property.kind === 'op' && /^[A-Za-z_]\w*$/.test(property.value));
          if (!isName) this.fail('expected name', property);
          this.next();
          if (this.is('bracket', '(')) this.fail(`method calls are not supported: ${property.value}()`, property);
          const key: Node = { kind: 'literal', value: property.value, pos: property.offset };
          node = { kind: 'member', object: node, property: key, optional, pos: property.offset };
          optionalChain ||= optional;
          continue;
        }
      } else if (!this.is('bracket', '[')) {
        break;
      }
      node = this.parseIndex(node, optional);
      optionalChain ||= optional;
    }
    return optionalChain ? { kind: 'chain', node, pos: node.pos } : node;
  }

  /** `[i]`, `[from:to]`, `[:to]`, `[from:]`, `[:]`, the current token being `[`. */
  private parseIndex(object: Node, optional: boolean): Node {
    const pos = this.current.offset;
    this.next();
    const from = this.is('op', ':') ? undefined : this.parseExpression(0);
    if (from !== undefined && this.is('bracket', ']')) {
      this.next();
      return { kind: 'member', object, property: from, optional, pos };
    }
    this.expect('op', ':');
    const to = this.is('bracket', ']') ? undefined : this.parseExpression(0);
    this.expect('bracket', ']');
    return { kind: 'slice', object, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), pos };
  }
}
