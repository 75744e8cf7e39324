// Schema validation of argoproj.io/v1alpha1 manifests: every problem, each with its field path
// and a message for a person. Semantic rules (weights in range, services that exist) live
// elsewhere; this checks shape only, against the same schemas the CRDs are generated from.
//
// Unknown fields: the API server silently prunes fields its schema does not know (or rejects
// them under kubectl's strict field validation), so a typo such as `setWieght` would give a
// different rollout than the one written. Every object under `spec` lists all the fields Argo
// Rollouts accepts, so an unknown key there is reported, with a suggestion when one is close.
// Unknown keys are never reported in `metadata` or `status` (written by tools and controllers,
// not people) nor inside preserve-unknown-fields objects (pod templates, Job specs, plugin
// configuration), whose content belongs to other APIs.
import { childPath, type Problem } from './problem.js';
import { EXACTLY_ONE } from './schema/common.js';
import { API_VERSION, KINDS, KIND_NAMES, isKindName } from './schema/index.js';

/** A JSON schema node as written in `src/api/schema/` (TypeBox output or raw). */
type SchemaNode = Readonly<Record<string, unknown>>;

/** Checks a manifest of any of the five kinds; an empty list means the shape is right. */
export function validateSchema(obj: unknown): Problem[] {
  if (!isRecord(obj)) return [{ path: '', message: `must be an object (a Kubernetes manifest), got ${describe(obj)}` }];
  const expected = `expected ${API_VERSION} with kind ${KIND_NAMES.join(', ')}`;
  if (obj.apiVersion !== API_VERSION) {
    const got = obj.apiVersion === undefined ? 'no apiVersion' : `apiVersion ${describe(obj.apiVersion)}`;
    return [{ path: 'apiVersion', message: `unsupported ${got}: ${expected}` }];
  }
  if (!isKindName(obj.kind)) {
    const got = obj.kind === undefined ? 'no kind' : `kind ${describe(obj.kind)}`;
    return [{ path: 'kind', message: `unsupported ${got}: ${expected}` }];
  }
  return schemaProblems(KINDS[obj.kind].schema, obj);
}

/**
 * Checks `value` against one schema node. `path` prefixes every problem's path; unknown fields
 * are reported below `spec` only (see the top of this file) unless `strict` says otherwise.
 */
export function schemaProblems(
  schema: SchemaNode,
  value: unknown,
  path = '',
  strict = path === 'spec' || path.startsWith('spec.'),
): Problem[] {
  const out: Problem[] = [];
  walk(schema, value, path, strict, path === '', out);
  return out;
}

function walk(node: SchemaNode, value: unknown, path: string, strict: boolean, root: boolean, out: Problem[]): void {
  if (value === undefined || value === null) return; // the API server drops nulls of optional fields
  if (node['x-kubernetes-int-or-string'] === true) {
    if (!Number.isInteger(value) && typeof value !== 'string') {
      out.push({ path, message: `must be an integer or a string, got ${describe(value)}` });
    }
    return;
  }
  switch (node.type) {
    case 'object':
      return walkObject(node, value, path, strict, root, out);
    case 'array':
      if (!Array.isArray(value)) return void out.push({ path, message: `must be a list, got ${describe(value)}` });
      // A null field is an absent one, but a null list item is kept, and is never what was meant.
      value.forEach((item, i) => (item === null
        ? out.push({ path: childPath(path, i), message: 'must not be null' })
        : walk(node.items as SchemaNode, item, childPath(path, i), strict, false, out)));
      return;
    case 'string':
      return checkString(node, value, path, out);
    case 'integer':
      if (!Number.isInteger(value)) out.push({ path, message: `must be an integer, got ${describe(value)}` });
      return;
    case 'number':
      if (typeof value !== 'number') out.push({ path, message: `must be a number, got ${describe(value)}` });
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push({ path, message: `must be true or false, got ${describe(value)}` });
      return;
  }
}

