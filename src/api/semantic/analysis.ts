// Rules for AnalysisTemplate, ClusterAnalysisTemplate and AnalysisRun specs: metrics are
// unique, measurable (one provider, a valid interval when counted more than once) and their
// limits are consistent.

import { childPath, type Problem } from '../problem.js';
import { asArr, asObj, asStr, intOrPercent, isPlaceholder, isSet, show, type Obj } from './access.js';
import { duplicateNames } from './analysis-refs.js';
import { unclosedArgProblems, undeclaredArgProblems } from './args.js';
import { durationMessage, durationSeconds } from './duration-check.js';

/** An int-or-string limit: a number, or undefined when it is an `{{args.x}}` placeholder or absent. */
function limitValue(v: unknown, path: string, min: number, out: Problem[]): number | undefined {
  if (!isSet(v) || isPlaceholder(v)) return undefined;
  const n = intOrPercent(v, false);
  if (n === undefined) {
    out.push({ path, message: `must be an integer or an {{args.name}} placeholder, got ${show(v)}` });
    return undefined;
  }
  if (n < min) out.push({ path, message: `must be >= ${min}, got ${n}` });
  return n;
}

function durationField(m: Obj, key: string, path: string, out: Problem[]): void {
  const v = m?.[key];
  if (!isSet(v) || isPlaceholder(v)) return;
  const s = durationSeconds(v);
  if (s === undefined) out.push({ path: childPath(path, key), message: durationMessage(v) });
  else if (s < 0) out.push({ path: childPath(path, key), message: `must not be negative, got ${show(v)}` });
}

/** Problems with one metric at `path`. */
export function metricProblems(metric: unknown, path: string): Problem[] {
  const m = asObj(metric);
  const out: Problem[] = [];
  if (m === undefined) return out;
  if (asStr(m['name']) === undefined) out.push({ path: childPath(path, 'name'), message: 'is required: each metric needs a name' });
  const count = limitValue(m['count'], childPath(path, 'count'), 0, out);
  const failureLimit = limitValue(m['failureLimit'], childPath(path, 'failureLimit'), -1, out);
  // Only failureLimit takes -1 (no limit), as Argo Rollouts documents it.
  const inconclusiveLimit = limitValue(m['inconclusiveLimit'], childPath(path, 'inconclusiveLimit'), 0, out);
  limitValue(m['consecutiveErrorLimit'], childPath(path, 'consecutiveErrorLimit'), 0, out);
  if (count !== undefined && count > 0) {
    for (const [key, limit] of [['failureLimit', failureLimit], ['inconclusiveLimit', inconclusiveLimit]] as const) {
      if (limit !== undefined && count < limit) {
        out.push({ path: childPath(path, key), message: `must not exceed count (${count}), got ${limit}` });
      }
    }
  }
  if (count !== undefined && count > 1 && !isSet(m['interval'])) {
    out.push({ path: childPath(path, 'interval'), message: `is required when count is above 1 (count is ${count})` });
  }
  durationField(m, 'interval', path, out);
  durationField(m, 'initialDelay', path, out);
  const provider = asObj(m['provider']);
  const providers = Object.keys(provider ?? {}).filter((k) => isSet(provider?.[k]));
  if (providers.length === 0) {
    out.push({ path: childPath(path, 'provider'), message: 'must name one metric provider (prometheus, job, web, ...), found none' });
  } else if (providers.length > 1) {
    out.push({ path: childPath(path, 'provider'), message: `must name exactly one metric provider, found ${providers.join(', ')}` });
  }
  return out;
}

/** Problems with the `spec` of an AnalysisTemplate, ClusterAnalysisTemplate or AnalysisRun. */
export function analysisSpecProblems(spec: unknown, specPath = 'spec'): Problem[] {
  const s = asObj(spec);
  if (s === undefined) return [];
  const metrics = asArr(s['metrics']);
  const metricsPath = childPath(specPath, 'metrics');
  const out: Problem[] = [];
  if (metrics.length === 0) out.push({ path: metricsPath, message: 'must list at least one metric' });
  out.push(...duplicateNames(metrics, metricsPath, 'metric name'));
  metrics.forEach((m, i) => out.push(...metricProblems(m, childPath(metricsPath, i))));
  out.push(...duplicateNames(asArr(s['args']), childPath(specPath, 'args'), 'arg name'));
  out.push(...undeclaredArgProblems(s, specPath));
  out.push(...unclosedArgProblems(s['metrics'], metricsPath));
  return out;
}

/** Helper kept for tests and callers that hold the whole object. */
export function analysisTemplateProblems(obj: unknown): Problem[] {
  return analysisSpecProblems(asObj(obj)?.['spec']);
}
