// The AnalysisRuns a canary Rollout asks for: one per analysis step, and one in the background
// from `startingStep` on. Built from (Cluster)AnalysisTemplates and the Rollout's own args,
// named and labelled as Argo Rollouts names them.

import { CONTROLLER_INSTANCE_ID_LABEL, POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from '../../api/labels.js';
import { NO_DATA_ANNOTATION, noDataAnnotationForRun } from '../../api/no-data.js';
import type { Problem } from '../../api/problem.js';
import type { AnalysisRun, AnalysisTemplate, Argument, ClusterAnalysisTemplate, Rollout } from '../../api/types.js';
import { mergeTemplates } from '../analysis/merge-templates.js';

export type AnyTemplate = AnalysisTemplate | ClusterAnalysisTemplate;
export type RunType = 'Step' | 'Background' | 'PrePromotion' | 'PostPromotion';

/** An AnalysisRun the Rollout owns, reduced to what the rules need. */
export interface ObservedAnalysisRun {
  readonly name: string;
  readonly phase: string;
  readonly message?: string;
  readonly podHash: string;
  readonly type?: RunType;
  readonly stepIndex?: number;
  readonly terminating: boolean;
  readonly createdAt: number;
}

type RolloutAnalysisSpec = NonNullable<NonNullable<Rollout['spec']['strategy']['canary']>['analysis']>;
interface TemplateRef { readonly templateName?: string; readonly clusterScope?: boolean }
type RolloutArg = NonNullable<RolloutAnalysisSpec['args']>[number];

export const COMPLETED_PHASES = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** The key a template has in a snapshot: `AnalysisTemplate/name` or `ClusterAnalysisTemplate/name`. */
export function templateKey(ref: TemplateRef): string {
  return `${ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate'}/${ref.templateName ?? ''}`;
}

/** Every template reference of a Rollout: background analysis and analysis steps, pre- and post-promotion analysis. */
export function templateRefsOf(rollout: Rollout): { ref: TemplateRef; path: string }[] {
  const canary = rollout.spec?.strategy?.canary;
  const blueGreen = rollout.spec?.strategy?.blueGreen;
  const out: { ref: TemplateRef; path: string }[] = [];
  for (const key of ['prePromotionAnalysis', 'postPromotionAnalysis'] as const) {
    (blueGreen?.[key]?.templates ?? []).forEach((ref, i) => out.push({ ref, path: `spec.strategy.blueGreen.${key}.templates[${i}]` }));
  }
  (canary?.analysis?.templates ?? []).forEach((ref, i) => out.push({ ref, path: `spec.strategy.canary.analysis.templates[${i}]` }));
  (canary?.steps ?? []).forEach((step, s) => (step.analysis?.templates ?? []).forEach((ref, i) =>
    out.push({ ref, path: `spec.strategy.canary.steps[${s}].analysis.templates[${i}]` })));
  return out;
}

/** `metadata.labels['app']`, `metadata.name`, `spec.replicas`: a value from the Rollout itself. */
export function fieldRefValue(rollout: Rollout, fieldPath: string): string | undefined {
  const parts = [...fieldPath.matchAll(/([^.[\]]+)|\[['"]([^'"]+)['"]\]/g)].map((m) => m[1] ?? m[2] ?? '');
  let at: unknown = rollout;
  for (const key of parts) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  if (at === undefined || at === null || typeof at === 'object') return undefined;
  return String(at);
}

/** The Rollout's args with values: podTemplateHashValue (Stable, Latest) and fieldRef resolved. */
export function resolveRolloutArgs(
  args: readonly RolloutArg[] | undefined, rollout: Rollout, hashes: { stable?: string; latest: string }, path: string,
): { args: Argument[]; problems: Problem[] } {
  const out: Argument[] = [];
  const problems: Problem[] = [];
  (args ?? []).forEach((arg, i) => {
    const from = arg.valueFrom;
    if (arg.value !== undefined) out.push({ name: arg.name, value: arg.value });
    else if (from?.podTemplateHashValue) {
      const value = from.podTemplateHashValue === 'Stable' ? hashes.stable : hashes.latest;
      if (value) out.push({ name: arg.name, value });
      else problems.push({ path: `${path}[${i}].valueFrom.podTemplateHashValue`, message: 'there is no stable ReplicaSet yet' });
    } else if (from?.fieldRef) {
      const value = fieldRefValue(rollout, from.fieldRef.fieldPath);
      if (value !== undefined) out.push({ name: arg.name, value });
      else problems.push({ path: `${path}[${i}].valueFrom.fieldRef.fieldPath`, message: `"${from.fieldRef.fieldPath}" has no value in this Rollout` });
    } else out.push({ name: arg.name });
  });
  return { args: out, problems };
}

/**
 * Argo's names: `<rollout>-<hash>-<revision>` (background), with `-<step>` for a step and
 * `-pre` / `-post` for blue-green promotion analysis; `.N` when taken.
 */
export function analysisRunName(rollout: string, podHash: string, revision: number, suffix: number | string | undefined, taken: ReadonlySet<string>): string {
  const base = `${rollout}-${podHash}-${revision}${suffix !== undefined ? `-${suffix}` : ''}`;
  if (!taken.has(base)) return base;
  for (let n = 1; ; n++) if (!taken.has(`${base}.${n}`)) return `${base}.${n}`;
}

export interface RunRequest {
  readonly rollout: Rollout;
  readonly analysis: RolloutAnalysisSpec;
  readonly type: RunType;
  readonly stepIndex?: number;
  /** Appended to the run's name when it is not a step's: `pre`, `post`. */
  readonly nameSuffix?: string;
  readonly podHash: string;
  readonly stableHash?: string;
  readonly revision: number;
  readonly templates: Readonly<Record<string, AnyTemplate | null>>;
  readonly takenNames: ReadonlySet<string>;
  readonly path: string;
}

/** The AnalysisRun to create, or every reason it cannot be built. */
export function analysisRunFor(req: RunRequest): { ok: true; run: AnalysisRun } | { ok: false; problems: Problem[] } {
  const templates: AnyTemplate[] = [];
  const problems: Problem[] = [];
  (req.analysis.templates ?? []).forEach((ref, i) => {
    const t = req.templates[templateKey(ref)];
    if (t) templates.push(t);
    else problems.push({ path: `${req.path}.templates[${i}].templateName`, message: `${ref.clusterScope ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate'} "${ref.templateName}" not found` });
  });
  const args = resolveRolloutArgs(req.analysis.args, req.rollout, { stable: req.stableHash, latest: req.podHash }, `${req.path}.args`);
  problems.push(...args.problems);
  if (problems.length > 0) return { ok: false, problems };
  const merged = mergeTemplates(templates, { args: args.args, dryRun: req.analysis.dryRun, measurementRetention: req.analysis.measurementRetention });
  if (!merged.ok) return { ok: false, problems: merged.problems.map((p) => ({ ...p, path: `${req.path}.${p.path}` })) };
  const meta = req.rollout.metadata ?? {};
  const instanceId = meta.labels?.[CONTROLLER_INSTANCE_ID_LABEL];
  const name = analysisRunName(meta.name ?? '', req.podHash, req.revision, req.stepIndex ?? req.nameSuffix, req.takenNames);
  // Each template's no-data policy covers its own metrics only, its `*` included.
  const noData = noDataAnnotationForRun(templates.map((t) => ({
    ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
    metrics: (t.spec?.metrics ?? []).map((m) => m.name),
  })));
  return {
    ok: true,
    run: {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun',
      metadata: {
        name, namespace: meta.namespace,
        labels: {
          ...(req.analysis.analysisRunMetadata?.labels ?? {}),
          [POD_TEMPLATE_HASH_LABEL]: req.podHash, 'rollout-type': req.type,
          ...(req.stepIndex !== undefined ? { 'step-index': String(req.stepIndex) } : {}),
          ...(instanceId ? { [CONTROLLER_INSTANCE_ID_LABEL]: instanceId } : {}),
        },
        annotations: {
          ...(req.analysis.analysisRunMetadata?.annotations ?? {}),
          [REVISION_ANNOTATION]: String(req.revision),
          ...(noData ? { [NO_DATA_ANNOTATION]: noData } : {}),
        },
      },
      spec: merged.spec,
    } as AnalysisRun,
  };
}
