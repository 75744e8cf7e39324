// Multi-document YAML loading that remembers where every field sits, so a problem's field
// path can be printed as `file:line:col`.

import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { parseFieldPath } from './field-path.js';

/** 1-based line and column in the source text. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** One YAML document of a file. */
export interface ManifestDoc {
  readonly fileName: string;
  /** 0-based index among the file's documents (empty documents counted). */
  readonly index: number;
  readonly object: unknown;
  readonly apiVersion: string | undefined;
  readonly kind: string | undefined;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
  /** The position of the deepest node that exists along a field path. */
  locate(path: string): Position;
}

/** Text that is not valid YAML, with where the parser stopped. */
export interface ManifestError extends Position {
  readonly fileName: string;
  readonly message: string;
}

export interface LoadedManifests {
  readonly docs: ManifestDoc[];
  readonly errors: ManifestError[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Offset of the deepest node on `path`: a map entry's key, a sequence item, or the root. */
function locateOffset(root: Node | null, path: string): number {
  let node: unknown = root;
  let offset = root?.range?.[0] ?? 0;
  for (const seg of parseFieldPath(path)) {
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (pair === undefined) break;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      if (item === undefined) break;
      offset = (isScalar(item) || isMap(item) || isSeq(item) ? item.range?.[0] : undefined) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** Splits `text` into documents; documents with syntax errors are reported, not returned. */
export function loadManifests(text: string, fileName: string): LoadedManifests {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter });
  const docs: ManifestDoc[] = [];
  const errors: ManifestError[] = [];
  const position = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const all = Array.isArray(parsed) ? parsed : [];
  all.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      // The first error only: the ones after it mostly restate it.
      const e = doc.errors[0];
      const [first = ''] = e?.message.split('\n') ?? [];
      errors.push({ fileName, ...position(e?.pos[0] ?? 0), message: `YAML syntax error: ${first.replace(/ at line \d+, column \d+:?$/, '')}` });
      return;
    }
    let object: unknown;
    try {
      object = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      errors.push({ fileName, ...position(doc.range[0]), message: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (object === null || object === undefined) return;
    if (typeof object !== 'object' || Array.isArray(object)) {
      errors.push({ fileName, ...position(doc.contents?.range?.[0] ?? doc.range[0]), message: `expected a Kubernetes object (a mapping), got ${Array.isArray(object) ? 'a list' : `a ${typeof object}`}` });
      return;
    }
    const meta = object as Record<string, unknown>;
    const metadata = (typeof meta['metadata'] === 'object' ? meta['metadata'] : {}) as Record<string, unknown> | null;
    const root = doc.contents;
    docs.push({
      fileName,
      index,
      object,
      apiVersion: str(meta['apiVersion']),
      kind: str(meta['kind']),
      name: str(metadata?.['name']),
      namespace: str(metadata?.['namespace']),
      locate: (path) => position(locateOffset(root, path)),
    });
  });
  return { docs, errors };
}
