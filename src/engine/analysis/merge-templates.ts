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

function mergeRules<R extends { metricName: string }>(
  field: 'dryRun' | 'measurementRetention',
  lists: readonly { rules: readonly R[] | undefined; path: string }[],
  problems: Problem[],
): R[] {
  const out: R[] = [];
  for (const { rules, path } of lists) {
    (rules ?? []).forEach((rule, j) => {
      const prev = out.find((r) => r.metricName === rule.metricName);
      if (prev === undefined) out.push(rule);
      else if (JSON.stringify(prev) !== JSON.stringify(rule)) {
        problems.push({ path: `${path}.${field}[${j}]`, message: `two ${field} rules for metricName "${rule.metricName}" disagree` });
      }
    });
  }
  return out;
}

/**
 * One run spec from several templates, in order: metrics concatenated (a name used twice is a
 * problem), args merged (the same arg with two different values is a problem; a declaration
 * without a value takes the other's value) and then given the supplied values (every arg must
 * end with one), dryRun and measurementRetention rules concatenated with the supplied ones
 * (identical rules kept once; two different rules for the same metricName are a problem).
 *
 *   [A {metrics: [latency], args: [svc]}, B {metrics: [errors], args: [svc]}], args svc=web
 *     -> metrics [latency, errors], args [svc=web]
 *   [A {metrics: [latency]}, B {metrics: [latency]}]
 *     -> problem templates[1].spec.metrics[0].name: metric "latency" is defined in AnalysisTemplate "a" and AnalysisTemplate "b"
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
  const lists = <R>(pick: (t: AnyTemplate) => readonly R[] | undefined, extra: readonly R[] | undefined) => [
    ...templates.map((t, i) => ({ rules: pick(t), path: `templates[${i}].spec` })),
    { rules: extra, path: 'analysis' },
  ];
  const dryRun = mergeRules('dryRun', lists((t) => t.spec.dryRun, options.dryRun), problems);
  const retention = mergeRules('measurementRetention', lists((t) => t.spec.measurementRetention, options.measurementRetention), problems);
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
