// The datadog provider against a local server that answers as Datadog's API documents
// (v1 /api/v1/query, v2 /api/v2/query/scalar), checking the requests Kanary sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../api/types.js';
import { freePort } from '../../../test/support/prometheus.js';
import { describeProviderContract, testContext } from '../contract.js';
import type { ProviderContext } from '../provider.js';
import { secretsFrom, startVendorServer, type VendorServer } from '../vendor-server.test-support.js';
import { findDatadogCredentials } from './credentials.js';
import { datadogProvider } from './index.js';
import { datadogSpecProblems } from './request.js';

type Spec = NonNullable<Metric['provider']['datadog']>;
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const API_KEY = 'dd-api-key-0001';
const APP_KEY = 'dd-app-key-0002';

let dd: VendorServer;
let closedPort = 0;
const reads: string[] = [];

const v1Body = { status: 'ok', series: [{ metric: 'requests.error.rate', pointlist: [[NOW - 60_000, 0.02], [NOW, 0.005]] }] };
const v2Body = { data: { type: 'scalar_response', attributes: { columns: [{ name: 'a', type: 'number', values: [0.0075] }] } } };

/** Answers by query text, for the contract suite. */
function byQuery(req: { path: string; query: URLSearchParams }) {
  const q = req.query.get('query') ?? '';
  if (q === 'hang') return { hang: true };
  if (q === 'noisy') return { status: 500, body: 'x'.repeat(50_000) };
  return { body: req.path.startsWith('/api/v2') ? v2Body : v1Body };
}

beforeAll(async () => {
  dd = await startVendorServer(byQuery);
  closedPort = await freePort();
});
afterAll(async () => dd.close());

function ctx(extra: Partial<ProviderContext> = {}, address = dd.url): ProviderContext {
  return testContext({
    now: () => NOW,
    run: { name: 'run', namespace: 'shop', uid: 'u', labels: {} },
    readSecret: secretsFrom({
      'argo-rollouts/datadog': { 'api-key': API_KEY, 'app-key': APP_KEY, address },
      'shop/dd-shop': { 'api-key': 'shop-api-key', 'app-key': 'shop-app-key', address },
      'argo-rollouts/no-app-key': { 'api-key': API_KEY },
    }, reads),
    ...extra,
  });
}
const metric = (datadog: Spec, name = 'error-rate'): Metric => ({ name, provider: { datadog } });
const run = (datadog: Spec, extra: Partial<ProviderContext> = {}) => datadogProvider.run(ctx(extra), metric(datadog));

describeProviderContract('datadog', () => ({
  provider: datadogProvider,
  working: metric({ query: 'avg:requests.error.rate{*}' }),
  broken: metric({ query: 'avg:x{*}', secretRef: { name: 'pointing-nowhere' } }),
  hanging: metric({ query: 'hang', requestTimeout: '60s' }),
  noisy: metric({ query: 'noisy' }),
  context: {
    now: () => NOW,
    readSecret: async (ref) => (ref.name === 'datadog' ? { 'api-key': API_KEY, 'app-key': APP_KEY, address: dd.url } : { 'api-key': 'a', 'app-key': 'b', address: `http://127.0.0.1:${closedPort}` }),
  },
}));

