// HTTP to the apiserver with the kubeconfig's credentials: one request/response call and one
// line-streaming call for watches. No retries, limits or metrics here; client.ts adds those.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { KubeError } from './errors.js';
import { KubeConfig, type KubeAccess } from './kubeconfig.js';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  /** Whole-request timeout for non-streaming calls. Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Runs synchronously right before the request leaves the process; throwing stops it. The
   * leader's write fence lives here, so no wait (rate limit, credentials) sits between the check
   * and the send.
   */
  beforeSend?: () => void;
}

export interface HttpResponse {
  status: number;
  body: unknown;
  /** The Retry-After header in seconds, when the server sent one (429, 503). */
  retryAfterSeconds?: number;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
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
  /** Calls `listener` each time the server answers again after requests failed to reach it. */
  onReconnect?(listener: () => void): void;
}

/** Errors that mean the request never got an answer from the server (refused, cut, timed out). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

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

export interface KubeConfigTransportOptions {
  /**
   * The kubeconfig file the credentials came from. When its size or modification time changes
   * (checked at most once a second) it is loaded again, so rotated embedded certificates are used.
   */
  kubeconfigPath?: string;
  /** The context to use from a reloaded file. */
  context?: string;
  /** Least time between two looks at the file. Default 1000 ms. */
  reloadCheckMs?: number;
  /** Sent as User-Agent; the API server's audit log and managedFields show it. */
  userAgent?: string;
}

/** What decides the keep-alive agent: a change of any of these builds a new one. */
function tlsFingerprint(server: string, o: https.RequestOptions): string {
  const h = createHash('sha256');
  for (const part of [server, o.ca, o.cert, o.key, o.pfx, o.passphrase, String(o.rejectUnauthorized), o.servername]) {
    h.update(part === undefined ? '-' : Array.isArray(part) ? part.join('\n') : (part as string | Buffer)).update('\0');
  }
  return h.digest('hex');
}

/**
 * A Transport over node:https with the kubeconfig's TLS material and (refreshed) credentials.
 * The keep-alive agent is rebuilt whenever that material changes: certificate and CA files are
 * read on every request by client-node, and the kubeconfig file itself is reloaded on change.
 */
export class KubeConfigTransport implements Transport {
  private agent?: http.Agent;
  private agentKey = '';
  private kc: KubeAccess;
  private fileStamp = '';
  private checkedAt = 0;
  /** How many agents have been built (rotation tests read it). */
  agentsBuilt = 0;
  private unreachable = false;
  private readonly reconnectListeners: (() => void)[] = [];

  constructor(kc: KubeAccess, private readonly options: KubeConfigTransportOptions = {}) {
    this.kc = kc;
    if (options.kubeconfigPath) this.fileStamp = this.stamp(options.kubeconfigPath);
  }

  private stamp(file: string): string {
    try {
      const st = statSync(file);
      return `${st.size}|${st.mtimeMs}`;
    } catch {
      return '';
    }
  }

  /** Loads the kubeconfig file again when it changed; a file caught half-written is retried later. */
  private reloadIfChanged(): void {
    const file = this.options.kubeconfigPath;
    if (!file || Date.now() - this.checkedAt < (this.options.reloadCheckMs ?? 1_000)) return;
    this.checkedAt = Date.now();
    const stamp = this.stamp(file);
    if (!stamp || stamp === this.fileStamp) return;
    try {
      const kc = new KubeConfig();
      kc.loadFromFile(file);
      if (this.options.context) kc.setCurrentContext(this.options.context);
      if (!kc.getCurrentCluster()) return;
      this.kc = kc;
      this.fileStamp = stamp;
    } catch {
      // Keep the credentials we have; the next check reads the file again.
    }
  }

  private agentFor(url: URL, opts: https.RequestOptions): http.Agent {
    const key = tlsFingerprint(url.origin, opts);
    if (this.agent && key === this.agentKey) return this.agent;
    const old = this.agent;
    // Requests already on the old agent finish there; its idle sockets close a minute later.
    if (old) setTimeout(() => old.destroy(), 60_000).unref();
    this.agentKey = key;
    this.agentsBuilt++;
    this.agent = url.protocol === 'http:'
      ? new http.Agent({ keepAlive: true })
      : new https.Agent({
        keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase,
        ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
        ...(opts.servername ? { servername: opts.servername } : {}),
      });
    return this.agent;
  }

  private async prepare(req: HttpRequest): Promise<{ url: URL; options: https.RequestOptions }> {
    this.reloadIfChanged();
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new KubeError('Unknown', 'kubeconfig has no current cluster');
    const opts: https.RequestOptions = {};
    // Called per request so exec/OIDC tokens are refreshed and rotated files are read again.
    await this.kc.applyToHTTPSOptions(opts);
    const url = buildUrl(cluster.server, req);
    const headers: http.OutgoingHttpHeaders = { ...((opts.headers ?? {}) as http.OutgoingHttpHeaders), Accept: 'application/json' };
    if (this.options.userAgent) headers['User-Agent'] = this.options.userAgent;
    if (req.body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    return {
      url,
      options: {
        // Proxies keep the agent applyToHTTPSOptions built for them.
        method: req.method, headers, agent: cluster.proxyUrl ? opts.agent : this.agentFor(url, opts),
        ...(opts.auth ? { auth: opts.auth } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
      },
    };
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  /** Notes whether the server answered; the first answer after it could not be reached tells the listeners. */
  private reached(answered: boolean): void {
    if (!answered) {
      this.unreachable = true;
      return;
    }
    if (!this.unreachable) return;
    this.unreachable = false;
    for (const listener of this.reconnectListeners) {
      try {
        listener();
      } catch {
        // a listener's failure is its own
      }
    }
  }

  private send(url: URL, options: https.RequestOptions, req: HttpRequest): http.ClientRequest {
    req.beforeSend?.();
    const body = req.body;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    // Always framed: Node sends a DELETE body unchunked, which corrupts the next request on a kept-alive socket.
    if (payload) options.headers = { ...options.headers, 'Content-Length': payload.length };
    const r = (url.protocol === 'http:' ? http : https).request(url, options);
    r.on('response', () => this.reached(true));
    r.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'TimeoutError' || UNREACHABLE.has(err.code ?? '')) this.reached(false);
    });
    r.end(payload);
    return r;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const { url, options } = await this.prepare(req);
    return new Promise((resolve, reject) => {
      const r = this.send(url, options, req);
      r.setTimeout(req.timeoutMs ?? 30_000, () =>
        r.destroy(Object.assign(new Error(`${req.method} ${req.path}: timed out`), { name: 'TimeoutError' })));
      r.on('error', reject);
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const retryAfter = retryAfterSeconds(res.headers['retry-after']);
          resolve({
            status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString('utf8')),
            ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
          });
        });
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
      try {
        request = this.send(url, options, req);
      } catch (err) {
        return close(err);
      }
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
