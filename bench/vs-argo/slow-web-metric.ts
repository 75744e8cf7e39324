// B5's web metric: a local HTTP server that answers `{"value": 1}` after a fixed delay and keeps,
// per path (one path per AnalysisRun), when each request arrived and when it was answered, to the
// millisecond (the runs' own timestamps have whole seconds).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Measured { readonly arrived: number; answered?: number }

export interface SlowWebMetric {
  readonly url: string;
  /** Path -> its requests in arrival order. */
  readonly requests: ReadonlyMap<string, readonly Measured[]>;
  close(): Promise<void>;
}

export async function startSlowWebMetric(answerMs: number): Promise<SlowWebMetric> {
  const requests = new Map<string, Measured[]>();
  const server = createServer((req, res) => {
    const seen: Measured = { arrived: Date.now() };
    const key = req.url ?? '/';
    let list = requests.get(key);
    if (!list) requests.set(key, (list = []));
    list.push(seen);
    setTimeout(() => {
      seen.answered = Date.now();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"value": 1}');
    }, answerMs);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