describe('datadog provider', () => {
  it('v1: GETs /api/v1/query over the interval with both keys, and takes the last point', async () => {
    dd.answer(() => ({ body: v1Body }));
    const r = await run({ query: 'avg:requests.error.rate{service:web}', interval: '10m' });
    expect(r).toMatchObject({ value: '0.005', result: 0.005 });
    expect(r.phase).toBeUndefined();
    const [req] = dd.requests;
    expect(req).toMatchObject({ method: 'GET', path: '/api/v1/query' });
    expect(Object.fromEntries(req!.query)).toEqual({ query: 'avg:requests.error.rate{service:web}', from: String(NOW / 1000 - 600), to: String(NOW / 1000) });
    expect(req!.headers).toMatchObject({ 'dd-api-key': API_KEY, 'dd-application-key': APP_KEY, 'content-type': 'application/json' });
  });

  it('v2: POSTs a scalar request (default aggregator last, interval 5m) and takes the first column value', async () => {
    dd.answer(() => ({ body: v2Body }));
    const r = await run({ apiVersion: 'v2', query: 'sum:requests.error.rate{*}' });
    expect(r).toMatchObject({ value: '0.0075', result: 0.0075 });
    const [req] = dd.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/api/v2/query/scalar' });
    expect(JSON.parse(req!.body)).toEqual({
      data: {
        type: 'scalar_request',
        attributes: {
          from: NOW - 300_000, to: NOW,
          queries: [{ data_source: 'metrics', query: 'sum:requests.error.rate{*}', aggregator: 'last', name: 'query' }],
          formulas: [{ formula: 'query' }],
        },
      },
    });
  });

  it('v2: sends named queries with their formula and aggregator', async () => {
    dd.answer(() => ({ body: v2Body }));
    await run({ apiVersion: 'v2', queries: { a: 'sum:errors{*}', b: 'sum:requests{*}' }, formula: 'a / b', aggregator: 'avg' });
    const attributes = JSON.parse(dd.requests[0]!.body).data.attributes;
    expect(attributes.queries).toEqual([
      { data_source: 'metrics', query: 'sum:errors{*}', aggregator: 'avg', name: 'a' },
      { data_source: 'metrics', query: 'sum:requests{*}', aggregator: 'avg', name: 'b' },
    ]);
    expect(attributes.formulas).toEqual([{ formula: 'a / b' }]);
  });

  it.each([
    ['v1 without series', {}, { series: [] }, '[]'],
    ['v1 with an empty pointlist', {}, { series: [{ pointlist: [] }] }, '[{"pointlist":[]}]'],
    ['v2 without columns', { apiVersion: 'v2' as const }, { data: { attributes: { columns: [] } } }, '{"columns":[]}'],
    ['v2 with no values', { apiVersion: 'v2' as const }, { data: { attributes: { columns: [{ values: [] }] } } }, '{"columns":[{"values":[]}]}'],
  ])('gives null and "no data" for %s', async (_name, extra, body, value) => {
    dd.answer(() => ({ body }));
    const r = await run({ query: 'sum:quiet{*}', ...extra });
    expect(r).toMatchObject({ result: null, value, noData: { policy: 'Condition' } });
    expect(r.phase).toBeUndefined();
    expect(r.message).toContain('no data returned for query "sum:quiet{*}"');
  });

  it.each([
    ['401', { status: 401, body: { errors: ['Unauthorized'] } }, 'datadog: received authentication error response code: 401 Unauthorized: {"errors":["Unauthorized"]}'],
    ['403 echoing the key', { status: 403, body: { errors: [`Forbidden for ${API_KEY}`] } }, 'datadog: received authentication error response code: 403 Forbidden: {"errors":["Forbidden for ***"]}'],
    ['429', { status: 429, headers: { 'Retry-After': '30' }, body: { errors: ['Rate limit exceeded'] } }, 'datadog: rate limited (429 Too Many Requests), retry after 30s'],
    ['500', { status: 500, body: 'upstream failed' }, 'datadog: received non 2xx response code: 500 Internal Server Error: upstream failed'],
    ['a malformed body', { body: '{"series": [' }, 'datadog: response is not JSON: {"series": ['],
    ['a point that is not a pair', { body: { series: [{ pointlist: [[1]] }] } }, 'datadog: Datapoint does not have 2 values'],
  ])('makes %s an Error that says so', async (_name, answer, message) => {
    dd.answer(() => answer);
    const r = await run({ query: 'avg:x{*}' });
    expect(r).toMatchObject({ phase: 'Error', message });
    expect(r.message).not.toContain(API_KEY);
  });

  it('reports v2 query errors', async () => {
    dd.answer(() => ({ body: { data: { attributes: { columns: [] } }, errors: 'Error parsing query: unexpected token' } }));
    expect(await run({ apiVersion: 'v2', query: 'bad(' })).toMatchObject({ phase: 'Error', message: 'datadog: There were errors in your query: Error parsing query: unexpected token' });
  });

  it('times out after requestTimeout', async () => {
    dd.answer(() => ({ hang: true }));
    const t0 = Date.now();
    const r = await run({ query: 'avg:x{*}', requestTimeout: '1s' });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toMatchObject({ phase: 'Error', message: expect.stringContaining('timed out after 1s') });
  });

  it('reads the secretRef Secret from the run\'s namespace when namespaced, else from the controller\'s', async () => {
    dd.answer(() => ({ body: v1Body }));
    reads.length = 0;
    await run({ query: 'avg:x{*}', secretRef: { name: 'dd-shop', namespaced: true } });
    expect(dd.requests[0]!.headers).toMatchObject({ 'dd-api-key': 'shop-api-key', 'dd-application-key': 'shop-app-key' });
    expect(await run({ query: 'avg:x{*}', secretRef: { name: 'dd-shop' } })).toMatchObject({
      phase: 'Error', message: 'datadog: secret "dd-shop" not found in namespace "argo-rollouts"',
    });
    expect(reads).toEqual(['shop/dd-shop', 'argo-rollouts/dd-shop']);
  });

  it('names a Secret without app-key, and an unreachable apiserver-free context', async () => {
    expect(await run({ query: 'avg:x{*}', secretRef: { name: 'no-app-key' } })).toMatchObject({
      phase: 'Error', message: 'datadog: secret "no-app-key" in namespace "argo-rollouts" needs both api-key and app-key',
    });
    const bare = testContext({ now: () => NOW });
    expect(await datadogProvider.run(bare, metric({ query: 'avg:x{*}' }))).toMatchObject({ phase: 'Error', message: expect.stringContaining('no cluster credentials') });
  });

  it('takes DD_API_KEY, DD_APP_KEY and DD_ADDRESS when all three are set and no secretRef names a Secret', async () => {
    const env = { DD_API_KEY: 'e1', DD_APP_KEY: 'e2', DD_ADDRESS: 'https://api.datadoghq.eu', POD_NAMESPACE: 'kanary' };
    expect(await findDatadogCredentials(ctx(), { query: 'q' }, env)).toEqual({ apiKey: 'e1', appKey: 'e2', address: 'https://api.datadoghq.eu' });
    const partial = await findDatadogCredentials(ctx({ readSecret: secretsFrom({ 'kanary/datadog': { 'api-key': 's1', 'app-key': 's2' } }) }), { query: 'q' }, { DD_API_KEY: 'e1', POD_NAMESPACE: 'kanary' });
    expect(partial).toEqual({ apiKey: 's1', appKey: 's2', address: '' });
  });
});

