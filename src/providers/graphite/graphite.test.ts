// The graphite provider against a real graphite-web serving whisper files; the render URL and
// the series reading as tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../api/types.js';
import { NO_DATA_ANNOTATION } from '../../api/no-data.js';
import { freePort } from '../../../test/support/prometheus.js';
import { skipEachUnless } from '../../../test/support/needs.js';
import { describeProviderContract, testContext } from '../contract.js';
import { graphiteMissing, startGraphite, type GraphiteFixture } from './graphite-server.test-support.js';
import { graphiteProvider, graphiteRenderUrl } from './index.js';
import { formatGraphiteValue, readGraphiteSeries } from './series.js';

const metric = (address: string, query: string, name = 'requests'): Metric => ({ name, provider: { graphite: { address, query } } });

describe('graphiteRenderUrl', () => {
  it.each([
    ['http://g:8080', 'target=app.requests&from=-5min', 'http://g:8080/render?target=app.requests&from=-5min&format=json'],
    ['http://g:8080/graphite/', 'target=sum(app.*)\n  &from=-10min', 'http://g:8080/graphite/render?target=sum%28app.*%29+&from=-10min&format=json'],
    ['http://g', 'target=a&format=raw', 'http://g/render?target=a&format=json'],
  ])('%s + %j -> %s', (address, query, url) => {
    expect(graphiteRenderUrl(address, query)).toBe(url);
  });

  it('refuses an address that is not an http URL', () => {
    expect(() => graphiteRenderUrl('graphite:8080', 'target=a')).toThrow(/not an http\(s\) URL/);
    expect(() => graphiteRenderUrl('not a url', 'target=a')).toThrow(/not a valid URL/);
  });
});

describe('readGraphiteSeries', () => {
  it.each([
    ['two points, one null', [{ target: 'a', datapoints: [[null, 1], [2.5, 2], [1, 3]] }], [2.5, 1], '[2.500000,1.000000]'],
    ['no series', [], [], '[]'],
    ['only nulls', [{ target: 'a', datapoints: [[null, 1]] }], [], '[]'],
    ['string values, as some servers send', [{ target: 'a', datapoints: [['0.25', '1']] }], [0.25], '[0.250000]'],
    ['only the first target counts', [{ target: 'a', datapoints: [[1, 1]] }, { target: 'b', datapoints: [[9, 1]] }], [1], '[1.000000]'],
  ])('%s', (_name, body, values, value) => {
    expect(readGraphiteSeries(body)).toEqual({ ok: true, values, value });
  });

  it.each([
    ['an object', { target: 'a' }, 'expected a JSON array'],
    ['datapoints missing', [{ target: 'a' }], 'datapoints is not an array'],
    ['a triple', [{ datapoints: [[1, 2, 3]] }], 'datapoint 0 is not a [value, timestamp] pair'],
    ['a word', [{ datapoints: [['high', 2]] }], 'datapoint 0 has a value that is not a number'],
  ])('refuses %s', (_name, body, message) => {
    const r = readGraphiteSeries(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('formats as Go %f', () => {
    expect([0, 1, 0.1234567, -2.5, 1e21].map(formatGraphiteValue)).toEqual(['0.000000', '1.000000', '0.123457', '-2.500000', '1000000000000000000000.000000']);
  });
});

const missing = graphiteMissing();

describe('graphite provider against graphite-web', () => {
  let graphite: GraphiteFixture;
  let closedPort = 0;
  // Skipped, with the reason in the run's summary, on a machine without graphite-web.
  skipEachUnless(missing);
  beforeAll(async () => {
    if (missing) return;
    graphite = await startGraphite();
    const now = Math.floor(Date.now() / 1000);
    graphite.write('app.requests', [[now - 40, 5], [now - 30, 7]]);
    graphite.write('app.errors', [[now - 30, 0.5]]);
    closedPort = await freePort();
  }, 60_000);
  afterAll(async () => graphite?.stop());

  describeProviderContract('graphite', () => ({
    provider: graphiteProvider,
    working: metric(graphite.url, 'target=app.requests&from=-5min'),
    broken: metric(`http://127.0.0.1:${closedPort}`, 'target=app.requests'),
    noisy: metric(graphite.url, `target=${'x('.repeat(3000)}`),
  }));

  it('reads the values of the first target over the window', async () => {
    const r = await graphiteProvider.run(testContext(), metric(graphite.url, 'target=app.requests&from=-5min'));
    expect(r).toMatchObject({ value: '[5.000000,7.000000]', result: [5, 7] });
    expect(r.phase).toBeUndefined();
  });

  it('sends functions through the render API', async () => {
    const r = await graphiteProvider.run(testContext(), metric(graphite.url, 'target=sumSeries(app.requests, app.errors)\n&from=-5min'));
    expect(r).toMatchObject({ value: '[5.000000,7.500000]', result: [5, 7.5] });
  });

  it('gives "no data" for a series that does not exist, under the no-data policy', async () => {
    const r = await graphiteProvider.run(testContext(), metric(graphite.url, 'target=app.nothing&from=-5min'));
    expect(r).toMatchObject({ value: '[]', result: [], noData: { policy: 'Condition', source: 'default' } });
    expect(r.phase).toBeUndefined();
    expect(r.message).toContain('no data returned for query "target=app.nothing&from=-5min"');
    const ctx = testContext({ run: { ...testContext().run, annotations: { [NO_DATA_ANNOTATION]: 'requests=Error' } } });
    expect(await graphiteProvider.run(ctx, metric(graphite.url, 'target=app.nothing'))).toMatchObject({ phase: 'Error', noData: { policy: 'Error' } });
  });

  it('makes a bad target an Error naming Graphite\'s status', async () => {
    const r = await graphiteProvider.run(testContext(), metric(graphite.url, 'target=noSuchFunction(app.requests)'));
    expect(r.phase).toBe('Error');
    expect(r.message).toMatch(/^graphite: received non 2xx response code: (400|500)/);
  });

  it('names a missing address or query', async () => {
    expect(await graphiteProvider.run(testContext(), { name: 'm', provider: { graphite: { query: 'target=a' } } }))
      .toMatchObject({ phase: 'Error', message: 'provider.graphite.address is required' });
    expect(await graphiteProvider.run(testContext(), { name: 'm', provider: { graphite: { address: graphite.url } } }))
      .toMatchObject({ phase: 'Error', message: 'provider.graphite.query is required' });
  });
});
