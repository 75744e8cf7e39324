// The user's actions on AnalysisRuns, shared by the CLI and the dashboard: create a run from
// templates (`--from T`, `--from-file F`, `--global`, `-a key=value`) and terminate one.
import { randomInt } from 'node:crypto';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { AnalysisRun, AnalysisTemplate, Argument, ClusterAnalysisTemplate } from '../api/types.js';
import { mergeTemplates } from '../engine/analysis/index.js';
import type { KubeClients } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import { kinds, type ResourceType } from '../kube/resources.js';
import { NO_DATA_ANNOTATION, noDataAnnotationForRun } from '../api/no-data.js';
import { ActionError } from './rollout-actions.js';

export { ActionError };

type Template = AnalysisTemplate | ClusterAnalysisTemplate;
type RunObject = AnalysisRun & KubernetesObject;

/** Where a run's templates come from: names in the cluster, or a template given whole (`--from-file`). */
export type TemplateSource =
  | { readonly name: string; readonly clusterScope?: boolean }
  | { readonly template: Template };

export interface CreateAnalysisRunOptions {
  readonly namespace: string;
  readonly from: TemplateSource;
  /** `key=value` pairs (`-a`), or values by name. */
  readonly args?: readonly string[] | Readonly<Record<string, string>>;
  /** The run's name; default `<template>-<5 random characters>`. */
  readonly name?: string;
  /** Sets Argo's controller-instance-id label. */
  readonly instanceId?: string;
  /** Tests fix the suffix. */
  readonly randomSuffix?: () => string;
}

/** The characters Kubernetes uses for generated names (no vowels, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const MAX_TEMPLATE_DEPTH = 10;

export function randomSuffix(): string {
  return Array.from({ length: 5 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join('');
}

/**
 * Arguments from `-a key=value` flags; the value may contain `=`.
 *   parseArgFlags(['service=web', 'q=a=b']) -> [{name: 'service', value: 'web'}, {name: 'q', value: 'a=b'}]
 */
export function parseArgFlags(flags: readonly string[] | Readonly<Record<string, string>>): Argument[] {
  if (!Array.isArray(flags)) return Object.entries(flags).map(([name, value]) => ({ name, value }));
  return (flags as readonly string[]).map((flag) => {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new ActionError(`argument ${JSON.stringify(flag)} must be key=value`);
    return { name: flag.slice(0, eq), value: flag.slice(eq + 1) };
  });
}

async function fetchTemplate(clients: KubeClients, namespace: string, ref: { name: string; clusterScope?: boolean }): Promise<Template> {
  const type = ref.clusterScope ? kinds.ClusterAnalysisTemplate : kinds.AnalysisTemplate;
  try {
    const t = await clients.resource<Template & KubernetesObject>(type).get({ name: ref.name, ...(ref.clusterScope ? {} : { namespace }) });
    return { ...t, kind: type.kind } as Template;
  } catch (err) {
    if (isNotFound(err)) {
      throw new ActionError(ref.clusterScope ? `ClusterAnalysisTemplate "${ref.name}" not found` : `AnalysisTemplate "${ref.name}" not found in namespace "${namespace}"`);
    }
    throw err;
  }
}

