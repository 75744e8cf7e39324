// The influxdb provider against a local server that answers POST /api/v2/query as InfluxDB's
// API documents (annotated CSV, JSON errors, in-stream error tables). Debian ships only
// InfluxDB 1.6 (no Flux) and the Go server needs the Rust Flux library, so no real server here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../api/types.js';
import { describeProviderContract, testContext } from '../contract.js';
import { secretsFrom, startVendorServer, type RecordedRequest, type VendorServer } from '../vendor-server.test-support.js';
import { csvRows, fluxValueText, readFluxValues } from './annotated-csv.js';
import { fluxQueryBody, influxdbProvider } from './index.js';

type Spec = NonNullable<Metric['provider']['influxdb']>;
const TOKEN = 'influx-token-secret-0001';

const CSV = [
  '#datatype,string,long,dateTime:RFC3339,double,string',
  '#group,false,false,false,false,true',
  '#default,_result,,,,',
  ',result,table,_time,_value,_field',
  ',,0,2026-01-01T11:59:00Z,0.25,errors',
  ',,0,2026-01-01T12:00:00Z,0.5,errors',
  '',
  '#datatype,string,long,dateTime:RFC3339,long,string',
  '#group,false,false,false,false,true',
  '#default,_result,,,,',
  ',result,table,_time,_value,_field',
  ',,1,2026-01-01T12:00:00Z,7,count',
  '',
].join('\r\n');
const EMPTY = '\r\n';
const ERROR_TABLE = '#datatype,string,string\r\n#group,true,true\r\n#default,,\r\n,error,reference\r\n,"failed to execute query: bucket ""nope"" not found",897\r\n';

function byQuery(req: RecordedRequest) {
  const q = (JSON.parse(req.body || '{}') as { query?: string }).query ?? '';
  if (q.includes('hang')) return { hang: true };
  if (q.includes('noisy')) return { status: 400, body: { code: 'invalid', message: 'q'.repeat(20_000) } };
  return { body: CSV };
}

let influx: VendorServer;
beforeAll(async () => { influx = await startVendorServer(byQuery); });
afterAll(async () => influx.close());

const reads: string[] = [];
const ctx = () => testContext({
  readSecret: secretsFrom({
    'argo-rollouts/influxdb': { address: `${influx.url}/influx`, org: 'shop', authToken: TOKEN },
    'argo-rollouts/closed': { address: 'http://127.0.0.1:1', org: 'o', authToken: 't' },
    'argo-rollouts/partial': { address: 'http://x', org: 'o' },
  }, reads),
});
const metric = (influxdb: Spec): Metric => ({ name: 'errors', provider: { influxdb } });
const run = (influxdb: Spec) => influxdbProvider.run(ctx(), metric(influxdb));
const FLUX = 'from(bucket: "app") |> range(start: -5m) |> filter(fn: (r) => r._field == "errors")';

describeProviderContract('influxdb', () => ({
  provider: influxdbProvider,
  working: metric({ query: FLUX }),
  broken: metric({ query: FLUX, profile: 'closed' }),
  hanging: metric({ query: 'hang' }),
  noisy: metric({ query: 'noisy' }),
  context: ctx(),
}));

describe('influxdb provider', () => {
  it('POSTs the Flux query for the org with the token, and takes every record\'s _value', async () => {
    influx.answer(byQuery);
    const r = await run({ query: FLUX });
    expect(r).toMatchObject({ result: [0.25, 0.5, 7], value: '[0.25 0.5 7]' });
    const [req] = influx.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/influx/api/v2/query' });
    expect(req!.query.get('org')).toBe('shop');
    expect(req!.headers).toMatchObject({ authorization: `Token ${TOKEN}`, 'content-type': 'application/json' });
    expect(JSON.parse(req!.body)).toEqual(JSON.parse(fluxQueryBody(FLUX)));
    expect(JSON.parse(req!.body)).toMatchObject({ query: FLUX, type: 'flux', dialect: { header: true, annotations: ['datatype', 'group', 'default'] } });
  });

  it('gives "no data" for an empty answer', async () => {
    influx.answer(() => ({ body: EMPTY }));
    expect(await run({ query: FLUX })).toMatchObject({ result: [], value: '[]', noData: { policy: 'Condition' } });
  });

  it.each([
    ['an error table', { body: ERROR_TABLE }, 'influxdb: flux query failed: failed to execute query: bucket "nope" not found'],
    ['a JSON error', { status: 400, body: { code: 'invalid', message: 'compilation failed: error at @1:1-1:5: undefined identifier frm' } }, 'influxdb: invalid: compilation failed: error at @1:1-1:5: undefined identifier frm (HTTP 400)'],
    ['401', { status: 401, body: { code: 'unauthorized', message: `unauthorized access for ${TOKEN}` } }, 'influxdb: unauthorized: unauthorized access for *** (HTTP 401)'],
    ['429', { status: 429, headers: { 'Retry-After': '5' }, body: '' }, 'influxdb: rate limited (429 Too Many Requests), retry after 5s'],
    ['a value of the wrong type', { body: '#datatype,string,long,double\r\n#group,false,false,false\r\n#default,_result,,\r\n,result,table,_value\r\n,,0,lots\r\n' }, 'influxdb: _value "lots" is not a valid double'],
  ])('makes %s an Error naming it', async (_name, answer, message) => {
    influx.answer(() => answer);
    expect(await run({ query: FLUX })).toMatchObject({ phase: 'Error', message });
  });

  it('names a profile Secret that lacks a key, or does not exist', async () => {
    expect(await run({ query: FLUX, profile: 'partial' })).toMatchObject({ phase: 'Error', message: 'influxdb: secret "partial" in namespace "argo-rollouts" needs address, org and authToken' });
    expect(await run({ query: FLUX, profile: 'absent' })).toMatchObject({ phase: 'Error', message: 'influxdb: secret "absent" not found in namespace "argo-rollouts"' });
  });
});

describe('annotated CSV', () => {
  it('splits RFC 4180 rows with quotes, commas and newlines', () => {
    expect(csvRows('a,"b,c","d ""e""\nf"\r\n\r\n,x\n')).toEqual([['a', 'b,c', 'd "e"\nf'], [], ['', 'x']]);
  });

  it('types _value by its datatype, applies #default, and keeps NaN and infinities', () => {
    const csv = (type: string, cells: string[], def = '') => `#datatype,string,long,${type}\n#group,false,false,false\n#default,_result,,${def}\n,result,table,_value\n${cells.map((c) => `,,0,${c}`).join('\n')}\n`;
    expect(readFluxValues(csv('double', ['1.5', 'NaN', '+Inf', '-Inf']))).toEqual({ ok: true, values: [1.5, NaN, Infinity, -Infinity] });
    expect(readFluxValues(csv('boolean', ['true', 'false']))).toEqual({ ok: true, values: [true, false] });
    expect(readFluxValues(csv('string', ['up', '']))).toEqual({ ok: true, values: ['up', null] });
    expect(readFluxValues(csv('long', ['', '3'], '9'))).toEqual({ ok: true, values: [9, 3] });
    expect(fluxValueText([1.5, 2, true, 'up', null, NaN, Infinity])).toBe('[1.5 2 true up <nil> NaN +Inf]');
  });

  it('skips tables without _value', () => {
    expect(readFluxValues('#datatype,string,long,string\n#group,false,false,true\n#default,_result,,\n,result,table,host\n,,0,a\n')).toEqual({ ok: true, values: [] });
  });
});
