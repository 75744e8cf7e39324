// A real local HTTP server for the metric-provider faults, answering as a Web metric endpoint
// and as the Prometheus query API, each path in one behaviour: healthy, hanging (never answers),
// 500, or garbage. It records when each path was asked, so a case can check intervals and count
// provider calls against recorded measurements.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProxiedRequest } from './api-proxy.js';

export type Behaviour = 'healthy' | 'hang' | 'error500' | 'garbage';

export interface MetricServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Times (ms) each path (without query) was asked. */
  readonly calls: Map<string, number[]>;
  close(): Promise<void>;
}

const promVector = (value: string) => JSON.stringify({
  status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, value] }] },
});

/** What each behaviour answers, as a Web endpoint (`/web/<b>`) or a Prometheus server (`/prom/<b>/api/v1/query`). */
function answer(shape: 'web' | 'prom', behaviour: Behaviour, res: ServerResponse): void {
  if (behaviour === 'hang') return; // never answers; the socket is closed when the server closes
  if (behaviour === 'error500') {
    res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    return;
  }
  if (behaviour === 'garbage') {
    // 200 with a body that is not the API: a login page from a proxy, say.
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in to continue</body></html>');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(shape === 'web' ? JSON.stringify({ value: 1 }) : promVector('1'));
}

export async function startMetricServer(): Promise<MetricServer> {
  const calls = new Map<string, number[]>();
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    calls.set(path, [...(calls.get(path) ?? []), Date.now()]);
    const m = /^\/(web|prom)\/(healthy|hang|error500|garbage)(\/api\/v1\/query)?$/.exec(path);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    answer(m[1] as 'web' | 'prom', m[2] as Behaviour, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The AnalysisRun `measured`: `count` measurements, 1 s apart, of this server's healthy web metric. */
export function measuredRun(server: MetricServer, count: number): string {
  return `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: measured}
spec:
  metrics:
    - name: m
      interval: 1s
      count: ${count}
      successCondition: "result == 1"
      provider: {web: {url: "${server.url}/web/healthy", jsonPath: "{$.value}", timeoutSeconds: 3}}
`;
}

/** A status write of the run `measured`: a PATCH on the object (AnalysisRuns have no status subresource, as in Argo's CRDs) or on /status. */
export const isMeasuredRunStatusWrite = (r: ProxiedRequest) => r.method === 'PATCH' && /\/analysisruns\/measured(\/status)?$/.test(r.url.split('?')[0] ?? '');