describe('datadogSpecProblems', () => {
  it.each([
    [{ query: 'q' }, []],
    [{ apiVersion: 'v2', queries: { a: 'x' } }, []],
    [{ apiVersion: 'v2', queries: { a: 'x', b: 'y' }, formula: 'a/b' }, []],
    [{}, ['provider.datadog: set query or queries']],
    [{ query: 'q', apiVersion: 'v2', queries: { a: 'x' } }, ['provider.datadog: set either query or queries, not both']],
    [{ queries: { a: 'x' } }, ['provider.datadog.queries: needs apiVersion v2']],
    [{ query: 'q', aggregator: 'avg' }, ['provider.datadog.aggregator: needs apiVersion v2']],
    [{ apiVersion: 'v2', queries: { a: 'x', b: 'y' } }, ['provider.datadog.formula: required when queries names more than one query']],
    [{ apiVersion: 'v2', query: 'q', formula: 'q*2' }, ['provider.datadog.formula: needs queries']],
  ] as [Spec, string[]][])('%j -> %j', (spec, problems) => {
    expect(datadogSpecProblems(spec)).toEqual(problems);
  });

  it('names a bad interval', async () => {
    expect(await run({ query: 'q', interval: '5 minutes' })).toMatchObject({ phase: 'Error', message: expect.stringContaining('provider.datadog.interval') });
  });
});
