// The names and marks Argo Rollouts gives what an Experiment creates, so objects and tools move
// between the two controllers unchanged.

/** On an Experiment's ReplicaSets and Services: which Experiment and template they run. */
export const EXPERIMENT_NAME_ANNOTATION = 'experiment.argoproj.io/name';
export const TEMPLATE_NAME_ANNOTATION = 'experiment.argoproj.io/template-name';
/** On a ReplicaSet about to be scaled down: when (RFC 3339). */
export { SCALE_DOWN_DEADLINE_ANNOTATION } from '../../api/labels.js';

/**
 * The ReplicaSet of a template: `<experiment>-<template>`; after a collision with a ReplicaSet
 * that is not ours, `-<collisionCount>` is added (Argo keeps the name and only changes the hash,
 * so a collision there never resolves).
 *
 *   replicaSetName('exp', 'purple')    -> 'exp-purple'
 *   replicaSetName('exp', 'purple', 0) -> 'exp-purple'
 *   replicaSetName('exp', 'purple', 2) -> 'exp-purple-2'
 */
export function replicaSetName(experiment: string, template: string, collisionCount?: number): string {
  return collisionCount ? `${experiment}-${template}-${collisionCount}` : `${experiment}-${template}`;
}

/**
 * The AnalysisRun of an analysis: `<experiment>-<analysis>`, then `.1`, `.2`, ... while the name
 * is taken by a run that is not ours (Argo's collision counter).
 *
 *   analysisRunName('exp', 'pass', new Set())             -> 'exp-pass'
 *   analysisRunName('exp', 'pass', new Set(['exp-pass'])) -> 'exp-pass.1'
 */
export function analysisRunName(experiment: string, analysis: string, taken: ReadonlySet<string>): string {
  const base = `${experiment}-${analysis}`;
  if (!taken.has(base)) return base;
  for (let n = 1; ; n++) if (!taken.has(`${base}.${n}`)) return `${base}.${n}`;
}
