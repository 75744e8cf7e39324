// The one shape of a validation finding, shared by schema checks, semantic rules, `kanary lint`
// and the controller's InvalidSpec condition.

/** One thing wrong with a manifest: where (a field path) and what. */
export interface Problem {
  /** Field path in the manifest, dotted with indexes: `spec.strategy.canary.steps[2].setWeight`. */
  readonly path: string;
  /** What is wrong, for a person: `must be 0-100, got 150`. */
  readonly message: string;
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
