// The metrics of an AnalysisRun as the engine judges them: args substituted (secret-backed args
// as `*****`, since limits and durations never come from secrets) and checked, with the run
// message Argo writes when that fails.
import { formatProblem } from '../../api/problem.js';
import { schemaProblems } from '../../api/schema-validate.js';
import { AnalysisRunSpec as AnalysisRunSpecSchema } from '../../api/schema/analysis.js';
import { analysisSpecProblems } from '../../api/semantic/index.js';
import type { AnalysisRunSpec, Metric } from '../../api/types.js';
import { valuesWithoutSecrets, substituteArgs } from './args.js';
import { limitProblems } from './limits.js';
import { unmatchedSelectorProblems } from './metric-selectors.js';

export type PreparedRunSpec =
  | { readonly ok: true; readonly spec: AnalysisRunSpec }
  | { readonly ok: false; readonly message: string };

/**
 * The run spec with `{{args.x}}` substituted in every metric, or why it cannot run:
 * `Unable to resolve metric arguments: ...` (an arg without a value, an unknown reference) or
 * `Analysis spec invalid: ...` (a metric problem, a dryRun or measurementRetention rule that
 * selects no metric), the messages Argo writes before it marks the run Error.
 */
export function prepareRunSpec(spec: AnalysisRunSpec): PreparedRunSpec {
  // Shape first: the checks below read the fields. Unknown fields are not this check's business.
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return { ok: false, message: 'Analysis spec invalid: spec: must be an object' };
  const shape = schemaProblems(AnalysisRunSpecSchema as unknown as Record<string, unknown>, spec, 'spec', false);
  if (shape.length > 0) return { ok: false, message: `Analysis spec invalid: ${shape.map(formatProblem).join('; ')}` };
  const missing = (spec.args ?? []).filter((a) => a.value === undefined && a.valueFrom?.secretKeyRef === undefined);
  if (missing.length > 0) {
    return { ok: false, message: `Unable to resolve metric arguments: ${missing.map((a) => `argument "${a.name}" was not supplied`).join('; ')}` };
  }
  const substituted = substituteArgs<Metric[]>(spec.metrics, valuesWithoutSecrets(spec.args));
  if (substituted.unknown.length > 0) {
    const refs = substituted.unknown.map((name) => `failed to resolve {{args.${name}}}`).join('; ');
    return { ok: false, message: `Unable to resolve metric arguments: ${refs}` };
  }
  const metrics = substituted.value;
  const problems = [
    ...analysisSpecProblems({ metrics }).map(formatProblem),
    ...metrics.flatMap((m, i) => limitProblems(m).map((p) => `spec.metrics[${i}]: ${p}`)),
    ...unmatchedSelectorProblems(spec, metrics.map((m) => m.name)),
  ];
  if (problems.length > 0) return { ok: false, message: `Analysis spec invalid: ${problems.join('; ')}` };
  return { ok: true, spec: { ...spec, metrics } };
}
