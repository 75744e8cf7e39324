// Rules for Rollout specs: replica counts, a selector that selects the pod template, exactly
// one strategy, and the blue-green strategy's rules (canary rules live in canary.ts).

import { childPath, type Problem } from '../problem.js';
import { asNum, asObj, asStr, at, isSet, type Obj } from './access.js';
import { rolloutAnalysisProblems } from './analysis-refs.js';
import { antiAffinityProblems } from './anti-affinity.js';
import { canaryProblems } from './canary.js';
import { nonNegative } from './experiment.js';
import { selectorProblems } from './selector.js';

const DEFAULT_REVISION_HISTORY_LIMIT = 10;
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

function blueGreenProblems(bg: Obj, spec: Obj, path: string): Problem[] {
  const out: Problem[] = [];
  const active = asStr(bg['activeService']);
  if (active === undefined) {
    out.push({ path: childPath(path, 'activeService'), message: 'is required: the Service that receives production traffic' });
  } else if (active === bg['previewService']) {
    out.push({ path: childPath(path, 'previewService'), message: `must differ from activeService, both are "${active}"` });
  }
  const limit = asNum(bg['scaleDownDelayRevisionLimit']);
  const history = asNum(spec['revisionHistoryLimit']) ?? DEFAULT_REVISION_HISTORY_LIMIT;
  if (limit !== undefined && limit > history) {
    out.push({ path: childPath(path, 'scaleDownDelayRevisionLimit'), message: `must not exceed revisionHistoryLimit (${history}), got ${limit}` });
  }
  for (const key of ['autoPromotionSeconds', 'scaleDownDelaySeconds', 'previewReplicaCount', 'abortScaleDownDelaySeconds']) {
    out.push(...nonNegative(bg, key, path));
  }
  for (const key of ['prePromotionAnalysis', 'postPromotionAnalysis']) {
    if (isSet(bg[key])) out.push(...rolloutAnalysisProblems(bg[key], childPath(path, key)));
  }
  out.push(...antiAffinityProblems(bg['antiAffinity'], childPath(path, 'antiAffinity')));
  return out;
}

function strategyProblems(spec: Obj): Problem[] {
  const strategy = asObj(spec['strategy']);
  const canary = asObj(strategy?.['canary']);
  const blueGreen = asObj(strategy?.['blueGreen']);
  if (canary !== undefined && blueGreen !== undefined) {
    return [{ path: 'spec.strategy', message: 'must set exactly one strategy, canary or blueGreen, found both' }];
  }
  if (canary !== undefined) return canaryProblems(canary, 'spec.strategy.canary');
  if (blueGreen !== undefined) return blueGreenProblems(blueGreen, spec, 'spec.strategy.blueGreen');
  return [{ path: 'spec.strategy', message: 'must set exactly one strategy, canary or blueGreen, found none' }];
}

/** Whether a pod template says anything: labels, annotations or a pod spec with a field set. */
function templateSet(template: unknown): boolean {
  const t = asObj(template);
  if (t === undefined) return false;
  const meta = asObj(t['metadata']);
  const filled = (o: unknown) => Object.values(asObj(o) ?? {}).some((v) => isSet(v) && !(Array.isArray(v) && v.length === 0));
  return filled(meta?.['labels']) || filled(meta?.['annotations']) || filled(t['spec']);
}

/** `spec.workloadRef`: the workload named in full (apiVersion, kind, name) and no template of its own. */
function workloadRefProblems(spec: Obj): Problem[] {
  const ref = asObj(spec['workloadRef']) ?? {};
  const out: Problem[] = [];
  // Argo Rollouts resolves the pod template at first from the workload only: a template beside it is refused.
  if (templateSet(spec['template'])) {
    out.push({ path: 'spec.template', message: 'must be empty when spec.workloadRef is set: the pod template comes from the referenced workload (spec.workloadRef)' });
  }
  if (!isSet(ref['name'])) out.push({ path: 'spec.workloadRef.name', message: 'is required: the name of the workload in the Rollout\'s namespace' });
  if (!isSet(ref['kind'])) out.push({ path: 'spec.workloadRef.kind', message: 'is required: Deployment' });
  const apiVersion = ref['apiVersion'];
  if (ref['kind'] === 'Deployment' && apiVersion !== 'apps/v1') {
    out.push({ path: 'spec.workloadRef.apiVersion', message: `must be apps/v1 for a Deployment, got ${apiVersion === undefined ? 'nothing' : JSON.stringify(apiVersion)}` });
  }
  return out;
}

function templateProblems(spec: Obj): Problem[] {
  // The pod template and, when the Rollout has none, the selector come from the referenced workload.
  if (isSet(spec['workloadRef'])) return workloadRefProblems(spec);
  return selectorProblems(spec['selector'], at(spec, 'template', 'metadata', 'labels'), 'spec.selector', 'spec.template.metadata.labels');
}

/** Problems with a Rollout object (its `spec`). */
export function rolloutProblems(obj: unknown): Problem[] {
  const spec = asObj(asObj(obj)?.['spec']);
  if (spec === undefined) return [];
  const out: Problem[] = [];
  out.push(...nonNegative(spec, 'replicas', 'spec'));
  out.push(...templateProblems(spec));
  out.push(...nonNegative(spec, 'minReadySeconds', 'spec'), ...nonNegative(spec, 'revisionHistoryLimit', 'spec'));
  const deadline = asNum(spec['progressDeadlineSeconds']);
  const minReady = asNum(spec['minReadySeconds']) ?? 0;
  if ((deadline ?? DEFAULT_PROGRESS_DEADLINE_SECONDS) <= minReady) {
    out.push({
      path: deadline === undefined ? 'spec.minReadySeconds' : 'spec.progressDeadlineSeconds',
      message: `progressDeadlineSeconds (${deadline ?? `${DEFAULT_PROGRESS_DEADLINE_SECONDS}, the default`}) must be greater than minReadySeconds (${minReady})`,
    });
  }
  out.push(...strategyProblems(spec));
  return out;
}
