// The JSONPath subset `web` metrics use: `{$}`, `{$.data.ok}`, `{$.items[0].value}`,
// `{$['a-b']}`, `{$.items[*].value}`, `{.data}` (Kubernetes style, no `$`). Pure.

export type JsonPathSegment = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };

export type JsonPathParse = { ok: true; segments: JsonPathSegment[] } | { ok: false; message: string };
export type JsonPathValue = { ok: true; value: unknown } | { ok: false; message: string };

const SEGMENT = /\.([A-Za-z_$][\w$-]*)|\.\*|\[\*\]|\[(-?\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;

/** Parses `{$.a[0]['b']}`; the braces are optional. */
export function parseJsonPath(text: string): JsonPathParse {
  let body = text.trim();
  if (body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1).trim();
  if (body.startsWith('$')) body = body.slice(1);
  const segments: JsonPathSegment[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < body.length) {
    const at = SEGMENT.lastIndex;
    const m = SEGMENT.exec(body);
    if (!m) return { ok: false, message: `jsonPath ${text}: cannot read ${JSON.stringify(body.slice(at))} (supported: .key, ['key'], [0], [*])` };
    const [whole, key, index, single, double] = m;
    if (key !== undefined) segments.push({ kind: 'key', key });
    else if (index !== undefined) segments.push({ kind: 'index', index: Number(index) });
    else if (single !== undefined || double !== undefined) segments.push({ kind: 'key', key: (single ?? double ?? '').replace(/\\(.)/g, '$1') });
    else if (whole === '.*' || whole === '[*]') segments.push({ kind: 'all' });
  }
  return { ok: true, segments };
}

function describe(segments: JsonPathSegment[]): string {
  return '$' + segments.map((s) => (s.kind === 'key' ? `.${s.key}` : s.kind === 'index' ? `[${s.index}]` : '[*]')).join('');
}

/**
 * Evaluates a parsed path. A wildcard makes the result a list of every match; a missing key or
 * index is an error naming the part of the path that was found.
 *
 * evaluateJsonPath({ data: { ok: true } }, '{$.data.ok}')          -> true
 * evaluateJsonPath({ items: [{ value: 3 }] }, '{$.items[0].value}') -> 3
 * evaluateJsonPath({ items: [{ v: 1 }, { v: 2 }] }, '{$.items[*].v}') -> [1, 2]
 */
export function evaluateJsonPath(doc: unknown, path: string): JsonPathValue {
  const parsed = parseJsonPath(path);
  if (!parsed.ok) return parsed;
  let current: unknown[] = [doc];
  let spread = false;
  for (let i = 0; i < parsed.segments.length; i++) {
    const seg = parsed.segments[i] as JsonPathSegment;
    const next: unknown[] = [];
    for (const node of current) {
      if (seg.kind === 'all') {
        if (Array.isArray(node)) next.push(...node);
        else if (node && typeof node === 'object') next.push(...Object.values(node));
      } else if (seg.kind === 'index' && Array.isArray(node)) {
        const at = seg.index < 0 ? node.length + seg.index : seg.index;
        if (at >= 0 && at < node.length) next.push(node[at]);
      } else if (seg.kind === 'key' && node && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, seg.key)) {
        next.push((node as Record<string, unknown>)[seg.key]);
      }
    }
    if (seg.kind === 'all') spread = true;
    if (next.length === 0 && !spread) {
      return { ok: false, message: `jsonPath ${path}: nothing at ${describe(parsed.segments.slice(0, i + 1))} (found up to ${describe(parsed.segments.slice(0, i))})` };
    }
    current = next;
  }
  return { ok: true, value: spread ? current : current[0] };
}
