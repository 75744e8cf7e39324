// Small readers for manifests that have not been schema-checked yet: every semantic rule reads
// through these, so a wrong type in one field never throws and never hides another problem.

export type Obj = Readonly<Record<string, unknown>>;

/** The value as a plain object, or undefined. */
export function asObj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The value as an array, or an empty one. */
export function asArr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The value as a non-empty string, or undefined. */
export function asStr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The value as a finite number, or undefined. */
export function asNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Reads a nested field: `at(o, 'spec', 'strategy', 'canary')`. */
export function at(v: unknown, ...keys: string[]): unknown {
  let cur = v;
  for (const k of keys) {
    const o = asObj(cur);
    if (o === undefined) return undefined;
    cur = o[k];
  }
  return cur;
}

/** True when the field is present (not undefined and not null). */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** A value as users read it in a message: strings quoted, everything else as JSON. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** An arg placeholder such as `{{args.count}}`, resolved only when an AnalysisRun is made. */
export function isPlaceholder(v: unknown): boolean {
  return typeof v === 'string' && /\{\{.*\}\}/.test(v);
}

/**
 * An int-or-string as Kubernetes reads it: an integer, a string of digits, or (when
 * `percent` is true) a percentage like `25%`. Returns the number, or undefined when the value
 * is not of that form.
 */
export function intOrPercent(v: unknown, percent: boolean): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = (percent ? /^(-?\d+)%?$/ : /^(-?\d+)$/).exec(v);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
