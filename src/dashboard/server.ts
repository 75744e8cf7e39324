// The dashboard's HTTP server: the browser app, the JSON API of contract.ts and live updates as
// server-sent events. A thin adapter: reads go through src/read and src/views, actions through
// src/actions (run-action.ts), failures through src/read/failure.ts.

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { KubeClients } from '../kube/client.js';
import type { EventRecorder } from '../kube/events.js';
import { kinds } from '../kube/resources.js';
import { describeFailure } from '../read/failure.js';
import { fetchRolloutView } from '../read/fetch-rollout.js';
import { readRouterWeight } from '../read/router-weight.js';
import { rolloutDetail, type EventLike } from '../views/index.js';
import { isActionName, paths, type ActionRequest, type ChangePush, type DashboardConfig } from './contract.js';
import type { LiveRollouts } from './live-rollouts.js';
import { recordAction, runAction } from './run-action.js';
import { TOKEN_COOKIE, type Guard } from './security.js';

export interface DashboardServerOptions {
  readonly clients: KubeClients;
  readonly live: LiveRollouts;
  readonly guard: Guard;
  readonly recorder: EventRecorder;
  readonly readOnly: boolean;
  readonly namespaces: readonly string[];
  readonly identity: string;
  readonly server: string;
  /** The built browser app (index.html and assets). */
  readonly webDir: string;
  readonly now?: () => number;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };
const MAX_BODY = 16 * 1024;
/** Bytes an SSE client may leave unread before it is sent only the latest state. */
const MAX_UNREAD = 256 * 1024;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<ActionRequest> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the body must be a JSON object');
  return parsed as ActionRequest;
}

export function createDashboardServer(o: DashboardServerOptions): Server {
  const now = o.now ?? Date.now;
  const inScope = (ns: string) => o.namespaces.length === 0 || o.namespaces.includes(ns);
  const failed = (res: ServerResponse, err: unknown, target?: { kind: string; name: string }, namespace?: string) => {
    const f = describeFailure(err, { server: o.server, ...(namespace ? { namespace } : {}), ...(target ? { target } : {}) });
    json(res, f.httpStatus, { error: f.message });
  };

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const rel = pathname === '/' || !path.extname(pathname) ? 'index.html' : pathname.slice(1);
    const file = path.resolve(o.webDir, rel);
    if (!file.startsWith(path.resolve(o.webDir) + path.sep)) return json(res, 404, { error: 'not found' });
    try {
      let data: Buffer | string = await readFile(file);
      if (rel === 'index.html') data = data.toString('utf8').replace('__KANARY_CSRF__', o.guard.csrf);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
      res.end(data);
    } catch {
      json(res, 404, { error: `not found: ${pathname}${rel === 'index.html' ? ' (the browser app is not built: npm run build)' : ''}` });
    }
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    let latest: ChangePush | undefined;
    const send = (push: ChangePush) => {
      // A slow reader gets only the newest state once it catches up: memory stays bounded.
      if (res.writableLength > MAX_UNREAD) {
        latest = push;
        return;
      }
      res.write(`data: ${JSON.stringify(push)}\n\n`);
    };
    res.on('drain', () => {
      if (latest) {
        const l = latest;
        latest = undefined;
        send(l);
      }
    });
    send({ type: 'rollouts', rollouts: o.live.cards(), changed: [], at: now() });
    const unsubscribe = o.live.subscribe(send);
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  }

  async function detail(res: ServerResponse, namespace: string, name: string): Promise<void> {
    const ref = { namespace, name };
    try {
      const input = await fetchRolloutView(o.clients, ref);
      const [list, routerWeight] = await Promise.all([
        o.clients.resource(kinds.Event).list({ namespace, fieldSelector: `involvedObject.kind=Rollout,involvedObject.name=${name}` }).catch(() => ({ items: [] })),
        readRouterWeight(o.clients, input.rollout),
      ]);
      const seen = { samples: o.live.weightSamples(`${namespace}/${name}`), ...(routerWeight !== undefined ? { routerWeight } : {}) };
      json(res, 200, rolloutDetail({ ...input, now: now() }, list.items as unknown as EventLike[], seen));
    } catch (err) {
      failed(res, err, { kind: 'rollout', name }, namespace);
    }
  }

  async function act(req: IncomingMessage, res: ServerResponse, namespace: string, name: string, action: string): Promise<void> {
    if (o.readOnly) return json(res, 403, { error: 'the dashboard is read-only (--read-only): actions are refused' });
    const refusal = o.guard.actionRefusal(req);
    if (refusal) return json(res, 403, { error: refusal });
    if (!isActionName(action)) return json(res, 404, { error: `no action "${action}"` });
    let body: ActionRequest;
    try {
      body = await readBody(req);
    } catch (err) {
      return json(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
    const ref = { namespace, name };
    try {
      const message = await runAction(o.clients, ref, action, body);
      await recordAction(o.clients, o.recorder, ref, action, o.identity, req.socket.remoteAddress ?? 'unknown', message);
      o.live.touch(`${namespace}/${name}`);
      json(res, 200, { message });
    } catch (err) {
      failed(res, err, { kind: 'rollout', name }, namespace);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    // For the kubelet's probes: says nothing about the cluster, needs no token.
    if (req.method === 'GET' && url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('ok\n');
    }
    const token = url.searchParams.get('token');
    if (token !== null && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      // Opening /?token=... once keeps the token in a cookie no script and no other site can read.
      res.writeHead(303, { location: '/', 'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/` });
      return void res.end();
    }
    if (!o.guard.authenticated(req)) {
      if (url.pathname.startsWith('/api/')) return json(res, 401, { error: 'the dashboard token is required (Authorization: Bearer, or open /?token=...)' });
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('This dashboard needs its token: open /?token=YOUR_TOKEN once.\n');
    }
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'api') return serveStatic(req, res, url.pathname);
    if (req.method === 'GET' && url.pathname === paths.config) {
      const config: DashboardConfig = { readOnly: o.readOnly, namespaces: o.namespaces, identity: o.identity, tokenRequired: o.guard.tokenRequired };
      return json(res, 200, config);
    }
    if (req.method === 'GET' && url.pathname === paths.rollouts) return json(res, 200, { rollouts: o.live.cards(), at: now() });
    if (req.method === 'GET' && url.pathname === paths.events) return events(req, res);
    if (parts[1] === 'rollouts' && parts.length >= 4) {
      const [, , namespace = '', name = '', action] = parts;
      if (!inScope(namespace)) return json(res, 404, { error: `namespace "${namespace}" is not shown by this dashboard` });
      if (req.method === 'GET' && action === undefined) return detail(res, namespace, name);
      if (req.method === 'POST' && action !== undefined && parts.length === 5) return act(req, res, namespace, name, action);
    }
    return json(res, 404, { error: `no such endpoint: ${req.method} ${url.pathname}` });
  }

  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) failed(res, err);
      else res.end();
    });
  });
}

export function listen(server: Server, port: number, address: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
