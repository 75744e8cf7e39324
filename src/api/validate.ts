// The one entry point for validating an argoproj.io/v1alpha1 object: schema problems, then
// semantic problems; every problem, never only the first.

import type { Problem } from './problem.js';
import { validateSchema } from './schema-validate.js';
import { semanticProblems } from './semantic/index.js';

/** Whether `path` is `parent` or lies under it. */
function within(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}

/**
 * All problems of one manifest object, each with its field path. A semantic problem is left
 * out when the schema already faults that field or one inside it: both check one-of fields
 * (strategy, step action, metric provider), and a misspelt key (`setWieght`) explains the
 * "no action" that follows from it.
 */
export function validateManifest(obj: unknown): Problem[] {
  return validateManifestParts(obj).problems;
}

/** `validateManifest`, and whether the object's shape is right (no schema problem among them). */
export function validateManifestParts(obj: unknown): { problems: Problem[]; wellShaped: boolean } {
  const schema = validateSchema(obj);
  const semantic = semanticProblems(obj).filter((p) => !schema.some((s) => within(s.path, p.path)));
  return { problems: [...schema, ...semantic], wellShaped: schema.length === 0 };
}
