// Reading a Prometheus HTTP API response (/api/v1/query, /api/v1/query_range) into the value
// Argo stores and the result the conditions see. Pure.

/** What a query gave: a result, no samples at all, or Prometheus's (or the proxy's) complaint. */
export type PrometheusReading =
  | { kind: 'data'; resultType: 'vector' | 'scalar' | 'matrix'; result: number | number[] | number[][]; value: string; warnings: string[] }
  | { kind: 'empty'; resultType: 'vector' | 'matrix'; warnings: string[] }
  | { kind: 'error'; message: string };

/** Prometheus's sample text: decimal, `NaN`, `+Inf`, `-Inf`. */
export function parseSampleValue(text: unknown): number {
  if (text === 'NaN') return NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const n = typeof text === 'string' && text.trim() !== '' ? Number(text) : NaN;
  if (Number.isNaN(n)) throw new Error(`unexpected sample value ${JSON.stringify(text)}`);
  return n;
}

/**
 * Go's `strconv.FormatFloat(v, 'f', -1, 64)`, which Argo's stored values use: shortest digits,
 * never an exponent. formatSample(1e-7) -> "0.0000001"; formatSample(Infinity) -> "+Inf".
 */
export function formatSample(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s.startsWith('-') ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const point = (dot < 0 ? mantissa.length : dot) + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const list = (xs: number[]): string => `[${xs.map(formatSample).join(',')}]`;

interface ApiBody {
  status?: string;
  errorType?: string;
  error?: string;
  warnings?: unknown;
  data?: { resultType?: string; result?: unknown };
}

function warningsOf(body: ApiBody): string[] {
  return Array.isArray(body.warnings) ? body.warnings.map(String) : [];
}

/** Interprets one HTTP response. `status` is the HTTP status, `text` the body. */
export function readPrometheusResponse(status: number, text: string): PrometheusReading {
  let body: ApiBody | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as ApiBody;
  } catch {
    // not the Prometheus API (a proxy's page, usually): reported with the HTTP status below
  }
  if (body?.status === 'error') {
    return { kind: 'error', message: `prometheus: ${body.errorType ? `${body.errorType}: ` : ''}${body.error ?? `HTTP ${status}`}` };
  }
  if (status < 200 || status >= 300 || body?.status !== 'success' || !body.data) {
    const snippet = text.trim().slice(0, 200);
    return { kind: 'error', message: `prometheus returned HTTP ${status}${snippet ? `: ${snippet}` : ''}` };
  }
  const warnings = warningsOf(body);
  const { resultType, result } = body.data;
  try {
    switch (resultType) {
      case 'scalar': {
        const v = parseSampleValue((result as unknown[])[1]);
        return { kind: 'data', resultType, result: v, value: formatSample(v), warnings };
      }
      case 'vector': {
        const samples = (result as { value: unknown[] }[]).map((s) => parseSampleValue(s.value[1]));
        if (samples.length === 0) return { kind: 'empty', resultType, warnings };
        return { kind: 'data', resultType, result: samples, value: list(samples), warnings };
      }
      case 'matrix': {
        const series = (result as { values: unknown[][] }[]).map((s) => s.values.map((p) => parseSampleValue(p[1])));
        if (series.length === 0) return { kind: 'empty', resultType, warnings };
        return { kind: 'data', resultType, result: series, value: `[${series.map(list).join(',')}]`, warnings };
      }
      default:
        return { kind: 'error', message: `prometheus result type ${JSON.stringify(resultType)} is not supported (use a vector, scalar or matrix query)` };
    }
  } catch (err) {
    return { kind: 'error', message: `prometheus returned a malformed ${resultType}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
