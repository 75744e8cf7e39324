// The AnalysisRuns of an Experiment: args resolved from the experiment's own values
// (`{{templates.<name>.podTemplateHash}}`, `{{templates.<name>.replicaset.name}}`,
// `{{experiment.availableAt}}`), the templates merged, named `<experiment>-<analysis>`.

import { NO_DATA_ANNOTATION, noDataAnnotationForRun } from '../../api/no-data.js';
import type { Problem } from '../../api/problem.js';
import type { AnalysisRun, Argument, Experiment, ExperimentAnalysis } from '../../api/types.js';
import { mergeTemplates } from '../analysis/merge-templates.js';
import { templateKey, type AnyTemplate } from '../rollout/rollout-analysis.js';

export const INSTANCE_ID_LABEL = 'argo-rollouts.argoproj.io/controller-instance-id';

/** What `{{templates.<name>...}}` refers to: each template's ReplicaSet name and pod hash. */
export interface TemplateRefs {
  readonly [template: string]: { readonly replicaSetName: string; readonly podTemplateHash: string } | undefined;
}

const PLACEHOLDER = /\{\{\s*(templates\.([^.}\s]+)\.(podTemplateHash|replicaset\.name)|experiment\.(availableAt|finishedAt))\s*\}\}/g;

/**
 * An arg value with the experiment's placeholders replaced; a placeholder that has no value yet is
 * a problem naming it.
 *
 *   '{{templates.baseline.podTemplateHash}}' with baseline -> hash 'abc' -> 'abc'
 *   '{{experiment.availableAt}}'             with availableAt set        -> '2026-12-03T10:00:00Z'
 *   '{{templates.nope.podTemplateHash}}'                                 -> problem: no template "nope"
 */
export function resolveExperimentValue(value: string, refs: TemplateRefs, availableAt: string | undefined): { value: string; problems: string[] } {
  const problems: string[] = [];
  const out = value.replace(PLACEHOLDER, (whole, _all: string, template?: string, field?: string, expField?: string) => {
    if (template !== undefined) {
      const ref = refs[template];
      if (!ref) {
        problems.push(`${whole}: the experiment has no template "${template}"`);
        return whole;
      }
      return field === 'podTemplateHash' ? ref.podTemplateHash : ref.replicaSetName;
    }
    if (expField === 'availableAt' && availableAt) return availableAt;
    problems.push(`${whole} has no value while the experiment runs`);
    return whole;
  });
  return { value: out, problems };
}

export type RunBuild = { readonly ok: true; readonly run: AnalysisRun } | { readonly ok: false; readonly message: string; readonly missing: boolean };

/** The AnalysisRun for one analysis, or why it cannot be built (`missing`: a template is not there yet). */
export function experimentRunFor(
  experiment: Experiment, analysis: ExperimentAnalysis, index: number, name: string,
  templates: Readonly<Record<string, AnyTemplate | null>>, refs: TemplateRefs, availableAt: string | undefined,
): RunBuild {
  const template = templates[templateKey(analysis)];
  if (!template) {
    const kind = analysis.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
    return { ok: false, missing: true, message: `${kind} "${analysis.templateName}" named by analysis '${analysis.name}' not found` };
  }
  const problems: Problem[] = [];
  const args: Argument[] = (analysis.args ?? []).map((arg, j) => {
    if (arg.value === undefined) return arg;
    const r = resolveExperimentValue(arg.value, refs, availableAt);
    problems.push(...r.problems.map((message) => ({ path: `spec.analyses[${index}].args[${j}].value`, message })));
    return { ...arg, value: r.value };
  });
  const merged = mergeTemplates([template], {
    args, dryRun: experiment.spec.dryRun, measurementRetention: experiment.spec.measurementRetention,
  });
  if (!merged.ok) problems.push(...merged.problems);
  if (problems.length > 0 || !merged.ok) {
    return { ok: false, missing: false, message: `AnalysisRun for analysis '${analysis.name}' cannot be built: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` };
  }
  const meta = experiment.metadata ?? {};
  const instanceId = meta.labels?.[INSTANCE_ID_LABEL];
  const noData = noDataAnnotationForRun([{
    ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
    metrics: (template.spec?.metrics ?? []).map((m) => m.name),
  }]);
  const labels = { ...(experiment.spec.analysisRunMetadata?.labels ?? {}), ...(instanceId ? { [INSTANCE_ID_LABEL]: instanceId } : {}) };
  const annotations = { ...(experiment.spec.analysisRunMetadata?.annotations ?? {}), ...(noData ? { [NO_DATA_ANNOTATION]: noData } : {}) };
  return {
    ok: true,
    run: {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun',
      metadata: {
        name, namespace: meta.namespace,
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      spec: merged.spec,
    } as AnalysisRun,
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The host an arg value names: the value itself when it is a DNS label, or a URL's first host label. */
function hostOf(value: string): string | undefined {
  if (DNS_LABEL.test(value)) return value;
  const m = /^[a-z]+:\/\/([a-z0-9-]+)(?=[.:/]|$)/i.exec(value);
  return m?.[1]?.toLowerCase();
}

/**
 * Hints for an analysis that probes a template by a name no Service has (seed 002's pitfall: the
 * Job curls `http://orange:8080` but only purple has a Service, and every measurement fails with
 * no hint). Only hosts named like one of the templates (`orange`, `<experiment>-orange`) count.
 */
export function unreachableHostHints(experiment: Experiment, serviceNames: ReadonlySet<string>, willExist: ReadonlySet<string>): string[] {
  const exp = experiment.metadata?.name ?? '';
  const templates = new Map<string, { service?: string }>();
  for (const t of experiment.spec.templates ?? []) {
    templates.set(t.name, t.service !== undefined ? { service: t.service.name || `${exp}-${t.name}` } : {});
  }
  const hints: string[] = [];
  for (const analysis of experiment.spec.analyses ?? []) {
    for (const arg of analysis.args ?? []) {
      const host = arg.value !== undefined ? hostOf(arg.value) : undefined;
      if (!host || serviceNames.has(host) || willExist.has(host)) continue;
      const template = templates.has(host) ? host : host.startsWith(`${exp}-`) && templates.has(host.slice(exp.length + 1)) ? host.slice(exp.length + 1) : undefined;
      if (template === undefined) continue;
      const service = templates.get(template)?.service;
      const fix = service !== undefined
        ? `template '${template}' is served as "${service}"`
        : `template '${template}' has no service: add \`service: {name: ${host}}\``;
      hints.push(`analysis '${analysis.name}' arg ${arg.name}="${arg.value}": no Service "${host}" in this namespace (${fix})`);
    }
  }
  return hints;
}
