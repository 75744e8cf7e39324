// Argo Rollouts marshals its ALB annotations with Go's encoding/json, which escapes <, > and & (and
// U+2028/U+2029) inside strings where JSON.stringify does not. An annotation Kanary writes must be
// the same bytes, or a controller handed an Ingress by the other would rewrite it on every sync.

const GO_ESCAPED = /[<>&\u2028\u2029]/g;

/** JSON.stringify's text with Go's extra escapes. Only strings can hold these characters, so replacing them anywhere is safe. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(GO_ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A map as Go marshals one: keys in byte order. */
export function sortedKeys<V>(map: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.keys(map).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => [k, map[k] as V]));
}
