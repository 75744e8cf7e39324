// Reading Wavefront's chart API answer (`{timeseries: [{label, data: [[ts, value], ...]}], warnings}`)
// as Argo does: the first point of each series; values written with two decimals. Pure.
import { isRecord } from '../vendor-reply.js';

export type WavefrontReading =
  | { kind: 'data'; values: number[]; result: number | number[]; value: string; warnings?: string }
  | { kind: 'empty'; warnings?: string }
  | { kind: 'error'; message: string };

/** Go's `%.2f`. */
export function twoDecimals(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return v.toFixed(2);
}

function pointValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (raw === 'NaN') return NaN;
  return undefined;
}

/**
 *   { timeseries: [{ data: [[1767268800, 0.5]] }] }                 -> data 0.5, value '0.50'
 *   { timeseries: [{ data: [[1, 0.5]] }, { data: [[1, 2]] }] }       -> data [0.5, 2], value '[0.50,2.00]'
 *   { timeseries: [] } or no timeseries                             -> empty
 */
export function readWavefrontSeries(body: unknown): WavefrontReading {
  if (!isRecord(body)) return { kind: 'error', message: 'wavefront: expected a JSON object from /api/v2/chart/api' };
  const warnings = typeof body['warnings'] === 'string' && body['warnings'] ? { warnings: body['warnings'] } : {};
  const series = body['timeseries'] ?? [];
  if (!Array.isArray(series)) return { kind: 'error', message: 'wavefront: timeseries is not an array' };
  const values: number[] = [];
  for (const [i, s] of series.entries()) {
    const data = isRecord(s) ? s['data'] : undefined;
    const first = Array.isArray(data) ? (data[0] as unknown) : undefined;
    if (!Array.isArray(first) || first.length < 2) return { kind: 'error', message: `wavefront: timeseries[${i}] has no [timestamp, value] point` };
    const v = pointValue(first[1]);
    if (v === undefined) return { kind: 'error', message: `wavefront: timeseries[${i}] value is not a number` };
    values.push(v);
  }
  if (values.length === 0) return { kind: 'empty', ...warnings };
  if (values.length === 1) return { kind: 'data', values, result: values[0]!, value: twoDecimals(values[0]!), ...warnings };
  return { kind: 'data', values, result: values, value: `[${values.map(twoDecimals).join(',')}]`, ...warnings };
}
