// One HTTP(S) request for the providers: a whole-request timeout, the caller's abort signal,
// optional TLS skip-verify, and a cap on the response size (the rest is never read).
import http from 'node:http';
import https from 'node:https';

export interface HttpCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Skip TLS certificate verification. */
  insecure?: boolean;
  signal?: AbortSignal;
  /** Bytes of body accepted before the call fails. Default 1 MiB. */
  maxBytes?: number;
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export const ONE_MIB = 1024 * 1024;

/** The URL without credentials or query string: safe to put in messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url.replace(/[?#].*$/, '');
  }
}

function failure(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

/** Sends the request; rejects on network errors, timeout, abort and oversize bodies, never on a status. */
export function sendHttp(call: HttpCall): Promise<HttpReply> {
  const max = call.maxBytes ?? ONE_MIB;
  const where = `${call.method} ${safeUrl(call.url)}`;
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(call.url);
    } catch {
      reject(new Error(`invalid URL ${JSON.stringify(safeUrl(call.url))}`));
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new Error(`unsupported URL scheme ${url.protocol} in ${safeUrl(call.url)}`));
      return;
    }
    if (call.signal?.aborted) {
      reject(failure('AbortError', `${where}: aborted`));
      return;
    }
    const headers: http.OutgoingHttpHeaders = { ...call.headers };
    if (call.body !== undefined) headers['Content-Length'] = Buffer.byteLength(call.body);
    const options: https.RequestOptions = { method: call.method, headers };
    if (url.protocol === 'https:' && call.insecure) options.rejectUnauthorized = false;
    const req = (url.protocol === 'https:' ? https : http).request(url, options);
    let settled = false;
    const finish = (err: Error | undefined, reply?: HttpReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(reply as HttpReply);
    };
    const onAbort = () => finish(failure('AbortError', `${where}: aborted`));
    const timer = setTimeout(() => finish(failure('TimeoutError', `${where} timed out after ${call.timeoutMs / 1000}s`)), call.timeoutMs);
    call.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => finish(new Error(`${where}: ${e.message || (e as { code?: string }).code || 'connection failed'}`)));
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > max) {
        finish(new Error(`${where}: response of ${declared} bytes exceeds the ${max}-byte limit`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) finish(new Error(`${where}: response exceeds the ${max}-byte limit`));
        else chunks.push(c);
      });
      res.on('error', (e) => finish(new Error(`${where}: ${e.message}`)));
      res.on('end', () => finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.end(call.body);
  });
}