function walkObject(node: SchemaNode, value: unknown, path: string, strict: boolean, root: boolean, out: Problem[]): void {
  if (!isRecord(value)) return void out.push({ path, message: `must be an object, got ${describe(value)}` });
  const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
  const additional = node.additionalProperties as SchemaNode | undefined;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  let unknownCount = 0;
  for (const [key, child] of Object.entries(value)) {
    const here = childPath(path, key);
    const childStrict = strict || (root && key === 'spec');
    if (Object.hasOwn(properties, key)) walk(properties[key]!, child, here, childStrict, false, out);
    else if (additional) walk(additional, child, here, childStrict, false, out);
    else if (!preserve && strict) {
      unknownCount++;
      out.push({ path: here, message: unknownFieldMessage(key, Object.keys(properties)) });
    }
  }
  for (const key of (node.required ?? []) as string[]) {
    if (value[key] === undefined || value[key] === null) out.push({ path: childPath(path, key), message: 'is required' });
  }
  const oneOf = node[EXACTLY_ONE] as string[] | undefined;
  if (oneOf) {
    const set = oneOf.filter((k) => value[k] !== undefined && value[k] !== null);
    if (set.length > 1) out.push({ path, message: `must set only one of ${oneOf.join(', ')}; got ${set.join(' and ')}` });
    // An unknown key is most likely a misspelt one of these: that problem says it already.
    if (set.length === 0 && unknownCount === 0) out.push({ path, message: `must set one of ${oneOf.join(', ')}` });
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function checkString(node: SchemaNode, value: unknown, path: string, out: Problem[]): void {
  if (node.format === 'date-time' && value instanceof Date) return; // YAML 1.1 parsers make Dates
  if (typeof value !== 'string') {
    // YAML reads `value: 5` and `value: true` as a number and a boolean; the fix is quotes.
    const hint = typeof value === 'number' || typeof value === 'boolean' ? ` (quote it: "${String(value)}")` : '';
    return void out.push({ path, message: `must be a string, got ${describe(value)}${hint}` });
  }
  const allowed = node.enum as string[] | undefined;
  if (allowed && !allowed.includes(value)) {
    out.push({ path, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}` });
  }
  if (node.format === 'date-time' && !DATE_TIME.test(value)) {
    out.push({ path, message: `must be an RFC 3339 time such as "2024-01-31T12:00:00Z", got ${describe(value)}` });
  }
}

function unknownFieldMessage(key: string, known: string[]): string {
  const close = known.find((k) => k.toLowerCase() === key.toLowerCase()) ?? known.find((k) => editDistance(k, key) <= 2);
  if (close) return `unknown field "${key}" (did you mean "${close}"?)`;
  if (known.length > 0 && known.length <= 12) return `unknown field "${key}"; expected one of ${known.join(', ')}`;
  return `unknown field "${key}"`;
}

/** Levenshtein distance, for "did you mean" suggestions on short field names. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A value as a message shows it: strings quoted, long ones cut, containers by kind. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/**
 * `value` without its top-level fields whose shape breaks `schema`, and what was wrong with
 * each one dropped (`path.field...: message`). For state a controller reads back (a status):
 * a malformed field is treated as absent and rebuilt, never trusted, never fatal.
 */
export function withoutMalformedFields(schema: SchemaNode, value: unknown, path: string): { value: Record<string, unknown>; dropped: string[] } {
  if (value === undefined || value === null) return { value: {}, dropped: [] };
  if (!isRecord(value)) return { value: {}, dropped: [`${path}: must be an object, got ${describe(value)}`] };
  const problems = schemaProblems(schema, value, path, false);
  if (problems.length === 0) return { value, dropped: [] };
  const bad = new Map<string, string>();
  for (const p of problems) {
    const field = p.path.slice(path.length + 1).split(/[.[]/)[0];
    if (field && !bad.has(field)) bad.set(field, `${p.path}: ${p.message}`);
  }
  return { value: Object.fromEntries(Object.entries(value).filter(([k]) => !bad.has(k))), dropped: [...bad.values()] };
}
