// Reading Datadog's answers, as Argo does: v1 takes the last point of the first series, v2 the
// first value of the first column. No points gives `null` (so `default(result, 0)` works). Pure.
import { formatSample as formatFloat } from '../prometheus/response.js';
import { isRecord } from '../vendor-reply.js';

export type DatadogReading =
  | { kind: 'data'; value: string; result: number }
  | { kind: 'empty'; value: string }
  | { kind: 'error'; message: string };

/**
 *   { series: [{ pointlist: [[1000, 0.5], [2000, 0.25]] }] } -> data 0.25
 *   { series: [] }                                              -> empty, value '[]'
 */
export function readDatadogV1(body: unknown): DatadogReading {
  if (!isRecord(body)) return { kind: 'error', message: 'datadog: expected a JSON object from /api/v1/query' };
  if (typeof body['error'] === 'string' && body['error']) return { kind: 'error', message: `datadog: ${body['error']}` };
  const series = body['series'] ?? [];
  if (!Array.isArray(series)) return { kind: 'error', message: 'datadog: series is not an array' };
  const first = series[0] as unknown;
  const points = isRecord(first) ? first['pointlist'] : undefined;
  if (series.length === 0 || !Array.isArray(points) || points.length === 0) return { kind: 'empty', value: JSON.stringify(series) };
  const last = points[points.length - 1] as unknown;
  if (!Array.isArray(last) || last.length !== 2) return { kind: 'error', message: 'datadog: Datapoint does not have 2 values' };
  const v = last[1] as unknown;
  if (v === null) return { kind: 'empty', value: JSON.stringify(series) };
  if (typeof v !== 'number') return { kind: 'error', message: `datadog: datapoint value is not a number: ${JSON.stringify(v).slice(0, 40)}` };
  return { kind: 'data', value: formatFloat(v), result: v };
}

/**
 *   { data: { attributes: { columns: [{ values: [0.5] }] } } } -> data 0.5
 *   { data: { attributes: { columns: [] } } }                  -> empty
 *   { errors: 'bad query' }                                    -> error 'There were errors in your query: bad query'
 */
export function readDatadogV2(body: unknown): DatadogReading {
  if (!isRecord(body)) return { kind: 'error', message: 'datadog: expected a JSON object from /api/v2/query/scalar' };
  const errors = body['errors'];
  const errorText = typeof errors === 'string' ? errors : Array.isArray(errors) ? errors.join('; ') : '';
  if (errorText) return { kind: 'error', message: `datadog: There were errors in your query: ${errorText}` };
  const data = body['data'];
  const attributes = isRecord(data) ? data['attributes'] : undefined;
  const columns = isRecord(attributes) ? attributes['columns'] : undefined;
  const first = Array.isArray(columns) ? (columns[0] as unknown) : undefined;
  const values = isRecord(first) ? first['values'] : undefined;
  if (!Array.isArray(values) || values.length === 0 || values[0] === null) return { kind: 'empty', value: JSON.stringify(attributes ?? {}) };
  const v = values[0] as unknown;
  if (typeof v !== 'number') return { kind: 'error', message: `datadog: column value is not a number: ${JSON.stringify(v).slice(0, 40)}` };
  return { kind: 'data', value: formatFloat(v), result: v };
}
