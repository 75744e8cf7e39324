// Arguments of templates and runs: merging a template's declarations with the values a Rollout
// or Experiment supplies, and substituting `{{args.name}}` into metric definitions. Secret values
// are never read here: the I/O layer fetches the refs this returns, and substitutes them into
// the copy of the provider spec it queries with, never into status, events or logs.
import type { Problem } from '../../api/problem.js';
import type { Argument } from '../../api/types.js';

/** An arg whose value is a key of a Secret in the run's namespace. */
export interface SecretArgRef {
  readonly argName: string;
  readonly secretName: string;
  readonly key: string;
}

/** An arg whose value is a field of the owning object, filled when the run is created. */
export interface FieldArgRef {
  readonly argName: string;
  readonly fieldPath: string;
}

export type ResolvedArgs =
  | {
      readonly ok: true;
      /** The merged args, as they go into an AnalysisRun's `spec.args` (secret refs, not values). */
      readonly args: Argument[];
      /** Plain values by name: every arg with a `value`. */
      readonly values: Readonly<Record<string, string>>;
      readonly secretRefs: readonly SecretArgRef[];
      readonly fieldRefs: readonly FieldArgRef[];
    }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** What stands in for a secret value wherever the real one must not appear. */
export const REDACTED = '*****';

/**
 * Merges supplied args into a template's: a supplied `value` or `valueFrom` replaces the
 * template's (both fields, so a supplied value is never shadowed by a template's secret ref);
 * supplied args the template does not declare are ignored, as in Argo's MergeArgs. Every arg
 * must end with a value or a valueFrom.
 *
 *   template [{name: 'service'}], run [{name: 'service', value: 'web'}]  -> values { service: 'web' }
 *   template [{name: 'service'}], run []                              -> problem at spec.args[0]: arg "service" has no value ...
 *   template [{name: 'token', valueFrom: {secretKeyRef: {name: 'dd', key: 'api'}}}]
 *     -> secretRefs [{ argName: 'token', secretName: 'dd', key: 'api' }], values {}
 */
export function resolveArgs(templateArgs: readonly Argument[] | undefined, runArgs: readonly Argument[] = []): ResolvedArgs {
  const merged = (templateArgs ?? []).map((declared) => {
    const supplied = runArgs.find((a) => a.name === declared.name);
    if (supplied?.value !== undefined) return { name: declared.name, value: supplied.value };
    if (supplied?.valueFrom !== undefined) return { name: declared.name, valueFrom: supplied.valueFrom };
    return { ...declared };
  });
  const problems: Problem[] = [];
  const values: Record<string, string> = {};
  const secretRefs: SecretArgRef[] = [];
  const fieldRefs: FieldArgRef[] = [];
  merged.forEach((arg, i) => {
    const secret = arg.valueFrom?.secretKeyRef;
    const field = arg.valueFrom?.fieldRef;
    if (arg.value !== undefined && arg.valueFrom !== undefined) {
      problems.push({ path: `spec.args[${i}]`, message: `arg "${arg.name}" has both value and valueFrom; give one` });
    } else if (arg.value !== undefined) {
      values[arg.name] = arg.value;
    } else if (secret !== undefined) {
      secretRefs.push({ argName: arg.name, secretName: secret.name, key: secret.key });
    } else if (field !== undefined) {
      fieldRefs.push({ argName: arg.name, fieldPath: field.fieldPath });
    } else {
      problems.push({
        path: `spec.args[${i}].value`,
        message: `arg "${arg.name}" has no value: the template declares it without one and none was supplied`,
      });
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, args: merged, values, secretRefs, fieldRefs };
}

const ARG_REFERENCE = /\{\{\s*args\.([^{}\s]+)\s*\}\}/g;

export interface Substituted<T> {
  readonly value: T;
  /** Names referenced as `{{args.x}}` with no value given, in first-seen order; left in place. */
  readonly unknown: readonly string[];
}

/**
 * Replaces `{{args.name}}` and `{{ args.name }}` in every string of a value tree (objects and
 * arrays, at any depth; keys are left alone) with the named value. Unknown names are reported
 * and left as written. The input is not changed.
 *
 *   substituteArgs({ query: 'up{job="{{ args.job }}"}' }, { job: 'web' }) -> { query: 'up{job="web"}' }
 *   substituteArgs(['{{args.x}}'], {})                                   -> value ['{{args.x}}'], unknown ['x']
 */
export function substituteArgs<T>(tree: T, values: Readonly<Record<string, string>>): Substituted<T> {
  const unknown: string[] = [];
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return node.replace(ARG_REFERENCE, (whole, name: string) => {
        if (Object.hasOwn(values, name)) return values[name] ?? '';
        if (!unknown.includes(name)) unknown.push(name);
        return whole;
      });
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return { value: walk(tree) as T, unknown };
}

/**
 * Values for substitution where secret values must not appear (status, metadata, validation):
 * plain values, and `*****` for every secret-backed arg.
 */
export function valuesWithoutSecrets(args: readonly Argument[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args ?? []) {
    if (arg.valueFrom?.secretKeyRef !== undefined) out[arg.name] = REDACTED;
    else if (arg.value !== undefined) out[arg.name] = arg.value;
  }
  return out;
}

/**
 * Replaces every occurrence of each secret value with `*****` (Argo redacts measurement
 * messages the same way). Empty secrets are skipped; longer ones first, so a secret containing
 * another is hidden whole.
 *
 *   redactSecrets('401 for token s3cr3t', ['s3cr3t']) -> '401 for token *****'
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return [...secrets]
    .filter((s) => s !== '')
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.split(secret).join(REDACTED), text);
}
