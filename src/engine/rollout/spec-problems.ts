// Why a Rollout cannot be acted on: its own validation problems, Services and templates it
// names that do not exist, and features this version of Kanary does not run yet (the table in
// api/supported.ts: frozen rather than half-done, so an analysis step is never skipped).

import { validateManifestParts } from '../../api/validate.js';
import { LruCache } from '../analysis/expr/cache.js';
import { missingReference, type Problem } from '../../api/problem.js';
import { unsupportedMetricProblems, unsupportedProblem, unsupportedRolloutProblems } from '../../api/supported.js';
import type { Rollout } from '../../api/types.js';
import type { ObservedService } from './snapshot.js';
import { templateKey, templateRefsOf, type AnyTemplate } from './rollout-analysis.js';

/** Services named by the strategy that are missing from the cluster. */
export function missingServiceProblems(rollout: Rollout, services: Readonly<Record<string, ObservedService | null>>): Problem[] {
  const canary = rollout.spec?.strategy?.canary;
  const blueGreen = rollout.spec?.strategy?.blueGreen;
  const named = [
    ['spec.strategy.canary.canaryService', canary?.canaryService], ['spec.strategy.canary.stableService', canary?.stableService],
    ['spec.strategy.blueGreen.activeService', blueGreen?.activeService], ['spec.strategy.blueGreen.previewService', blueGreen?.previewService],
  ] as const;
  return named.filter(([, name]) => name && services[name] === null).map(([path, name]) =>
    missingReference(path, `Service "${name}" not found in namespace "${rollout.metadata?.namespace ?? 'default'}"`));
}

/** (Cluster)AnalysisTemplates the Rollout names that do not exist. */
export function missingTemplateProblems(rollout: Rollout, templates: Readonly<Record<string, AnyTemplate | null>>): Problem[] {
  return templateRefsOf(rollout).filter(({ ref }) => templates[templateKey(ref)] === null).map(({ ref, path }) => missingReference(
    `${path}.templateName`,
    `${ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate'} "${ref.templateName}" not found${ref.clusterScope ? '' : ` in namespace "${rollout.metadata?.namespace ?? 'default'}"`}`,
  ));
}

/**
 * Templates the Rollout names whose metrics use a provider this version does not run: held
 * before any AnalysisRun starts, rather than failing the run (and aborting the update) later.
 */
export function unsupportedTemplateProblems(rollout: Rollout, templates: Readonly<Record<string, AnyTemplate | null>>): Problem[] {
  return templateRefsOf(rollout).flatMap(({ ref, path }) => {
    const template = templates[templateKey(ref)];
    if (!template) return [];
    const kind = ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
    return unsupportedMetricProblems(template).map((p) =>
      unsupportedProblem(`${path}.templateName`, `${kind} "${ref.templateName}" ${p.path}: ${p.message}; the rollout is held as it is`));
  });
}

/** Every reason the Rollout cannot be planned; empty when it can. */
export function specProblems(
  rollout: Rollout, services: Readonly<Record<string, ObservedService | null>>, templates: Readonly<Record<string, AnyTemplate | null>> = {},
): Problem[] {
  const { problems, wellShaped } = manifestProblems(rollout);
  // The checks below read the spec's fields; a spec of the wrong shape is reported as it is.
  if (!wellShaped) return [...problems];
  return [
    ...problems, ...unsupportedRolloutProblems(rollout), ...missingServiceProblems(rollout, services),
    ...missingTemplateProblems(rollout, templates), ...unsupportedTemplateProblems(rollout, templates),
  ];
}

interface Validated {
  readonly problems: readonly Problem[];
  /** No schema (shape) problem: every field has the type the code reading it expects. */
  readonly wellShaped: boolean;
}

// Most reconciles see a spec they have validated before (a status change, a pod becoming ready),
// so validation results are kept by the manifest's text: same text, same problems.
const validated = new LruCache<string, Validated>(1024);

function manifestProblems(rollout: Rollout): Validated {
  // Validation reads the object as a manifest; what the API server adds is not the user's to fix.
  const { status: _status, ...manifest } = rollout;
  const metadata = rollout.metadata ? { name: rollout.metadata.name, namespace: rollout.metadata.namespace, labels: rollout.metadata.labels, annotations: rollout.metadata.annotations } : undefined;
  const input = { ...manifest, metadata };
  const key = JSON.stringify(input);
  let result = validated.get(key);
  if (!result) validated.set(key, (result = validateManifestParts(input)));
  return result;
}
