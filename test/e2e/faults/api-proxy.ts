// A pass-through in front of the real API server, one per controller process: it records every
// request the process makes (our audit log, per identity), and lets a test act at a chosen
// request: hold it, answer it itself, or kill the process once the server has answered.
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';

export interface ProxiedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** When the request reached the proxy (ms since the epoch). */
  at: number;
  /** The status the client got (0 while in flight or when the client went away first). */
  status: number;
}

/** What a hook may do with a request before it is forwarded: answer it, or drop the connection. */
export type Verdict = void | { answer: number; body?: unknown; headers?: Record<string, string> } | { drop: true };

export interface ProxyHooks {
  /** Before forwarding; may wait (hold the request) or answer it instead of the server. */
  before?(r: ProxiedRequest): Verdict | Promise<Verdict>;
  /** After the server answered and before the answer goes back (e.g. kill the client here). */
  after?(r: ProxiedRequest, status: number): void | Promise<void>;
}

export interface ApiProxy {
  /** A kubeconfig that points at the proxy. */
  readonly kubeconfigPath: string;
  readonly requests: ProxiedRequest[];
  hooks: ProxyHooks;
  /** Requests that change something (everything but GET), from `since` on. */
  writes(since?: number): ProxiedRequest[];
  /** Cuts every open connection (watches included), as an API server restart does. */
  dropConnections(): void;
  close(): Promise<void>;
}

const isWatch = (url: string) => /[?&]watch=(true|1)/.test(url);

export async function startApiProxy(kc: KubeConfig, hooks: ProxyHooks = {}): Promise<ApiProxy> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const tls: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(tls);
  const agent = new https.Agent({ keepAlive: true, ca: tls.ca, cert: tls.cert, key: tls.key });
  const upstream = new URL(cluster.server);
  const requests: ProxiedRequest[] = [];
  const proxy: ApiProxy = {
    kubeconfigPath: '',
    requests,
    hooks,
    writes: (since = 0) => requests.filter((r) => r.method !== 'GET' && r.at >= since),
    dropConnections: () => server.closeAllConnections(),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      agent.destroy();
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void (async () => {
      const record: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', at: Date.now(), status: 0 };
      requests.push(record);
      const verdict = await proxy.hooks.before?.(record);
      if (verdict && 'drop' in verdict) {
        req.socket.destroy();
        return;
      }
      if (verdict) {
        record.status = verdict.answer;
        res.writeHead(verdict.answer, { 'Content-Type': 'application/json', ...verdict.headers }).end(JSON.stringify(verdict.body ?? {}));
        return;
      }
      const headers = { ...req.headers, host: upstream.host };
      delete headers.authorization;
      const up = https.request(new URL(record.url, upstream), { method: record.method, headers, agent }, (upRes) => {
        const status = upRes.statusCode ?? 502;
        const send = () => {
          if (res.destroyed) return upRes.destroy();
          record.status = status;
          res.writeHead(status, upRes.headers);
          upRes.pipe(res);
          // The server went away mid-answer (a watch when it stops): cut the client too, as a
          // direct connection would be, rather than leave it open and silent.
          upRes.on('close', () => { if (!res.writableEnded) res.destroy(); });
        };
        if (isWatch(record.url) || !proxy.hooks.after) return send();
        void Promise.resolve(proxy.hooks.after(record, status)).then(send, send);
      });
      up.on('error', () => res.destroy());
      res.on('close', () => up.destroy());
      up.end(Buffer.concat(chunks));
    })());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kanary-proxy-'));
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: proxy',
    `clusters: [{name: proxy, cluster: {server: "http://127.0.0.1:${(server.address() as AddressInfo).port}", insecure-skip-tls-verify: true}}]`,
    'users: [{name: proxy, user: {token: via-proxy}}]',
    'contexts: [{name: proxy, context: {cluster: proxy, user: proxy}}]', '',
  ].join('\n'));
  return Object.assign(proxy, { kubeconfigPath: file });
}
