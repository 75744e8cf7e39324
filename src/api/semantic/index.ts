// Semantic rules for argoproj.io/v1alpha1 objects: what a schema cannot say (fields that
// exclude or need each other, names that must match). Pure; every problem has a field path.

import type { Problem } from '../problem.js';
import { asObj } from './access.js';
import { analysisTemplateProblems } from './analysis.js';
import { experimentProblems } from './experiment.js';
import { rolloutProblems } from './rollout.js';

const RULES: Readonly<Record<string, (obj: unknown) => Problem[]>> = {
  Rollout: rolloutProblems,
  AnalysisTemplate: analysisTemplateProblems,
  ClusterAnalysisTemplate: analysisTemplateProblems,
  AnalysisRun: analysisTemplateProblems,
  Experiment: experimentProblems,
};

/** Every semantic problem of one object, chosen by its `kind`; none for kinds we do not know. */
export function semanticProblems(obj: unknown): Problem[] {
  const kind = asObj(obj)?.['kind'];
  const rule = typeof kind === 'string' ? RULES[kind] : undefined;
  return rule === undefined ? [] : rule(obj);
}

export { rolloutProblems } from './rollout.js';
export { analysisSpecProblems, analysisTemplateProblems, metricProblems } from './analysis.js';
export { experimentProblems, experimentSpecProblems } from './experiment.js';
export { durationSeconds } from './duration-check.js';
