// Cross-document reference checks: what a Rollout or Experiment names (Services, routes,
// Ingresses, analysis templates and their args, a workloadRef's Deployment) must exist in the input. A kind absent from
// the input says nothing: those objects may already be in the cluster.

import { childPath, missingReference, type Problem } from '../api/problem.js';
import { asArr, asObj, asStr, at, isSet, type Obj } from '../api/semantic/access.js';
import { declaredArgs } from '../api/semantic/args.js';
import type { ManifestIndex } from './manifest-index.js';
import { routingReferenceProblems } from './routing-references.js';
import { serviceReferenceProblems } from './service-references.js';

/** One place that runs analysis templates: its templates and the args it passes them. */
interface AnalysisUse {
  readonly templates: { readonly name: string; readonly cluster: boolean; readonly path: string }[];
  readonly args: Set<string>;
  readonly argsPath: string;
  /** A step or promotion analysis: it must end, so every metric needs a count. */
  readonly blocking: boolean;
}

function rolloutAnalysisUse(a: unknown, path: string, blocking: boolean): AnalysisUse {
  const templates = asArr(asObj(a)?.['templates']).flatMap((t, i) => {
    const name = asStr(asObj(t)?.['templateName']);
    const p = childPath(childPath(childPath(path, 'templates'), i), 'templateName');
    return name === undefined ? [] : [{ name, cluster: asObj(t)?.['clusterScope'] === true, path: p }];
  });
  return { templates, args: declaredArgs(asObj(a)?.['args']), argsPath: childPath(path, 'args'), blocking };
}

function experimentAnalysisUses(analyses: unknown, path: string): AnalysisUse[] {
  return asArr(analyses).flatMap((a, i) => {
    const name = asStr(asObj(a)?.['templateName']);
    const p = childPath(path, i);
    if (name === undefined) return [];
    return [{
      templates: [{ name, cluster: asObj(a)?.['clusterScope'] === true, path: childPath(p, 'templateName') }],
      args: declaredArgs(asObj(a)?.['args']),
      argsPath: childPath(p, 'args'),
      blocking: false,
    }];
  });
}

/** Every analysis a Rollout may run: background, steps (analysis and experiment), blue-green. */
function rolloutAnalysisUses(spec: Obj): AnalysisUse[] {
  const uses: AnalysisUse[] = [];
  const canary = asObj(at(spec, 'strategy', 'canary'));
  const bg = asObj(at(spec, 'strategy', 'blueGreen'));
  if (isSet(canary?.['analysis'])) uses.push(rolloutAnalysisUse(canary?.['analysis'], 'spec.strategy.canary.analysis', false));
  asArr(canary?.['steps']).forEach((s, i) => {
    const p = `spec.strategy.canary.steps[${i}]`;
    const step = asObj(s);
    if (isSet(step?.['analysis'])) uses.push(rolloutAnalysisUse(step?.['analysis'], `${p}.analysis`, true));
    uses.push(...experimentAnalysisUses(at(step, 'experiment', 'analyses'), `${p}.experiment.analyses`));
  });
  for (const key of ['prePromotionAnalysis', 'postPromotionAnalysis']) {
    if (isSet(bg?.[key])) uses.push(rolloutAnalysisUse(bg?.[key], `spec.strategy.blueGreen.${key}`, true));
  }
  return uses;
}

/**
 * Metrics that would never finish: an interval without a count repeats until stopped, which a
 * background analysis does, but a step or promotion analysis would wait for forever.
 */
function endlessMetricProblems(template: unknown, kind: string, t: { name: string; path: string }): Problem[] {
  return asArr(at(template, 'spec', 'metrics')).flatMap((m) => {
    const metric = asObj(m);
    if (!isSet(metric?.['interval']) || isSet(metric?.['count'])) return [];
    return [{
      path: t.path,
      message: `${kind} "${t.name}" metric "${asStr(metric?.['name']) ?? ''}" has an interval but no count: it would run forever and this analysis would never finish`,
    }];
  });
}

/** Templates that exist, and the args they need that the caller does not pass. */
function analysisReferenceProblems(uses: AnalysisUse[], index: ManifestIndex, namespace: string | undefined): Problem[] {
  if (!index.has('AnalysisTemplate') && !index.has('ClusterAnalysisTemplate')) return [];
  const out: Problem[] = [];
  for (const use of uses) {
    for (const t of use.templates) {
      const kind = t.cluster ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate';
      const found = index.find(kind, t.name, namespace);
      if (found === undefined) {
        const other = index.find(t.cluster ? 'AnalysisTemplate' : 'ClusterAnalysisTemplate', t.name, namespace);
        const hint = other === undefined ? '' : t.cluster ? ' (an AnalysisTemplate has that name: drop clusterScope)' : ' (a ClusterAnalysisTemplate has that name: set clusterScope: true)';
        out.push(missingReference(t.path, `${kind} "${t.name}" not found in the input${hint}`));
        continue;
      }
      if (use.blocking) out.push(...endlessMetricProblems(found.object, kind, t));
      for (const arg of asArr(at(found.object, 'spec', 'args'))) {
        const name = asStr(asObj(arg)?.['name']);
        if (name === undefined || isSet(asObj(arg)?.['value']) || isSet(asObj(arg)?.['valueFrom'])) continue;
        if (!use.args.has(name)) {
          out.push({ path: use.argsPath, message: `${kind} "${t.name}" needs arg "${name}", which is not passed here` });
        }
      }
    }
  }
  return out;
}

/** The Deployment a workloadRef names, once the input holds some Deployment. */
function workloadReferenceProblems(spec: Obj, index: ManifestIndex, namespace: string | undefined): Problem[] {
  const ref = asObj(spec['workloadRef']);
  const name = asStr(ref?.['name']);
  if (ref?.['kind'] !== 'Deployment' || name === undefined || !index.has('Deployment')) return [];
  return index.find('Deployment', name, namespace) === undefined
    ? [missingReference('spec.workloadRef.name', `Deployment "${name}" not found in the input`)] : [];
}

/** Reference problems of one argoproj object against everything in the input. */
export function referenceProblems(obj: unknown, index: ManifestIndex): Problem[] {
  const o = asObj(obj);
  const spec = asObj(o?.['spec']);
  if (o === undefined || spec === undefined) return [];
  const namespace = asStr(asObj(o['metadata'])?.['namespace']);
  if (o['kind'] === 'Rollout') {
    return [
      ...serviceReferenceProblems(spec, asStr(asObj(o['metadata'])?.['name']), index, namespace),
      ...routingReferenceProblems(spec, index, namespace),
      ...analysisReferenceProblems(rolloutAnalysisUses(spec), index, namespace),
      ...workloadReferenceProblems(spec, index, namespace),
    ];
  }
  if (o['kind'] === 'Experiment') {
    return analysisReferenceProblems(experimentAnalysisUses(spec['analyses'], 'spec.analyses'), index, namespace);
  }
  return [];
}
