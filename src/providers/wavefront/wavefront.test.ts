// The wavefront provider against a local server that answers GET /api/v2/chart/api as
// Wavefront's API documents, checking the query and the bearer token Kanary sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../api/types.js';
import { describeProviderContract, testContext } from '../contract.js';
import { secretsFrom, startVendorServer, type RecordedRequest, type VendorServer } from '../vendor-server.test-support.js';
import { wavefrontProvider, wavefrontQueryUrl } from './index.js';
import { readWavefrontSeries } from './series.js';

type Spec = NonNullable<Metric['provider']['wavefront']>;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0) + 456;
const TOKEN = 'wf-token-0000-secret';
const one = { query: 'ts(x)', timeseries: [{ label: 'x', host: 'web-1', data: [[NOW / 1000, 0.125]] }] };

function byQuery(req: RecordedRequest) {
  const q = req.query.get('q') ?? '';
  if (q === 'hang') return { hang: true };
  if (q === 'noisy') return { status: 500, body: 'w'.repeat(30_000) };
  return { body: one };
}

let wf: VendorServer;
beforeAll(async () => { wf = await startVendorServer(byQuery); });
afterAll(async () => wf.close());

const ctx = () => testContext({
  now: () => NOW,
  readSecret: secretsFrom({ 'argo-rollouts/wavefront-api-tokens': { [wf.url]: TOKEN, 'http://127.0.0.1:1': 't' } }),
});
const metric = (wavefront: Spec): Metric => ({ name: 'latency', provider: { wavefront } });
const run = (wavefront: Partial<Spec>) => wavefrontProvider.run(ctx(), metric({ address: wf.url, ...wavefront }));

describeProviderContract('wavefront', () => ({
  provider: wavefrontProvider,
  working: metric({ address: wf.url, query: 'ts(x)' }),
  broken: metric({ address: 'http://127.0.0.1:1', query: 'ts(x)' }),
  hanging: metric({ address: wf.url, query: 'hang' }),
  noisy: metric({ address: wf.url, query: 'noisy' }),
  context: ctx(),
}));

describe('wavefront provider', () => {
  it('GETs the chart API for one point now, with the address\'s token, and reads one series as a number', async () => {
    wf.answer(byQuery);
    const r = await run({ query: 'avg(ts(http.latency, app="web"))' });
    expect(r).toMatchObject({ value: '0.13', result: 0.125 });
    expect(r.phase).toBeUndefined();
    const [req] = wf.requests;
    expect(req).toMatchObject({ method: 'GET', path: '/api/v2/chart/api' });
    expect(Object.fromEntries(req!.query)).toEqual({ q: 'avg(ts(http.latency, app="web"))', s: String(Date.UTC(2026, 0, 1, 12, 0, 0)), g: 's', p: '1', i: 'false', strict: 'true' });
    expect(req!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('reads several series as a list, keeps warnings, and makes a NaN Inconclusive as Argo does', async () => {
    wf.answer(() => ({ body: { timeseries: [{ data: [[1, 1]] }, { data: [[1, 2.5]] }], warnings: 'query was slow' } }));
    expect(await run({ query: 'ts(y)' })).toMatchObject({ value: '[1.00,2.50]', result: [1, 2.5], metadata: { warnings: 'query was slow' } });
    wf.answer(() => ({ body: { timeseries: [{ data: [[1, 'NaN']] }] } }));
    expect(await run({ query: 'ts(y)' })).toMatchObject({ phase: 'Inconclusive', value: 'NaN' });
  });

  it('gives "no data" when no series comes back', async () => {
    wf.answer(() => ({ body: { query: 'ts(none)', timeseries: [] } }));
    expect(await run({ query: 'ts(none)' })).toMatchObject({ result: [], value: '[]', noData: { policy: 'Condition' } });
    wf.answer(() => ({ body: { query: 'ts(none)' } }));
    expect(await run({ query: 'ts(none)' })).toMatchObject({ noData: { policy: 'Condition' } });
  });

  it.each([
    ['401', { status: 401, body: { message: 'Unauthorized' } }, 'wavefront: received authentication error response code: 401 Unauthorized: {"message":"Unauthorized"}'],
    ['429', { status: 429, headers: { 'Retry-After': '60' }, body: '' }, 'wavefront: rate limited (429 Too Many Requests), retry after 60s'],
    ['a query error', { status: 400, body: { status: { result: 'ERROR', message: 'Query syntax error: Missing expression' } } }, 'wavefront: received non 2xx response code: 400 Bad Request: {"status":{"result":"ERROR","message":"Query syntax error: Missing expression"}}'],
    ['a malformed body', { body: 'not json' }, 'wavefront: response is not JSON: not json'],
    ['a series without points', { body: { timeseries: [{ label: 'x', data: [] }] } }, 'wavefront: timeseries[0] has no [timestamp, value] point'],
  ])('makes %s an Error naming it', async (_name, answer, message) => {
    wf.answer(() => answer);
    expect(await run({ query: 'ts(x)' })).toMatchObject({ phase: 'Error', message });
  });

  it('names an address without a token in the Secret', async () => {
    expect(await run({ address: 'other.wavefront.com', query: 'ts(x)' })).toMatchObject({
      phase: 'Error', message: 'wavefront: API token not found: secret "wavefront-api-tokens" in namespace "argo-rollouts" has no key "other.wavefront.com"',
    });
  });
});

describe('wavefront requests and answers', () => {
  it('reaches a bare host over https', () => {
    expect(wavefrontQueryUrl('example.wavefront.com', 'ts(x)', 1767268800999)).toBe('https://example.wavefront.com/api/v2/chart/api?q=ts%28x%29&s=1767268800000&g=s&p=1&i=false&strict=true');
  });

  it('refuses shapes it cannot read', () => {
    expect(readWavefrontSeries([])).toEqual({ kind: 'error', message: 'wavefront: expected a JSON object from /api/v2/chart/api' });
    expect(readWavefrontSeries({ timeseries: [{ data: [[1, 'high']] }] })).toEqual({ kind: 'error', message: 'wavefront: timeseries[0] value is not a number' });
  });
});
