// The prometheus provider against a real Prometheus (test/support/prometheus.ts), with a small
// local proxy in front for authentication, headers and hanging answers, and a local RFC 6749
// client-credentials token endpoint.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric, PrometheusMetric } from '../../api/types.js';
import { freePort, startPrometheus, type PrometheusFixture } from '../../../test/support/prometheus.js';
import { describeProviderContract, testContext } from '../contract.js';
import type { ProviderContext } from '../provider.js';
import { prometheusProvider } from './index.js';

const EXPOSITION = [
  '# TYPE success_rate gauge', 'success_rate{svc="a"} 0.97', 'success_rate{svc="b"} 0.99',
  '# TYPE nan_metric gauge', 'nan_metric NaN', '# TYPE inf_metric gauge', 'inf_metric +Inf', '',
].join('\n');

let prom: PrometheusFixture;
let proxy: http.Server;
let proxyUrl = '';
let closedPort = 0;
const tokenRequests: { auth?: string; body: string }[] = [];
const basicOk = `Basic ${Buffer.from('ana:s3cret').toString('base64')}`;

function forward(req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
  const target = new URL(prom.url);
  const headers = { ...req.headers, host: target.host };
  delete headers.authorization;
  const up = http.request({ host: target.hostname, port: target.port, method: req.method, path, headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  up.on('error', () => { res.writeHead(502); res.end('upstream failed'); });
  req.pipe(up);
}

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = req.url ?? '/';
  const deny = () => { res.writeHead(401, { 'Content-Type': 'text/plain' }); res.end('unauthorized'); };
  if (url === '/token') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      tokenRequests.push({ ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), body });
      const form = new URLSearchParams(body);
      const client = `Basic ${Buffer.from('kanary:client-secret').toString('base64')}`;
      res.setHeader('Content-Type', 'application/json');
      if (form.get('grant_type') !== 'client_credentials') {
        res.writeHead(400).end(JSON.stringify({ error: 'unsupported_grant_type' }));
      } else if (req.headers.authorization !== client) {
        res.writeHead(401).end(JSON.stringify({ error: 'invalid_client', error_description: 'bad client credentials' }));
      } else res.writeHead(200).end(JSON.stringify({ access_token: `tok-${tokenRequests.length}`, token_type: 'Bearer', expires_in: 3600 }));
    });
  } else if (url.startsWith('/basic/')) {
    if (req.headers.authorization === basicOk) forward(req, res, url.slice('/basic'.length));
    else deny();
  } else if (url.startsWith('/oauth/')) {
    if (/^Bearer tok-\d+$/.test(req.headers.authorization ?? '')) forward(req, res, url.slice('/oauth'.length));
    else deny();
  } else if (url.startsWith('/tenant/')) {
    if (req.headers['x-scope-orgid'] === 'tenant-1') forward(req, res, url.slice('/tenant'.length));
    else deny();
  } else if (url.startsWith('/hang/')) {
    // never answers
  } else forward(req, res, url);
}

beforeAll(async () => {
  prom = await startPrometheus(EXPOSITION);
  await prom.waitForData('success_rate');
  proxy = http.createServer(handle);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  closedPort = await freePort();
}, 90_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((r) => (proxy ? proxy.close(r) : r(undefined)));
  await prom?.stop();
});

const metric = (p: PrometheusMetric, name = 'success-rate'): Metric => ({ name, provider: { prometheus: p } });
const measure = (p: PrometheusMetric, ctx: Partial<ProviderContext> = {}, name?: string) =>
  prometheusProvider.run(testContext(ctx), metric({ address: prom.url, ...p }, name));

describeProviderContract('prometheus', () => ({
  provider: prometheusProvider,
  working: metric({ address: prom.url, query: 'sort(success_rate)' }),
  broken: metric({ address: `http://127.0.0.1:${closedPort}`, query: 'up' }),
  hanging: metric({ address: `${proxyUrl}/hang`, query: 'up', timeout: 60 }),
}));