/** The template and every template it includes (`spec.templates`), depth first, each once. */
async function collectTemplates(clients: KubeClients, namespace: string, root: Template): Promise<Template[]> {
  const out: Template[] = [];
  const seen = new Set<string>();
  const visit = async (t: Template, depth: number): Promise<void> => {
    const id = `${t.kind ?? 'AnalysisTemplate'}/${t.metadata?.name ?? ''}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(t);
    if (depth >= MAX_TEMPLATE_DEPTH) throw new ActionError(`templates nest deeper than ${MAX_TEMPLATE_DEPTH} levels at ${id}`);
    for (const ref of t.spec.templates ?? []) {
      await visit(await fetchTemplate(clients, namespace, { name: ref.templateName, clusterScope: ref.clusterScope ?? false }), depth + 1);
    }
  };
  await visit(root, 0);
  return out;
}

/**
 * The AnalysisRun a set of templates makes: metrics, args (with the given values; secret refs
 * stay refs), dryRun and measurementRetention merged, Kanary's `kanary.io/no-data` carried over.
 * Every problem (a conflicting or missing arg, an arg the templates do not declare) is reported
 * at once.
 */
export function analysisRunFrom(templates: readonly Template[], opts: { namespace: string; name: string; args: readonly Argument[]; instanceId?: string }): RunObject {
  const declared = new Set(templates.flatMap((t) => (t.spec.args ?? []).map((a) => a.name)));
  const problems = opts.args.filter((a) => !declared.has(a.name)).map((a) => `argument "${a.name}" is not declared by the template`);
  const merged = mergeTemplates(templates, { args: opts.args });
  if (!merged.ok) problems.push(...merged.problems.map((p) => `${p.path}: ${p.message}`));
  const fieldRefs = merged.ok ? (merged.spec.args ?? []).filter((a) => a.valueFrom?.fieldRef !== undefined) : [];
  problems.push(...fieldRefs.map((a) => `argument "${a.name}" reads a field of a Rollout (fieldRef); give it a value with -a ${a.name}=<value>`));
  if (!merged.ok || problems.length > 0) throw new ActionError(`cannot create the AnalysisRun:\n  ${problems.join('\n  ')}`);
  const noData = noDataAnnotationForRun(templates.map((t) => ({
    ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
    metrics: (t.spec.metrics ?? []).map((m) => m.name),
  })));
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: {
      name: opts.name,
      namespace: opts.namespace,
      ...(opts.instanceId ? { labels: { 'argo-rollouts.argoproj.io/controller-instance-id': opts.instanceId } } : {}),
      ...(noData ? { annotations: { [NO_DATA_ANNOTATION]: noData } } : {}),
    },
    spec: merged.spec,
  };
}

/** create analysisrun: one run from a template and the templates it includes; returns it as created. */
export async function createAnalysisRun(clients: KubeClients, opts: CreateAnalysisRunOptions): Promise<RunObject> {
  const root = 'template' in opts.from
    ? opts.from.template
    : await fetchTemplate(clients, opts.namespace, opts.from);
  if (root.kind !== undefined && root.kind !== 'AnalysisTemplate' && root.kind !== 'ClusterAnalysisTemplate') {
    throw new ActionError(`expected an AnalysisTemplate or ClusterAnalysisTemplate, got ${root.kind}`);
  }
  const templateName = root.metadata?.name ?? 'analysis';
  const name = opts.name ?? `${templateName.slice(0, 240)}-${(opts.randomSuffix ?? randomSuffix)()}`;
  const run = analysisRunFrom(await collectTemplates(clients, opts.namespace, root), {
    namespace: opts.namespace, name, args: parseArgFlags(opts.args ?? []), ...(opts.instanceId ? { instanceId: opts.instanceId } : {}),
  });
  return clients.resource<RunObject>(kinds.AnalysisRun).create(run);
}

export type TerminateOutcome = 'terminated' | 'already-completed';

/**
 * terminate analysisrun|experiment: `spec.terminate = true` (conditional on the version read);
 * the controller stops what is in flight and completes it with what it has.
 */
export async function terminate(clients: KubeClients, type: ResourceType, ref: { namespace: string; name: string }): Promise<TerminateOutcome> {
  const objects = clients.resource<KubernetesObject & { spec?: { terminate?: boolean }; status?: { phase?: string } }>(type);
  let obj;
  try {
    obj = await objects.get(ref);
  } catch (err) {
    if (isNotFound(err)) throw new ActionError(`${type.kind} "${ref.name}" not found in namespace "${ref.namespace}"`);
    throw err;
  }
  const phase = obj.status?.phase;
  if (phase === 'Successful' || phase === 'Failed' || phase === 'Error' || phase === 'Inconclusive') return 'already-completed';
  if (obj.spec?.terminate !== true) {
    const rv = obj.metadata?.resourceVersion;
    await objects.mergePatch(ref, { ...(rv ? { metadata: { resourceVersion: rv } } : {}), spec: { terminate: true } });
  }
  return 'terminated';
}

/** terminate analysisrun: the controller stops its measurements and ends it Successful. */
export function terminateAnalysisRun(clients: KubeClients, ref: { namespace: string; name: string }): Promise<TerminateOutcome> {
  return terminate(clients, kinds.AnalysisRun, ref);
}

/** The phases after which an Experiment may be run again. */
const RETRYABLE_EXPERIMENT_PHASES = ['Failed', 'Error', 'Inconclusive'];

/**
 * retry experiment: clears the status of a Failed, Error or Inconclusive Experiment, so its
 * controller starts it again from the beginning (conditional on the version read). Returns the
 * phase it had. Anything else is refused with the reason: a running experiment has nothing to
 * retry, and a Successful one should be created anew.
 */
export async function retryExperiment(clients: KubeClients, ref: { namespace: string; name: string }): Promise<string> {
  const experiments = clients.resource<KubernetesObject & { status?: { phase?: string } | null }>(kinds.Experiment);
  let obj;
  try {
    obj = await experiments.get(ref);
  } catch (err) {
    if (isNotFound(err)) throw new ActionError(`Experiment "${ref.name}" not found in namespace "${ref.namespace}"`);
    throw err;
  }
  const phase = obj.status?.phase;
  if (!phase || !RETRYABLE_EXPERIMENT_PHASES.includes(phase)) {
    throw new ActionError(`experiment "${ref.name}" is ${phase ?? 'not started'}: only a ${RETRYABLE_EXPERIMENT_PHASES.join(', ')} experiment can be retried`);
  }
  const rv = obj.metadata?.resourceVersion;
  await experiments.patchStatus(ref, { ...(rv ? { metadata: { resourceVersion: rv } } : {}), status: null });
  return phase;
}
