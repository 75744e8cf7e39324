// expr-lang's operator table. Precedence, low to high: `|` 0, `or ||` 10, `and &&` 15,
// comparisons and `in`, `matches`, `contains`, `startsWith`, `endsWith` 20, `..` 25, `+ -` 30,
// `* / %` 60, `** ^` 100 (right-associative), `??` 500. Unary `not !` bind at 50 and `- +` at 90,
// so `not a == b` is `(not a) == b` and `-2 ** 2` is `-(2 ** 2)`. `?:` is lowest, right-associative.

export const BINARY: ReadonlyMap<string, { readonly prec: number; readonly right?: boolean }> = new Map([
  ['|', { prec: 0 }], ['or', { prec: 10 }], ['||', { prec: 10 }], ['and', { prec: 15 }], ['&&', { prec: 15 }],
  ['==', { prec: 20 }], ['!=', { prec: 20 }], ['<', { prec: 20 }], ['>', { prec: 20 }], ['<=', { prec: 20 }],
  ['>=', { prec: 20 }], ['in', { prec: 20 }], ['matches', { prec: 20 }], ['contains', { prec: 20 }],
  ['startsWith', { prec: 20 }], ['endsWith', { prec: 20 }], ['..', { prec: 25 }], ['+', { prec: 30 }],
  ['-', { prec: 30 }], ['*', { prec: 60 }], ['/', { prec: 60 }], ['%', { prec: 60 }],
  ['**', { prec: 100, right: true }], ['^', { prec: 100, right: true }], ['??', { prec: 500 }],
]);
export const UNARY: ReadonlyMap<string, number> = new Map([['not', 50], ['!', 50], ['-', 90], ['+', 90]]);
export const NEGATABLE: ReadonlySet<string> = new Set(['in', 'matches', 'contains', 'startsWith', 'endsWith']);
export const COMPARISON_PREC = 20;
/** Deeper nesting than this is not a metric condition; refusing it keeps the stack safe. */
export const MAX_NESTING = 200;
