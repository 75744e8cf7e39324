// Reading InfluxDB's annotated CSV (the Flux query answer) into the `_value` of every record,
// typed by the `#datatype` annotation, as influxdb-client-go reads it for Argo. Pure.

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and newlines. Blank lines are kept as []. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let touched = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
      continue;
    }
    if (ch === '"') { quoted = true; touched = true; } else if (ch === ',') { row.push(field); field = ''; touched = true; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (touched || field !== '') row.push(field);
      rows.push(row);
      row = []; field = ''; touched = false;
    } else { field += ch; touched = true; }
  }
  if (touched || field !== '') { row.push(field); rows.push(row); }
  return rows;
}

export type FluxValue = number | string | boolean | null;
export type FluxReading = { ok: true; values: FluxValue[] } | { ok: false; message: string };

function typed(text: string, datatype: string): FluxValue | undefined {
  switch (datatype) {
    case 'double':
      if (text === '+Inf' || text === 'Inf') return Infinity;
      if (text === '-Inf') return -Infinity;
      if (text === 'NaN') return NaN;
      return text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : undefined;
    case 'long':
    case 'unsignedLong':
      return /^-?\d+$/.test(text) ? Number(text) : undefined;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    default: // string, dateTime:RFC3339, dateTime:RFC3339Nano, duration, base64Binary
      return text;
  }
}

/**
 * Every record's `_value`, table after table. A table without `_value` adds nothing; an `error`
 * table (Flux's in-stream failure) is an error naming Flux's message.
 *
 *   #datatype,string,long,double / #group,... / #default,_result,, / ,result,table,_value / ,,0,1.5
 *     -> [1.5]
 */
export function readFluxValues(text: string): FluxReading {
  const values: FluxValue[] = [];
  let datatypes: string[] = [];
  let defaults: string[] = [];
  let header: string[] | undefined;
  for (const row of csvRows(text)) {
    if (row.length === 0 || (row.length === 1 && row[0] === '')) { header = undefined; datatypes = []; defaults = []; continue; }
    const first = row[0] ?? '';
    if (first === '#datatype') { datatypes = row; header = undefined; continue; }
    if (first === '#default') { defaults = row; continue; }
    if (first.startsWith('#')) continue;
    if (!header) { header = row; continue; }
    if (header.includes('error')) {
      const message = row[header.indexOf('error')] ?? '';
      return { ok: false, message: `influxdb: flux query failed: ${message}` };
    }
    const at = header.indexOf('_value');
    if (at < 0) continue;
    const raw = row[at] ?? '';
    const text = raw === '' ? (defaults[at] ?? '') : raw;
    if (text === '') { values.push(null); continue; }
    const v = typed(text, datatypes[at] ?? 'string');
    if (v === undefined) return { ok: false, message: `influxdb: _value ${JSON.stringify(text.slice(0, 40))} is not a valid ${datatypes[at]}` };
    values.push(v);
  }
  return { ok: true, values };
}

/** Go's `fmt.Sprint` of the values: `[1.5 2 true up <nil>]`. */
export function fluxValueText(values: readonly FluxValue[]): string {
  const one = (v: FluxValue) => {
    if (v === null) return '<nil>';
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return 'NaN';
      if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
    }
    return String(v);
  };
  return `[${values.map(one).join(' ')}]`;
}
