// A `cloudWatch` metric's `metricDataQueries` as a GetMetricData input, and the answer as Argo
// hands it to the conditions (a list of MetricDataResult with Go's field names). Pure.
import type { Metric } from '../../api/types.js';

type CloudWatchSpec = NonNullable<Metric['provider']['cloudWatch']>;
type QuerySpec = CloudWatchSpec['metricDataQueries'][number];

/** The GetMetricData query shape (AWS API field names). */
export interface MetricDataQuery {
  Id: string;
  Expression?: string;
  Label?: string;
  MetricStat?: {
    Metric: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
    Unit?: string;
  };
  Period?: number;
  ReturnData?: boolean;
}

/** Argo's `IntOrString.IntValue()`: a number, or a numeric string, else 0. */
function intValue(v: number | string | undefined): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return 0;
}

/** Every problem with the queries, each naming its field; empty when they can be sent. */
export function cloudWatchQueryProblems(queries: readonly QuerySpec[] | undefined): string[] {
  if (!queries || queries.length === 0) return ['provider.cloudWatch.metricDataQueries: at least one query is required'];
  const out: string[] = [];
  queries.forEach((q, i) => {
    const at = `provider.cloudWatch.metricDataQueries[${i}]`;
    if (!q.id) out.push(`${at}.id: required`);
    else if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.id)) out.push(`${at}.id: must start with a lowercase letter and hold only letters, digits and _, got ${JSON.stringify(q.id)}`);
    if (!q.expression && !q.metricStat) out.push(`${at}: set expression or metricStat`);
    if (q.expression && q.metricStat) out.push(`${at}: set either expression or metricStat, not both`);
    if (q.metricStat && !q.metricStat.stat) out.push(`${at}.metricStat.stat: required`);
    if (q.metricStat && !q.metricStat.metric?.metricName) out.push(`${at}.metricStat.metric.metricName: required`);
  });
  return out;
}

/**
 *   { id: 'rate', metricStat: { metric: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count',
 *     dimensions: [{ name: 'LoadBalancer', value: 'app/x' }] }, period: '300', stat: 'Sum' } }
 *   -> { Id: 'rate', MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count',
 *        Dimensions: [{ Name: 'LoadBalancer', Value: 'app/x' }] }, Period: 300, Stat: 'Sum' } }
 */
export function metricDataQueries(queries: readonly QuerySpec[]): MetricDataQuery[] {
  return queries.map((q) => {
    const out: MetricDataQuery = { Id: q.id ?? '' };
    if (q.expression) out.Expression = q.expression;
    if (q.label) out.Label = q.label;
    if (q.metricStat) {
      const m = q.metricStat.metric ?? {};
      out.MetricStat = {
        Metric: {
          ...(m.namespace ? { Namespace: m.namespace } : {}),
          ...(m.metricName ? { MetricName: m.metricName } : {}),
          ...(m.dimensions ? { Dimensions: m.dimensions.map((d) => ({ Name: d.name ?? '', Value: d.value ?? '' })) } : {}),
        },
        Period: intValue(q.metricStat.period),
        Stat: q.metricStat.stat ?? '',
        ...(q.metricStat.unit ? { Unit: q.metricStat.unit } : {}),
      };
    }
    if (q.period !== undefined) out.Period = intValue(q.period);
    if (q.returnData !== undefined) out.ReturnData = q.returnData;
    return out;
  });
}

/** One MetricDataResult as the conditions see it: `result[0].Values`, `result[0].StatusCode`. */
export interface MetricDataResultView {
  Id: string;
  Label: string;
  StatusCode: string;
  Timestamps: string[];
  Values: number[];
  Messages: { Code: string; Value: string }[];
}

/** Go's `%v` for a float64: shortest digits, exponent form below 1e-4 and from 1e21. */
export function goFloatV(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp >= -4 && exp < 21) return String(v);
  const [mantissa, e] = v.toExponential().split('e') as [string, string];
  const n = Number(e);
  return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** Argo's stored value: `fmt.Sprintf("%+v", [][]float64)`, e.g. `[[0.5 1] [2]]`. */
export function cloudWatchValue(results: readonly MetricDataResultView[]): string {
  return `[${results.map((r) => `[${r.Values.map(goFloatV).join(' ')}]`).join(' ')}]`;
}
