// Shared by the fuzz tests: put a generated JSON value at a path of an object, and the values
// to put there.
import fc from 'fast-check';

/** Sets `root[path...] = value`, making objects on the way; the value is copied, never shared. */
export function setAt(root: object, path: readonly (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = structuredClone(value);
}

/** What JSON can carry (the API server speaks nothing else), and values chosen to be awkward. */
export const junk = (...awkward: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof(fc.jsonValue(), fc.constantFrom(-1, 0, 1e9, 2 ** 31, '', 'abc', [], {}, null, ...awkward));
