// What "no data" (a query that returned no samples) means for a metric: Kanary's explicit,
// per-metric choice, read from one annotation. Pure; see src/providers/prometheus/README.md for the design.

/**
 * - `Condition` (the default, Argo's behaviour): the empty result is handed to the conditions,
 *   so `result[0] > 1` errors while `len(result) == 0 || ...` decides.
 * - `Successful`, `Failed`, `Inconclusive`: the measurement takes that phase; no condition runs.
 * - `Error`: the measurement is an Error (counts towards `consecutiveErrorLimit`).
 * - `Retry`: the measurement is not counted; the metric is measured again at its next interval.
 *   At most `consecutiveErrorLimit` retries in a row, then the measurement is an Error, so a
 *   metric that never gets data cannot hold a rollout forever.
 */
export const NO_DATA_POLICIES = ['Condition', 'Successful', 'Failed', 'Inconclusive', 'Error', 'Retry'] as const;
export type NoDataPolicy = (typeof NO_DATA_POLICIES)[number];

/** On AnalysisTemplate, ClusterAnalysisTemplate or AnalysisRun metadata. */
export const NO_DATA_ANNOTATION = 'kanary.io/no-data';

/** Attached to a provider result whose query returned nothing; the engine applies `policy`. */
export interface NoData {
  policy: NoDataPolicy;
  /** Where the policy came from: the annotation, or Argo's default. */
  source: 'annotation' | 'default';
}

export type NoDataLookup = { ok: true; noData: NoData } | { ok: false; message: string };

/**
 * The policy for `metricName` from `kanary.io/no-data`: a comma-separated list of
 * `<metric>=<policy>`, where `*` stands for every metric not named. Policy names are
 * case-insensitive.
 *
 * noDataPolicyFor({ 'kanary.io/no-data': 'error-rate=Failed, *=Inconclusive' }, 'error-rate') -> Failed
 * noDataPolicyFor({ 'kanary.io/no-data': 'error-rate=Failed, *=Inconclusive' }, 'latency')    -> Inconclusive
 * noDataPolicyFor({}, 'latency')                                                               -> Condition (default)
 */
export function noDataPolicyFor(annotations: Record<string, string> | undefined, metricName: string): NoDataLookup {
  const text = annotations?.[NO_DATA_ANNOTATION];
  if (text === undefined || text.trim() === '') return { ok: true, noData: { policy: 'Condition', source: 'default' } };
  const parsed = parseNoDataAnnotation(text);
  if (!parsed.ok) return parsed;
  const policy = parsed.policies.get(metricName) ?? parsed.policies.get('*');
  return { ok: true, noData: policy ? { policy, source: 'annotation' } : { policy: 'Condition', source: 'default' } };
}

export type NoDataParse = { ok: true; policies: Map<string, NoDataPolicy> } | { ok: false; message: string };

/** Parses the annotation's value; the message names every bad entry. */
export function parseNoDataAnnotation(text: string): NoDataParse {
  const policies = new Map<string, NoDataPolicy>();
  const problems: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.indexOf('=');
    const metric = eq < 0 ? '' : entry.slice(0, eq).trim();
    const name = eq < 0 ? '' : entry.slice(eq + 1).trim();
    const policy = NO_DATA_POLICIES.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!metric || !policy) {
      problems.push(`${JSON.stringify(entry)}: expected <metric>=<policy> with policy one of ${NO_DATA_POLICIES.join(', ')}`);
    } else if (policies.has(metric)) {
      problems.push(`metric ${JSON.stringify(metric)} is named twice`);
    } else policies.set(metric, policy);
  }
  if (problems.length) return { ok: false, message: `annotation ${NO_DATA_ANNOTATION}: ${problems.join('; ')}` };
  return { ok: true, policies };
}

/**
 * The `kanary.io/no-data` value for a run made from templates: each template's policies for its
 * own metrics, its `*` expanded to those metrics, so a default never crosses templates. Metrics
 * without a policy are left out; undefined when none has one. A malformed template annotation
 * is copied through unchanged so the run reports it.
 *
 * noDataAnnotationForRun([{ annotations: { 'kanary.io/no-data': '*=Inconclusive' }, metrics: ['a', 'b'] }, { metrics: ['c'] }])
 *   -> 'a=Inconclusive,b=Inconclusive'
 */
export function noDataAnnotationForRun(templates: { annotations?: Record<string, string>; metrics: string[] }[]): string | undefined {
  const entries: string[] = [];
  for (const t of templates) {
    const text = t.annotations?.[NO_DATA_ANNOTATION];
    if (!text?.trim()) continue;
    const parsed = parseNoDataAnnotation(text);
    if (!parsed.ok) return text;
    for (const metric of t.metrics) {
      const policy = parsed.policies.get(metric) ?? parsed.policies.get('*');
      if (policy) entries.push(`${metric}=${policy}`);
    }
  }
  return entries.length ? entries.join(',') : undefined;
}
