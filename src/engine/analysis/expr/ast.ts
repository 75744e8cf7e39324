// The syntax tree of an expression. Every node carries the offset of the token that names it
// (the operator of a binary node, the name of a call), which runtime errors point at.

export type UnaryOperator = 'not' | '!' | '-' | '+';

export type BinaryOperator =
  | 'or' | '||' | 'and' | '&&'
  | '==' | '!=' | '<' | '>' | '<=' | '>='
  | 'in' | 'matches' | 'contains' | 'startsWith' | 'endsWith'
  | '..' | '+' | '-' | '*' | '/' | '%' | '**' | '^' | '??';

/** `#` is the current element, `#index` its index, `#acc` the accumulator of `reduce`. */
export type PointerName = '' | 'index' | 'acc';

export type Node =
  | { readonly kind: 'literal'; readonly value: null | boolean | number | string; readonly pos: number }
  | { readonly kind: 'ident'; readonly name: string; readonly pos: number }
  | { readonly kind: 'pointer'; readonly name: PointerName; readonly pos: number }
  | { readonly kind: 'array'; readonly items: readonly Node[]; readonly pos: number }
  | { readonly kind: 'map'; readonly entries: readonly MapEntry[]; readonly pos: number }
  | { readonly kind: 'member'; readonly object: Node; readonly property: Node; readonly optional: boolean; readonly pos: number }
  | { readonly kind: 'slice'; readonly object: Node; readonly from?: Node; readonly to?: Node; readonly pos: number }
  /** Ends an optional chain: a `?.` on nil anywhere inside makes the whole chain nil. */
  | { readonly kind: 'chain'; readonly node: Node; readonly pos: number }
  | { readonly kind: 'unary'; readonly op: UnaryOperator; readonly operand: Node; readonly pos: number }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Node; readonly right: Node; readonly pos: number }
  | { readonly kind: 'conditional'; readonly test: Node; readonly then: Node; readonly otherwise: Node; readonly pos: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[]; readonly pos: number }
  | { readonly kind: 'predicate'; readonly body: Node; readonly pos: number };

export interface MapEntry {
  readonly key: Node;
  readonly value: Node;
}

/** A parsed expression: its tree and the source it came from (for error positions). */
export interface Expr {
  readonly source: string;
  readonly root: Node;
}
