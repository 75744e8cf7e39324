// An experiment as a canary step: the Rollout creates an Experiment whose templates take their
// pod template from the stable or the canary ReplicaSet (`specRef`), and the step waits for it.
// Successful moves on, Failed or Error aborts, Inconclusive pauses (InconclusiveExperiment).

import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from '../../api/labels.js';
import type { Experiment, ExperimentSpec, Rollout, RolloutExperimentStep, TemplateStatus } from '../../api/types.js';
import type { Verdict } from './analysis-plan.js';
import type { Draft } from './draft.js';
import { resolveRolloutArgs } from './rollout-analysis.js';

/** An Experiment the Rollout owns, reduced to what the rules need. */
export interface ObservedExperiment {
  readonly name: string;
  readonly phase: string;
  readonly message?: string;
  readonly terminating: boolean;
  /** Its templates' Services, hashes and available pods, for weighted templates. */
  readonly templateStatuses?: readonly Partial<TemplateStatus>[];
}

export interface ExperimentStepContext {
  readonly rollout: Rollout;
  readonly podHash: string;
  readonly revision: number;
  readonly experiments: readonly ObservedExperiment[];
  /** The stable ReplicaSet's pod template, for `specRef: stable`. */
  readonly stableTemplate?: unknown;
}

const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** Argo's name: `<rollout>-<podHash>-<revision>-<stepIndex>`. */
export function stepExperimentName(rollout: string, podHash: string, revision: number, stepIndex: number): string {
  return `${rollout}-${podHash}-${revision}-${stepIndex}`;
}

function recordCurrent(d: Draft, name: string | undefined): void {
  const canary = { ...(d.status.canary ?? {}) };
  if (name) canary.currentExperiment = name;
  else delete canary.currentExperiment;
  d.status.canary = canary;
}

type PodTemplate = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };

/** The Experiment for the step, or why it cannot be built yet. */
export function stepExperimentFor(ctx: ExperimentStepContext, step: RolloutExperimentStep, stepIndex: number, name: string, stableHash: string | undefined):
  { ok: true; experiment: Experiment } | { ok: false; message: string } {
  const rollout = ctx.rollout;
  const templates: ExperimentSpec['templates'] = [];
  for (const t of step.templates) {
    const source = t.specRef === 'stable' ? ctx.stableTemplate : rollout.spec.template;
    if (source === undefined) return { ok: false, message: `template '${t.name}' (specRef: stable): there is no stable ReplicaSet yet` };
    const pod = structuredClone(source) as PodTemplate;
    const labels = { ...(pod.metadata?.labels ?? {}), ...(t.metadata?.labels ?? {}) };
    delete labels[POD_TEMPLATE_HASH_LABEL];
    const annotations = { ...(pod.metadata?.annotations ?? {}), ...(t.metadata?.annotations ?? {}) };
    templates.push({
      name: t.name,
      ...(t.replicas !== undefined ? { replicas: t.replicas } : {}),
      ...(rollout.spec.minReadySeconds !== undefined ? { minReadySeconds: rollout.spec.minReadySeconds } : {}),
      selector: t.selector ?? rollout.spec.selector ?? {},
      template: { ...pod, metadata: { ...(pod.metadata ?? {}), labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) } } as ExperimentSpec['templates'][number]['template'],
      // A weighted template takes traffic through a Service of its own, as in Argo.
      ...(t.service !== undefined || t.weight !== undefined ? { service: t.service?.name ? { name: t.service.name } : {} } : {}),
    });
  }
  const problems: string[] = [];
  const analyses = (step.analyses ?? []).map((a, i) => {
    const args = resolveRolloutArgs(a.args, rollout, { stable: stableHash, latest: ctx.podHash }, `spec.strategy.canary.steps[${stepIndex}].experiment.analyses[${i}].args`);
    problems.push(...args.problems.map((p) => `${p.path}: ${p.message}`));
    return {
      name: a.name, templateName: a.templateName,
      ...(a.clusterScope !== undefined ? { clusterScope: a.clusterScope } : {}),
      ...(args.args.length > 0 ? { args: args.args } : {}),
      ...(a.requiredForCompletion !== undefined ? { requiredForCompletion: a.requiredForCompletion } : {}),
    };
  });
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  const meta = rollout.metadata ?? {};
  const instanceId = meta.labels?.['argo-rollouts.argoproj.io/controller-instance-id'];
  return {
    ok: true,
    experiment: {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment',
      metadata: {
        name, namespace: meta.namespace,
        labels: { [POD_TEMPLATE_HASH_LABEL]: ctx.podHash, ...(instanceId ? { 'argo-rollouts.argoproj.io/controller-instance-id': instanceId } : {}) },
        annotations: { [REVISION_ANNOTATION]: String(ctx.revision) },
      },
      spec: {
        templates,
        ...(step.duration !== undefined ? { duration: step.duration } : {}),
        ...(rollout.spec.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: rollout.spec.progressDeadlineSeconds } : {}),
        ...(analyses.length > 0 ? { analyses } : {}),
        ...(step.dryRun ? { dryRun: step.dryRun } : {}),
        ...(step.analysisRunMetadata ? { analysisRunMetadata: step.analysisRunMetadata } : {}),
      },
    } as Experiment,
  };
}