describe('prometheus provider: results', () => {
  it('reads a vector as an array of numbers', async () => {
    const r = await measure({ query: 'sort(success_rate)' });
    expect(r).toMatchObject({ value: '[0.97,0.99]', result: [0.97, 0.99] });
    expect(r.phase).toBeUndefined();
    expect(r.noData).toBeUndefined();
  });

  it('reads a scalar as a number', async () => {
    expect(await measure({ query: 'scalar(count(success_rate))' })).toMatchObject({ value: '2', result: 2 });
  });

  it('keeps NaN and +Inf', async () => {
    const nan = await measure({ query: 'nan_metric' });
    expect(nan.value).toBe('[NaN]');
    expect((nan.result as number[])[0]).toBeNaN();
    expect(await measure({ query: 'inf_metric' })).toMatchObject({ value: '[+Inf]', result: [Infinity] });
    expect(await measure({ query: 'scalar(inf_metric)' })).toMatchObject({ value: '+Inf', result: Infinity });
  });

  it('reads a range query as an array of arrays', async () => {
    const r = await measure({ query: 'success_rate{svc="a"}', rangeQuery: { start: 'now() - duration("1m")', end: 'now()', step: '1s' } });
    expect(r.phase, r.message).toBeUndefined();
    const series = r.result as number[][];
    expect(series).toHaveLength(1);
    expect(series[0]?.length).toBeGreaterThan(0);
    expect(series[0]?.every((v) => v === 0.97)).toBe(true);
    expect(r.value).toMatch(/^\[\[0\.97(,0\.97)*\]\]$/);
  });

  it('says "no data" with a hint for an empty result, and hands [] to the conditions by default', async () => {
    const r = await measure({ query: 'success_rate{svc="none"}' });
    expect(r).toMatchObject({ value: '[]', result: [], noData: { policy: 'Condition', source: 'default' } });
    expect(r.phase).toBeUndefined();
    expect(r.message).toBe('no data returned for query "success_rate{svc=\\"none\\"}" (use len(result) > 0 or default(result, 0) '
      + 'in the condition, or set a no-data policy with the kanary.io/no-data annotation)');
  });

  it('applies the no-data policy of the annotation', async () => {
    const annotations = { 'kanary.io/no-data': 'strict=Error, *=Inconclusive' };
    const ctx = { run: { ...testContext().run, annotations } };
    const lenient = await measure({ query: 'absent_metric' }, ctx, 'lenient');
    expect(lenient).toMatchObject({ noData: { policy: 'Inconclusive', source: 'annotation' }, message: expect.stringContaining('no-data policy Inconclusive applies') });
    expect(lenient.phase).toBeUndefined();
    expect(await measure({ query: 'absent_metric' }, ctx, 'strict')).toMatchObject({ phase: 'Error', noData: { policy: 'Error' } });
    const bad = { run: { ...testContext().run, annotations: { 'kanary.io/no-data': 'x=Perhaps' } } };
    expect(await measure({ query: 'up' }, bad)).toMatchObject({ phase: 'Error', message: expect.stringContaining('kanary.io/no-data') });
  });

  it('names Prometheus\'s message for a query syntax error', async () => {
    const r = await measure({ query: 'sum(' });
    expect(r).toMatchObject({ phase: 'Error', message: expect.stringMatching(/^prometheus: bad_data: .*parse error/) });
  });

  it('errors on a missing address or a negative timeout', async () => {
    expect(await prometheusProvider.run(testContext(), metric({ address: 'localhost:9090', query: 'up' })))
      .toMatchObject({ phase: 'Error', message: expect.stringContaining('not an http(s) URL') });
    expect(await measure({ query: 'up', timeout: -1 })).toMatchObject({ phase: 'Error', message: 'prometheus timeout should not be negative' });
  });

  it('times out after `timeout` seconds', async () => {
    const t0 = Date.now();
    const r = await measure({ address: `${proxyUrl}/hang`, query: 'up', timeout: 1 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toMatchObject({ phase: 'Error', message: expect.stringContaining('timed out after 1s') });
  });
});

describe('prometheus provider: headers and authentication', () => {
  it('sends the configured headers', async () => {
    expect(await measure({ address: `${proxyUrl}/tenant`, query: 'scalar(count(success_rate))', headers: [{ key: 'X-Scope-OrgID', value: 'tenant-1' }] }))
      .toMatchObject({ result: 2 });
    expect(await measure({ address: `${proxyUrl}/tenant`, query: 'up' })).toMatchObject({ phase: 'Error', message: expect.stringContaining('HTTP 401') });
  });

  it('authenticates with basic credentials', async () => {
    const ok = await measure({ address: `${proxyUrl}/basic/`, query: 'scalar(count(success_rate))', authentication: { basic: { username: 'ana', password: 's3cret' } } });
    expect(ok).toMatchObject({ result: 2 });
    const wrong = await measure({ address: `${proxyUrl}/basic`, query: 'up', authentication: { basic: { username: 'ana', password: 'nope' } } });
    expect(wrong).toMatchObject({ phase: 'Error', message: 'prometheus returned HTTP 401: unauthorized' });
  });

  it('gets an oauth2 client-credentials token once and reuses it until it expires', async () => {
    tokenRequests.length = 0;
    const oauth2 = { tokenUrl: `${proxyUrl}/token`, clientId: 'kanary', clientSecret: 'client-secret', scopes: ['read', 'write'] };
    const p = { address: `${proxyUrl}/oauth`, query: 'scalar(count(success_rate))', authentication: { oauth2 } };
    expect(await measure(p)).toMatchObject({ result: 2 });
    expect(await measure(p)).toMatchObject({ result: 2 });
    expect(tokenRequests).toHaveLength(1);
    const form = new URLSearchParams(tokenRequests[0]?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe('read write');
    expect(tokenRequests[0]?.auth).toBe(`Basic ${Buffer.from('kanary:client-secret').toString('base64')}`);
    // An hour later (less the safety margin) the token is renewed.
    // (the query time moves too: vector(2) has a value at any time)
    expect(await measure({ ...p, query: 'scalar(vector(2))' }, { now: () => Date.now() + 3_590_000 })).toMatchObject({ result: 2 });
    expect(tokenRequests).toHaveLength(2);
  });

  it('reports the token endpoint\'s error without the secret', async () => {
    const oauth2 = { tokenUrl: `${proxyUrl}/token`, clientId: 'kanary', clientSecret: 'wrong-secret' };
    const r = await measure({ address: `${proxyUrl}/oauth`, query: 'up', authentication: { oauth2 } });
    expect(r).toMatchObject({ phase: 'Error', message: expect.stringContaining('HTTP 401: invalid_client: bad client credentials') });
    expect(r.message).not.toContain('wrong-secret');
  });
});
