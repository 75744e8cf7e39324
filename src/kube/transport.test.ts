// The HTTP layer against a local server: bodies are framed (a DELETE body once corrupted the next
// request on a kept-alive socket), watches stream lines, and failures become classified errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from './errors.js';
import { KubeConfigTransport, retryAfterSeconds } from './transport.js';

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
      if (req.url?.startsWith('/busy')) {
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
        res.end(JSON.stringify({ kind: 'Status', code: 429, reason: 'TooManyRequests', message: 'busy' }));
        return;
      }
      if (req.url?.startsWith('/who')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ port: (server.address() as AddressInfo).port, agent: req.headers['user-agent'], auth: req.headers.authorization }));
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

  it('reads Retry-After from a 429', async () => {
    const res = await transport.request({ method: 'GET', path: '/busy' });
    expect([res.status, res.retryAfterSeconds]).toEqual([429, 7]);
    expect(retryAfterSeconds(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(30);
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });

  it('reloads a changed kubeconfig file and builds a new agent when the credentials change', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kanary-kc-'));
    const file = path.join(dir, 'kubeconfig');
    const port = (server.address() as AddressInfo).port;
    const write = (token: string, certText: string) => {
      writeFileSync(path.join(dir, 'client.crt'), certText);
      writeFileSync(file, [
        'apiVersion: v1', 'kind: Config', 'current-context: x',
        `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
        `users: [{name: u, user: {token: ${token}, client-certificate: ${path.join(dir, 'client.crt')}}}]`,
        'contexts: [{name: x, context: {cluster: c, user: u}}]', '',
      ].join('\n'));
    };
    write('first', 'cert one');
    const kc = new KubeConfig();
    kc.loadFromFile(file);
    const t = new KubeConfigTransport(kc, { kubeconfigPath: file, reloadCheckMs: 0, userAgent: 'kanary-test/1' });
    const who = async () => (await t.request({ method: 'GET', path: '/who' })).body as { agent: string; auth: string };
    expect(await who()).toMatchObject({ agent: 'kanary-test/1', auth: 'Bearer first' });
    expect(t.agentsBuilt).toBe(1);
    // A rotated certificate file (same kubeconfig): a new agent, so new connections use it.
    writeFileSync(path.join(dir, 'client.crt'), 'cert two');
    await who();
    expect(t.agentsBuilt).toBe(2);
    await who();
    expect(t.agentsBuilt).toBe(2);
    // A rewritten kubeconfig (new token): used from the next request on.
    await new Promise((r) => setTimeout(r, 20));
    write('second', 'cert two');
    expect(await who()).toMatchObject({ auth: 'Bearer second' });
  });
});

describe('KubeConfigTransport after an outage', () => {
  it('tells its listeners once when the server answers again after it could not be reached', async () => {
    const back = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
    await new Promise<void>((r) => back.listen(0, '127.0.0.1', r));
    const port = (back.address() as AddressInfo).port;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 't' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x',
    });
    const t = new KubeConfigTransport(kc);
    let told = 0;
    t.onReconnect(() => told++);
    await t.request({ method: 'GET', path: '/a' });
    expect(told).toBe(0);
    back.closeAllConnections();
    await new Promise((r) => back.close(r));
    await expect(t.request({ method: 'GET', path: '/a' })).rejects.toMatchObject({ code: expect.stringMatching(/^ECONN(REFUSED|RESET)$/) });
    await expect(t.request({ method: 'GET', path: '/a' })).rejects.toMatchObject({ code: expect.stringMatching(/^ECONN(REFUSED|RESET)$/) });
    expect(told).toBe(0);
    await new Promise<void>((r) => back.listen(port, '127.0.0.1', r));
    await t.request({ method: 'GET', path: '/a' });
    await t.request({ method: 'GET', path: '/a' });
    expect(told).toBe(1);
    back.closeAllConnections();
    await new Promise((r) => back.close(r));
  });
});
