// The one shape of a validation finding, shared by schema checks, semantic rules, `kanary lint`
// and the controller's InvalidSpec condition.

/**
 * What kind of problem a finding is, and so how the controller treats it:
 * - `invalid`: the spec is wrong; held until a person fixes it (slow safety recheck).
 * - `missing-reference`: something it names does not exist yet; looked at again soon.
 * - `unsupported`: valid for Argo Rollouts, not run by this version of Kanary (`supported.ts`); held.
 */
export type ProblemKind = 'invalid' | 'missing-reference' | 'unsupported';

/** One thing wrong with a manifest: where (a field path) and what. */
export interface Problem {
  /** Field path in the manifest, dotted with indexes: `spec.strategy.canary.steps[2].setWeight`. */
  readonly path: string;
  /** What is wrong, for a person: `must be 0-100, got 150`. */
  readonly message: string;
  /** Absent means `invalid`, the kind of every schema and semantic finding. */
  readonly kind?: ProblemKind;
}

/** The kind of a finding (`invalid` unless it says otherwise). */
export function problemKind(p: Problem): ProblemKind {
  return p.kind ?? 'invalid';
}

/** A reference to an object that does not exist (yet): a Service, a template. */
export function missingReference(path: string, message: string): Problem {
  return { path, message, kind: 'missing-reference' };
}

/** Joins a path and a child key or index the way `Problem.path` spells paths. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** `path: message`, the form logs, conditions and the CLI print. */
export function formatProblem(p: Problem): string {
  return p.path === '' ? p.message : `${p.path}: ${p.message}`;
}
