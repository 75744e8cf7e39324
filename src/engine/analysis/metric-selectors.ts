// `dryRun` and `measurementRetention` rules name metrics by regular expression (Argo's
// GetDryRunMetrics and GetMeasurementRetentionMetrics: an unanchored match on the name).
import { DEFAULT_MEASUREMENT_RETENTION } from '../../api/defaults.js';
import type { AnalysisRunSpec } from '../../api/types.js';

type Selectors = Pick<AnalysisRunSpec, 'dryRun' | 'measurementRetention'>;

/**
 * Whether a rule's `metricName` selects a metric: an unanchored regular expression, as in Go's
 * `regexp.MatchString`. A lone `*` selects every metric (Kanary's schema documents it; Go would
 * reject it as a regular expression). An invalid expression selects nothing.
 *
 *   selectsMetric('.*', 'latency')         -> true
 *   selectsMetric('error', 'http_errors')  -> true (unanchored)
 *   selectsMetric('^err', 'http_error')    -> false
 */
export function selectsMetric(pattern: string, metricName: string): boolean {
  if (pattern === '*') return true;
  try {
    return new RegExp(pattern).test(metricName);
  } catch {
    return false;
  }
}

/** Whether the metric runs in dry-run mode: some `dryRun` rule selects it. */
export function isDryRunMetric(spec: Selectors, metricName: string): boolean {
  return (spec.dryRun ?? []).some((rule) => selectsMetric(rule.metricName, metricName));
}

/**
 * Measurements kept for a metric: the limit of the last `measurementRetention` rule that
 * selects it (a later rule wins, as in Argo's map), when positive; otherwise 10.
 *
 *   rules [{'.*', 5}, {'^latency$', 20}]: latency -> 20, errors -> 5, no rules -> 10
 */
export function retentionLimitOf(spec: Selectors, metricName: string): number {
  let limit: number | undefined;
  for (const rule of spec.measurementRetention ?? []) {
    if (selectsMetric(rule.metricName, metricName)) limit = rule.limit;
  }
  return limit !== undefined && limit > 0 ? limit : DEFAULT_MEASUREMENT_RETENTION;
}

/**
 * Rules that select no metric, which Argo treats as an invalid spec (a typo would otherwise let a
 * metric decide the run that its author meant as a dry run).
 *
 *   dryRun [{metricName: 'latncy'}] with metric 'latency' -> ['dryRun[0]: Rule didn't match any metric name(s)']
 */
export function unmatchedSelectorProblems(spec: Selectors, metricNames: readonly string[]): string[] {
  const out: string[] = [];
  const check = (field: 'dryRun' | 'measurementRetention', rules: readonly { metricName: string }[] | undefined): void => {
    (rules ?? []).forEach((rule, i) => {
      if (!metricNames.some((name) => selectsMetric(rule.metricName, name))) {
        out.push(`${field}[${i}]: Rule didn't match any metric name(s)`);
      }
    });
  };
  check('dryRun', spec.dryRun);
  check('measurementRetention', spec.measurementRetention);
  return out;
}
