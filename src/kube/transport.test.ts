// The HTTP layer against a local server: bodies are framed (a DELETE body once corrupted the next
// request on a kept-alive socket), watches stream lines, and failures become classified errors.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from './errors.js';
import { KubeConfigTransport } from './transport.js';

let server: http.Server;
let transport: KubeConfigTransport;
const seen: { method?: string; url?: string; body: string; contentType?: string }[] = [];
let streamRes: http.ServerResponse | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), contentType: req.headers['content-type'] });
      if (req.url?.startsWith('/watch-ok')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"MODI');
        res.write('FIED","object":{"metadata":{"name":"a"}}}\n');
        streamRes = res;
        return;
      }
      if (req.url?.startsWith('/forbidden')) {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'no' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: req.method }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't0ken' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  transport = new KubeConfigTransport(kc);
});
afterAll(async () => {
  streamRes?.end();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('KubeConfigTransport', () => {
  it('frames every body, so a DELETE with a body does not spoil the next request on the socket', async () => {
    const del = await transport.request({ method: 'DELETE', path: '/x', body: { propagationPolicy: 'Background' } });
    const get = await transport.request({ method: 'GET', path: '/y', query: { labelSelector: 'a=b', limit: 5, skip: undefined } });
    expect([del.status, get.status]).toEqual([200, 200]);
    expect(seen.slice(-2)).toEqual([
      { method: 'DELETE', url: '/x', body: '{"propagationPolicy":"Background"}', contentType: 'application/json' },
      { method: 'GET', url: '/y?labelSelector=a%3Db&limit=5', body: '', contentType: undefined },
    ]);
  });

  it('streams watch lines, split across chunks, and closes without error on abort', async () => {
    const lines: unknown[] = [];
    const closed = new Promise<unknown>((resolve) => {
      const h = transport.stream({ method: 'GET', path: '/watch-ok' }, {
        onResponse: () => undefined,
        onLine: (l) => {
          lines.push(l);
          if (lines.length === 2) h.abort();
        },
        onClose: (err) => resolve(err ?? 'clean'),
      });
    });
    expect(await closed).toBe('clean');
    expect(lines).toEqual([{ type: 'ADDED', object: { metadata: { name: 'a' } } }, { type: 'MODIFIED', object: { metadata: { name: 'a' } } }]);
  });

  it('closes a watch refused by the apiserver with a classified error', async () => {
    const err = await new Promise<unknown>((resolve) => {
      transport.stream({ method: 'GET', path: '/forbidden' }, { onResponse: () => undefined, onLine: () => undefined, onClose: resolve });
    });
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).kind).toBe('Forbidden');
  });
});