/**
 * The verdict of the experiment step at `index`, creating its Experiment when there is none.
 * `promoted`: a person promoted past an Inconclusive experiment, so the step is done.
 * A failed experiment left behind by an abort is not reused after a retry: the new one is `<name>.1`.
 */
export function stepExperiment(d: Draft, ctx: ExperimentStepContext, index: number, promoted: boolean): Verdict {
  const step = ctx.rollout.spec.strategy.canary?.steps?.[index]?.experiment;
  if (!step) return 'done';
  const base = stepExperimentName(ctx.rollout.metadata?.name ?? '', ctx.podHash, ctx.revision, index);
  const recorded = d.status.canary?.currentExperiment;
  const ours = (n: string | undefined) => n !== undefined && (n === base || n.startsWith(`${base}.`));
  let found = ours(recorded) ? ctx.experiments.find((e) => e.name === recorded) : undefined;
  if (!found) {
    // Not recorded (first time, or after a retry): an unfinished or Successful one is taken up.
    found = ctx.experiments.filter((e) => ours(e.name) && !e.terminating && (e.phase === 'Successful' || !COMPLETED.has(e.phase))).at(-1);
  }
  if (found) {
    recordCurrent(d, found.name);
    if (found.phase === 'Successful') {
      recordCurrent(d, undefined);
      return 'done';
    }
    if (found.phase === 'Failed' || found.phase === 'Error') {
      d.abortMessage = `Experiment '${found.name}' ${found.phase}${found.message ? `: ${found.message}` : ''}`;
      return 'failed';
    }
    if (found.phase === 'Inconclusive') {
      if (promoted) {
        recordCurrent(d, undefined);
        return 'done';
      }
      d.inconclusiveReason = 'InconclusiveExperiment';
      return 'inconclusive';
    }
    d.notes.push(`step ${index + 1}: waiting for Experiment ${found.name} (${found.phase || 'Pending'})`);
    return 'wait';
  }
  const taken = new Set(ctx.experiments.map((e) => e.name));
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}.${n}`;
  const built = stepExperimentFor(ctx, step, index, name, d.status.stableRS);
  if (!built.ok) {
    d.notes.push(`step ${index + 1}: the experiment cannot start yet: ${built.message}`);
    return 'wait';
  }
  d.actions.push({ kind: 'createExperiment', name, experiment: built.experiment, reason: `experiment step ${index + 1} starts` });
  recordCurrent(d, name);
  return 'wait';
}

/**
 * Terminates every unfinished Experiment that no longer counts: the update was aborted, fully
 * promoted or promoted with --full, or it is not the current step's.
 */
export function stopExperiments(d: Draft, ctx: ExperimentStepContext, settled: boolean): void {
  const current = d.status.canary?.currentExperiment;
  const stop = settled || d.status.promoteFull === true;
  for (const e of ctx.experiments) {
    if (COMPLETED.has(e.phase) || e.terminating) continue;
    if (stop || e.name !== current) d.actions.push({ kind: 'terminateExperiment', name: e.name, reason: stop ? 'the update ended' : 'no longer the current step\'s experiment' });
  }
  if (stop && current !== undefined) recordCurrent(d, undefined);
}
