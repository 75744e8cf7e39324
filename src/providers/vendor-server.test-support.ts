// A local HTTP server standing in for a metrics SaaS in tests: it records every request (method,
// path, query, headers, body) and answers with the handler the test sets, which follows the
// vendor's documented responses. A handler may also never answer (timeouts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Never answer. */
  hang?: boolean;
}

export type Handler = (req: RecordedRequest) => Answer;

export interface VendorServer {
  url: string;
  requests: RecordedRequest[];
  /** Sets the handler for the following requests and forgets recorded ones. */
  answer(handler: Handler): void;
  close(): Promise<void>;
}

export async function startVendorServer(initial: Handler): Promise<VendorServer> {
  let handler = initial;
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://vendor');
      const recorded = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(recorded);
      const a = handler(recorded);
      if (a.hang) return;
      const text = typeof a.body === 'string' ? a.body : a.body === undefined ? '' : JSON.stringify(a.body);
      res.writeHead(a.status ?? 200, { 'Content-Type': typeof a.body === 'string' ? 'text/plain' : 'application/json', ...a.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answer(h) {
      handler = h;
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A SecretReader over fixed Secrets keyed `namespace/name`, recording what was read. */
export function secretsFrom(secrets: Record<string, Record<string, string>>, reads: string[] = []) {
  return async (ref: { namespace: string; name: string }) => {
    const key = `${ref.namespace}/${ref.name}`;
    reads.push(key);
    return secrets[key];
  };
}
