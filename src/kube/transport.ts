// HTTP to the apiserver with the kubeconfig's credentials: one request/response call and one
// line-streaming call for watches. No retries, limits or metrics here; client.ts adds those.
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from './errors.js';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Whole-request timeout for non-streaming calls. Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  body: unknown;
}

export interface StreamHandle {
  abort(): void;
}

/** What client.ts needs from the wire; tests pass a fake. */
export interface Transport {
  request(req: HttpRequest): Promise<HttpResponse>;
  /**
   * Streams newline-delimited JSON. `onResponse` gets the status once headers arrive (with the
   * body when it is not 200); `onLine` each parsed line; `onClose` once, with the error if any.
   */
  stream(
    req: HttpRequest,
    handlers: { onResponse(status: number, body?: unknown): void; onLine(obj: unknown): void; onClose(err?: unknown): void },
  ): StreamHandle;
}

function buildUrl(server: string, req: HttpRequest): URL {
  const url = new URL(server.replace(/\/$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A Transport over node:https with the kubeconfig's TLS material and (refreshed) credentials. */
export class KubeConfigTransport implements Transport {
  private agent?: http.Agent;

  constructor(private readonly kc: KubeConfig) {}

  private async prepare(req: HttpRequest): Promise<{ url: URL; options: https.RequestOptions }> {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new KubeError('Unknown', 'kubeconfig has no current cluster');
    const opts: https.RequestOptions = {};
    // Called per request so exec/OIDC tokens are refreshed when they expire.
    await this.kc.applyToHTTPSOptions(opts);
    const url = buildUrl(cluster.server, req);
    // One keep-alive agent (applyToHTTPSOptions builds a fresh agent per call); proxies keep theirs.
    if (!cluster.proxyUrl) {
      this.agent ??= url.protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({
          keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase,
          ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
          ...(opts.servername ? { servername: opts.servername } : {}),
        });
    }
    const headers: http.OutgoingHttpHeaders = { ...((opts.headers ?? {}) as http.OutgoingHttpHeaders), Accept: 'application/json' };
    if (req.body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    return {
      url,
      options: {
        method: req.method, headers, agent: cluster.proxyUrl ? opts.agent : this.agent,
        ...(opts.auth ? { auth: opts.auth } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
      },
    };
  }

  private send(url: URL, options: https.RequestOptions, body: unknown): http.ClientRequest {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    // Always framed: Node sends a DELETE body unchunked, which corrupts the next request on a kept-alive socket.
    if (payload) options.headers = { ...options.headers, 'Content-Length': payload.length };
    const r = (url.protocol === 'http:' ? http : https).request(url, options);
    r.end(payload);
    return r;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const { url, options } = await this.prepare(req);
    return new Promise((resolve, reject) => {
      const r = this.send(url, options, req.body);
      r.setTimeout(req.timeoutMs ?? 30_000, () =>
        r.destroy(Object.assign(new Error(`${req.method} ${req.path}: timed out`), { name: 'TimeoutError' })));
      r.on('error', reject);
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString('utf8')) }));
      });
    });
  }

  stream(
    req: HttpRequest,
    handlers: { onResponse(status: number, body?: unknown): void; onLine(obj: unknown): void; onClose(err?: unknown): void },
  ): StreamHandle {
    let closed = false;
    let request: http.ClientRequest | undefined;
    let aborted = false;
    const close = (err?: unknown) => {
      if (closed) return;
      closed = true;
      request?.destroy();
      handlers.onClose(err);
    };
    this.prepare(req).then(({ url, options }) => {
      if (aborted) return close();
      request = this.send(url, options, req.body);
      request.on('error', (err) => close(aborted ? undefined : err));
      request.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          const chunks: Buffer[] = [];
          res.on('error', (err) => close(aborted ? undefined : err));
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = parseBody(Buffer.concat(chunks).toString('utf8'));
            handlers.onResponse(status, body);
            close(KubeError.fromResponse(status, body, `watch ${req.path}`));
          });
          return;
        }
        handlers.onResponse(status);
        const lines = createInterface({ input: res, crlfDelay: Infinity });
        lines.on('line', (line) => {
          if (closed || !line.trim()) return;
          const obj = parseBody(line);
          if (typeof obj === 'object') handlers.onLine(obj);
        });
        res.on('error', (err) => close(aborted ? undefined : err));
        // readline re-emits the input's errors; they are handled on `res` above.
        lines.on('error', () => undefined);
        res.on('close', () => close());
        lines.on('close', () => close());
      });
    }, (err: unknown) => close(err));
    return {
      abort: () => {
        aborted = true;
        close();
      },
    };
  }
}
