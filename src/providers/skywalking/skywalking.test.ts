// The skywalking provider against a local server that answers POST /graphql as SkyWalking's
// OAP query protocol documents, checking the query and the `duration` variable Kanary sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../api/types.js';
import { describeProviderContract, testContext } from '../contract.js';
import { startVendorServer, type RecordedRequest, type VendorServer } from '../vendor-server.test-support.js';
import { skyWalkingMinute, skyWalkingProvider } from './index.js';

type Spec = NonNullable<Metric['provider']['skywalking']>;
const NOW = Date.UTC(2026, 0, 1, 12, 7, 30);
const QUERY = 'query queryData($duration: Duration!) { service_apdex: readMetricsValues(condition: { name: "service_apdex", entity: { scope: Service, serviceName: "web", normal: true } }, duration: $duration) { values { values { value } } } }';
const answer = { data: { service_apdex: { values: { values: [{ value: 9950 }, { value: 9990 }] } } } };

function byQuery(req: RecordedRequest) {
  const q = (JSON.parse(req.body || '{}') as { query?: string }).query ?? '';
  if (q === 'hang') return { hang: true };
  if (q === 'noisy') return { status: 500, body: 's'.repeat(30_000) };
  return { body: answer };
}

let sw: VendorServer;
beforeAll(async () => { sw = await startVendorServer(byQuery); });
afterAll(async () => sw.close());

const metric = (skywalking: Spec): Metric => ({ name: 'apdex', provider: { skywalking } });
const run = (skywalking: Partial<Spec>) => skyWalkingProvider.run(testContext({ now: () => NOW }), metric({ address: sw.url, interval: '5m', ...skywalking }));

describeProviderContract('skywalking', () => ({
  provider: skyWalkingProvider,
  working: metric({ address: sw.url, query: QUERY, interval: '5m' }),
  broken: metric({ address: 'http://127.0.0.1:1', query: QUERY, interval: '5m' }),
  hanging: metric({ address: sw.url, query: 'hang', interval: '5m' }),
  noisy: metric({ address: sw.url, query: 'noisy', interval: '5m' }),
  context: { now: () => NOW },
}));

describe('skywalking provider', () => {
  it('POSTs the GraphQL query with the duration of the last interval, and hands on data', async () => {
    sw.answer(byQuery);
    const r = await run({ query: QUERY, interval: '10m' });
    expect(r).toMatchObject({ result: answer.data, value: JSON.stringify(answer.data) });
    const [req] = sw.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/graphql' });
    expect(JSON.parse(req!.body)).toEqual({ query: QUERY, variables: { duration: { start: '2026-01-01 1157', end: '2026-01-01 1207', step: 'MINUTE' } } });
  });

  it('gives "no data" for null or empty data', async () => {
    sw.answer(() => ({ body: { data: { service_apdex: null } } }));
    expect(await run({ query: QUERY })).toMatchObject({ result: { service_apdex: null }, noData: { policy: 'Condition' } });
    sw.answer(() => ({ body: { data: null } }));
    expect(await run({ query: QUERY })).toMatchObject({ result: null, value: 'null', noData: { policy: 'Condition' } });
  });

  it.each([
    ['GraphQL errors', { body: { data: null, errors: [{ message: 'Validation error of type FieldUndefined' }] } }, 'skywalking: graphql: Validation error of type FieldUndefined'],
    ['429', { status: 429, headers: { 'Retry-After': '2' }, body: '' }, 'skywalking: rate limited (429 Too Many Requests), retry after 2s'],
    ['a malformed body', { body: '<html>' }, 'skywalking: response is not JSON: <html>'],
  ])('makes %s an Error naming it', async (_name, a, message) => {
    sw.answer(() => a);
    expect(await run({ query: QUERY })).toMatchObject({ phase: 'Error', message });
  });

  it('requires an interval, as Argo does', async () => {
    expect(await run({ query: QUERY, interval: '' })).toMatchObject({ phase: 'Error', message: 'provider.skywalking.interval is required (a duration such as 5m)' });
    expect(await run({ query: QUERY, interval: 'soon' })).toMatchObject({ phase: 'Error', message: expect.stringContaining('provider.skywalking.interval: ') });
  });

  it('writes minutes as SkyWalking reads them', () => {
    expect(skyWalkingMinute(Date.UTC(2026, 2, 4, 5, 6, 59))).toBe('2026-03-04 0506');
  });
});
