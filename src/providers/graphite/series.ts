// Reading Graphite's render JSON (`[{target, datapoints: [[value, timestamp], ...]}, ...]`) into
// the values the conditions see and the text Argo stores. Pure.

export type GraphiteSeries = { ok: true; values: number[]; value: string } | { ok: false; message: string };

/** Go's `%f`: six decimals, no exponent. */
export function formatGraphiteValue(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  if (Math.abs(v) < 1e21) return v.toFixed(6);
  return `${BigInt(Math.round(v)).toString()}.000000`;
}

function pointValue(raw: unknown): number | null | undefined {
  if (raw === null) return null;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  return undefined;
}

/**
 * The first target's non-null values, as Argo reads them: `value` is `[1.000000,2.500000]`.
 * No target, or only nulls, gives no values (no data). Other shapes are errors naming the part.
 *
 *   [{ target: 'a', datapoints: [[null, 1], [2.5, 2]] }] -> values [2.5], value '[2.500000]'
 *   []                                                   -> values [], value '[]'
 */
export function readGraphiteSeries(body: unknown): GraphiteSeries {
  if (!Array.isArray(body)) return { ok: false, message: 'graphite: expected a JSON array of series from /render' };
  if (body.length === 0) return { ok: true, values: [], value: '[]' };
  const first = body[0] as { datapoints?: unknown } | null;
  const points = first && typeof first === 'object' ? first.datapoints : undefined;
  if (!Array.isArray(points)) return { ok: false, message: 'graphite: series[0].datapoints is not an array' };
  const values: number[] = [];
  for (const [i, p] of points.entries()) {
    if (!Array.isArray(p) || p.length !== 2) return { ok: false, message: `graphite: datapoint ${i} is not a [value, timestamp] pair` };
    const v = pointValue(p[0]);
    if (v === undefined) return { ok: false, message: `graphite: datapoint ${i} has a value that is not a number: ${JSON.stringify(p[0]).slice(0, 40)}` };
    if (v !== null) values.push(v);
  }
  return { ok: true, values, value: `[${values.map(formatGraphiteValue).join(',')}]` };
}
