// Builtins that take a predicate (a closure such as `{# > 1}` or `{.status == "ok"}`) and
// run it over each element of an array.
import { fault } from './errors.js';
import { expectArray, expectNumber, typeOf } from './values.js';

/** Runs the predicate for one element; `acc` is the accumulator of `reduce`. */
export type RunPredicate = (item: unknown, index: number, acc?: unknown) => unknown;

export interface PredicateBuiltin {
  /** Arguments after the array, the predicate included. */
  readonly predicate: 'required' | 'optional';
  /** An optional argument after the predicate (the initial value of `reduce`). */
  readonly extra: boolean;
  readonly fn: (items: readonly unknown[], run: RunPredicate | undefined, extra: readonly unknown[]) => unknown;
}

function test(name: string, run: RunPredicate, item: unknown, index: number): boolean {
  const out = run(item, index);
  if (typeof out !== 'boolean') fault(`predicate of ${name}() must return a bool, got ${typeOf(out)}`);
  return out;
}

function counting(name: string, decide: (matches: number, total: number) => unknown): PredicateBuiltin {
  return {
    predicate: 'required', extra: false,
    fn: (items, run) => {
      let matches = 0;
      items.forEach((item, i) => {
        if (test(name, run as RunPredicate, item, i)) matches++;
      });
      return decide(matches, items.length);
    },
  };
}

function searching(name: string, fromEnd: boolean, result: 'item' | 'index'): PredicateBuiltin {
  return {
    predicate: 'required', extra: false,
    fn: (items, run) => {
      for (let k = 0; k < items.length; k++) {
        const i = fromEnd ? items.length - 1 - k : k;
        if (test(name, run as RunPredicate, items[i], i)) return result === 'item' ? items[i] ?? null : i;
      }
      return result === 'item' ? null : -1;
    },
  };
}

/** Every predicate builtin, by name. */
export const PREDICATE_BUILTINS: ReadonlyMap<string, PredicateBuiltin> = new Map<string, PredicateBuiltin>([
  // all/any/none/one stop at the first element that decides, as expr does.
  ['all', { predicate: 'required', extra: false, fn: (items, run) => items.every((x, i) => test('all', run as RunPredicate, x, i)) }],
  ['any', { predicate: 'required', extra: false, fn: (items, run) => items.some((x, i) => test('any', run as RunPredicate, x, i)) }],
  ['none', { predicate: 'required', extra: false, fn: (items, run) => !items.some((x, i) => test('none', run as RunPredicate, x, i)) }],
  ['one', counting('one', (matches) => matches === 1)],
  ['count', {
    predicate: 'optional', extra: false,
    fn: (items, run) => items.filter((x, i) => (run === undefined ? test('count', (v) => v, x, i) : test('count', run, x, i))).length,
  }],
  ['filter', { predicate: 'required', extra: false, fn: (items, run) => items.filter((x, i) => test('filter', run as RunPredicate, x, i)) }],
  ['map', { predicate: 'required', extra: false, fn: (items, run) => items.map((x, i) => (run as RunPredicate)(x, i)) }],
  ['sum', {
    predicate: 'optional', extra: false,
    fn: (items, run) => items.reduce<number>((s, x, i) => s + expectNumber(run === undefined ? x : run(x, i), 'sum()'), 0),
  }],
  ['find', searching('find', false, 'item')],
  ['findIndex', searching('findIndex', false, 'index')],
  ['findLast', searching('findLast', true, 'item')],
  ['findLastIndex', searching('findLastIndex', true, 'index')],
  ['reduce', {
    predicate: 'required', extra: true,
    fn: (items, run, extra) => {
      if (extra.length === 0 && items.length === 0) fault('reduce() of an empty array with no initial value');
      let acc = extra.length > 0 ? extra[0] : items[0];
      for (let i = extra.length > 0 ? 0 : 1; i < items.length; i++) acc = (run as RunPredicate)(items[i], i, acc);
      return acc ?? null;
    },
  }],
]);

/** The array a predicate builtin iterates; nil is a fault naming the builtin, never a crash. */
export function iterable(name: string, v: unknown): readonly unknown[] {
  return expectArray(v, `${name}()`);
}
