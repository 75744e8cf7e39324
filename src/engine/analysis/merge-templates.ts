// Several AnalysisTemplates and ClusterAnalysisTemplates made into one AnalysisRun spec (Argo's
// FlattenTemplates and NewAnalysisRunFromTemplates), with every conflict reported at once.
import type { Problem } from '../../api/problem.js';
import type { AnalysisRunSpec, AnalysisTemplate, Argument, ClusterAnalysisTemplate, DryRun, MeasurementRetention } from '../../api/types.js';
import { resolveArgs } from './args.js';

/** What the Rollout (or Experiment) adds to its templates. */
export interface MergeTemplatesOptions {
  /** Values for the templates' args (`analysis.args`), already resolved from fieldRefs. */
  readonly args?: readonly Argument[];
  readonly dryRun?: readonly DryRun[];
  readonly measurementRetention?: readonly MeasurementRetention[];
}

export type MergedTemplates =
  | { readonly ok: true; readonly spec: Pick<AnalysisRunSpec, 'metrics' | 'args' | 'dryRun' | 'measurementRetention'> }
  | { readonly ok: false; readonly problems: readonly Problem[] };

type AnyTemplate = AnalysisTemplate | ClusterAnalysisTemplate;

function describe(t: AnyTemplate): string {
  return `${t.kind ?? 'AnalysisTemplate'} "${t.metadata?.name ?? '?'}"`;
}

function sameSource(a: Argument, b: Argument): boolean {
  return JSON.stringify(a.valueFrom ?? null) === JSON.stringify(b.valueFrom ?? null);
}

function mergeArgs(templates: readonly AnyTemplate[], problems: Problem[]): Argument[] {
  const merged: { arg: Argument; from: string }[] = [];
  templates.forEach((t, i) => {
    (t.spec.args ?? []).forEach((arg, j) => {
      const prev = merged.find((m) => m.arg.name === arg.name);
      if (prev === undefined) {
        merged.push({ arg, from: describe(t) });
        return;
      }
      const bothValued = prev.arg.value !== undefined && arg.value !== undefined;
      const bothFrom = prev.arg.valueFrom !== undefined && arg.valueFrom !== undefined;
      if ((bothValued && prev.arg.value !== arg.value) || (bothFrom && !sameSource(prev.arg, arg))) {
        const shown = (a: Argument) => (a.value !== undefined ? JSON.stringify(a.value) : 'a valueFrom');
        problems.push({
          path: `templates[${i}].spec.args[${j}]`,
          message: `arg "${arg.name}" has different values in ${prev.from} (${shown(prev.arg)}) and ${describe(t)} (${shown(arg)})`,
        });
      } else if (prev.arg.value === undefined && prev.arg.valueFrom === undefined) {
        // A declaration without a value gives way to one with a value (Argo's flattenArgs).
        prev.arg = arg;
        prev.from = describe(t);
      }
    });
  });
  return merged.map((m) => m.arg);
}

/**
 * Each template's rules, then the supplied ones. A metricName given a rule by two templates (or
 * twice by one) is a problem naming both, as Argo's validateDryRunMetrics refuses it; a supplied
 * rule identical to a template's is kept once, a different one is a problem.
 */
function mergeRules<R extends { metricName: string }>(
  field: 'dryRun' | 'measurementRetention',
  templates: readonly AnyTemplate[],
  pick: (t: AnyTemplate) => readonly R[] | undefined,
  supplied: readonly R[] | undefined,
  problems: Problem[],
): R[] {
  const out: R[] = [];
  const owners = new Map<string, string>();
  templates.forEach((t, i) => {
    (pick(t) ?? []).forEach((rule, j) => {
      const owner = owners.get(rule.metricName);
      const path = `templates[${i}].spec.${field}[${j}].metricName`;
      if (owner === describe(t)) {
        problems.push({ path, message: `metric "${rule.metricName}" has a ${field} rule twice in ${owner}; give it once` });
      } else if (owner !== undefined) {
        problems.push({
          path,
          message: `metric "${rule.metricName}" has a ${field} rule in ${owner} and in ${describe(t)}; give it in one template only (or in the Rollout's analysis)`,
        });
      } else {
        owners.set(rule.metricName, describe(t));
        out.push(rule);
      }
    });
  });
  (supplied ?? []).forEach((rule, j) => {
    const prev = out.find((r) => r.metricName === rule.metricName);
    if (prev === undefined) out.push(rule);
    else if (JSON.stringify(prev) !== JSON.stringify(rule)) {
      problems.push({ path: `analysis.${field}[${j}]`, message: `two ${field} rules for metricName "${rule.metricName}" disagree` });
    }
  });
  return out;
}

/**
 * One run spec from several templates, in order: metrics concatenated (a name used twice is a
 * problem), args merged (the same arg with two different values is a problem; a declaration
 * without a value takes the other's value) and then given the supplied values (every arg must
 * end with one), dryRun and measurementRetention rules concatenated with the supplied ones (a
 * metricName given a rule by two templates is a problem naming both; a supplied rule identical
 * to a template's is kept once, a different one is a problem).
 *
 *   [A {metrics: [latency], args: [svc]}, B {metrics: [errors], args: [svc]}], args svc=web
 *     -> metrics [latency, errors], args [svc=web]
 *   [A {metrics: [latency]}, B {metrics: [latency]}]
 *     -> problem templates[1].spec.metrics[0].name: metric "latency" is defined in AnalysisTemplate "a" and AnalysisTemplate "b"
 *   [A {dryRun: [errors]}, B {dryRun: [errors]}]
 *     -> problem templates[1].spec.dryRun[0].metricName: metric "errors" has a dryRun rule in AnalysisTemplate "a" and in AnalysisTemplate "b"; ...
 */
export function mergeTemplates(templates: readonly AnyTemplate[], options: MergeTemplatesOptions = {}): MergedTemplates {
  const problems: Problem[] = [];
  const metrics: AnalysisRunSpec['metrics'] = [];
  const owners = new Map<string, string>();
  templates.forEach((t, i) => {
    (t.spec.metrics ?? []).forEach((metric, j) => {
      const owner = owners.get(metric.name);
      if (owner !== undefined) {
        problems.push({
          path: `templates[${i}].spec.metrics[${j}].name`,
          message: `metric "${metric.name}" is defined in ${owner} and ${describe(t)}; metric names must be unique across templates`,
        });
        return;
      }
      owners.set(metric.name, describe(t));
      metrics.push(metric);
    });
  });
  const declared = mergeArgs(templates, problems);
  const dryRun = mergeRules('dryRun', templates, (t) => t.spec.dryRun, options.dryRun, problems);
  const retention = mergeRules('measurementRetention', templates, (t) => t.spec.measurementRetention, options.measurementRetention, problems);
  const resolved = resolveArgs(declared, options.args);
  if (!resolved.ok) problems.push(...resolved.problems);
  if (problems.length > 0 || !resolved.ok) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      metrics,
      ...(resolved.args.length > 0 ? { args: resolved.args } : {}),
      ...(dryRun.length > 0 ? { dryRun } : {}),
      ...(retention.length > 0 ? { measurementRetention: retention } : {}),
    },
  };
}
