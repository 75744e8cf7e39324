// The web provider against a real local HTTP server that can be slow, fail, or answer garbage.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric, WebMetric } from '../../api/types.js';
import { describeProviderContract, testContext } from '../contract.js';
import { freePort } from '../../../test/support/prometheus.js';
import { webProvider } from './index.js';

let server: http.Server;
let base = '';
let closedPort = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      if (url === '/json') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ data: { ok: true }, items: [{ value: 0.99 }] }));
      } else if (url === '/slow') {
        // never answers
      } else if (url === '/fail') {
        res.writeHead(500);
        res.end('internal error with Authorization: Bearer secret-token');
      } else if (url === '/garbage') {
        res.end('this is <not> json');
      } else if (url === '/huge') {
        res.writeHead(200);
        const block = Buffer.alloc(64 * 1024, 'x');
        for (let i = 0; i < 32; i++) res.write(block);
        res.end();
      } else if (url === '/huge-declared') {
        res.writeHead(200, { 'Content-Length': String(2 * 1024 * 1024) });
        res.write('x');
      } else if (url === '/echo') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString() }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closedPort = await freePort();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const metric = (web: Partial<WebMetric> & { url: string }, name = 'web-metric'): Metric => ({ name, provider: { web } });
const run = (web: Partial<WebMetric> & { url: string }) => webProvider.run(testContext(), metric(web));

describeProviderContract('web', () => ({
  provider: webProvider,
  working: metric({ url: `${base}/json`, jsonPath: '{$.data.ok}' }),
  broken: metric({ url: `http://127.0.0.1:${closedPort}/nothing-here` }),
  hanging: metric({ url: `${base}/slow`, timeoutSeconds: 60 }),
  noisy: metric({ url: `${base}/json`, jsonPath: `{$${'.deep'.repeat(2000)}}` }),
}));

describe('web provider', () => {
  it('GETs JSON and selects with jsonPath', async () => {
    expect(await run({ url: `${base}/json`, jsonPath: '{$.data.ok}' })).toMatchObject({ value: 'true', result: true });
    expect(await run({ url: `${base}/json`, jsonPath: '{$.items[0].value}' })).toMatchObject({ value: '0.99', result: 0.99 });
    const whole = await run({ url: `${base}/json` });
    expect(whole.result).toEqual({ data: { ok: true }, items: [{ value: 0.99 }] });
    expect(whole.phase).toBeUndefined();
  });

  it('names a path that does not match', async () => {
    const r = await run({ url: `${base}/json`, jsonPath: '{$.data.missing}' });
    expect(r).toMatchObject({ phase: 'Error', message: expect.stringContaining('nothing at $.data.missing') });
  });

  it('times out after timeoutSeconds', async () => {
    const t0 = Date.now();
    const r = await run({ url: `${base}/slow`, timeoutSeconds: 1 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r).toMatchObject({ phase: 'Error', message: expect.stringContaining('timed out after 1s') });
  });

  it('makes a non-2xx status an Error naming it, without echoing the body', async () => {
    const r = await run({ url: `${base}/fail` });
    expect(r.phase).toBe('Error');
    expect(r.message).toContain('received non 2xx response code: 500 Internal Server Error');
    expect(r.message).not.toContain('secret-token');
  });

  it('takes a non-JSON body as a string without jsonPath, and refuses a jsonPath into it', async () => {
    expect(await run({ url: `${base}/garbage` })).toMatchObject({ value: 'this is <not> json', result: 'this is <not> json' });
    const r = await run({ url: `${base}/garbage`, jsonPath: '{$.a}' });
    expect(r).toMatchObject({ phase: 'Error', message: expect.stringContaining('not JSON') });
  });

  it('refuses bodies over 1 MiB', async () => {
    expect(await run({ url: `${base}/huge` })).toMatchObject({ phase: 'Error', message: expect.stringContaining('exceeds the 1048576-byte limit') });
    expect(await run({ url: `${base}/huge-declared` })).toMatchObject({ phase: 'Error', message: expect.stringContaining('1048576-byte limit') });
  });

  it('sends the method, headers and JSON body', async () => {
    const r = await run({
      url: `${base}/echo`, method: 'POST', jsonBody: { a: [1, 2] }, headers: [{ key: 'X-Api-Key', value: 'k1' }],
    });
    const echo = r.result as { method: string; headers: Record<string, string>; body: string };
    expect(echo.method).toBe('POST');
    expect(echo.headers['x-api-key']).toBe('k1');
    expect(echo.headers['content-type']).toBe('application/json');
    expect(JSON.parse(echo.body)).toEqual({ a: [1, 2] });
    const plain = await run({ url: `${base}/echo`, method: 'PUT', body: 'raw text' });
    expect(plain.result).toMatchObject({ method: 'PUT', body: 'raw text' });
  });

  it('rejects body together with jsonBody, and bad URLs', async () => {
    expect(await run({ url: `${base}/echo`, body: 'x', jsonBody: {} })).toMatchObject({ phase: 'Error', message: expect.stringContaining('either body or jsonBody') });
    expect(await run({ url: 'not a url' })).toMatchObject({ phase: 'Error', message: expect.stringContaining('invalid URL') });
  });
});
