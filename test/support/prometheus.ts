// A real Prometheus (on PATH, named by KANARY_PROMETHEUS, or built from its Go module) for provider tests: a temp config and data
// dir, a free 127.0.0.1 port, scraping a small HTTP target whose exposition the test controls.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { locateTool } from './tools.js';

export interface MetricsTarget {
  url: string;
  /** Replaces what the target serves (Prometheus text exposition format). */
  setExposition(text: string): void;
}

export interface PrometheusFixture {
  /** Base URL of the Prometheus HTTP API, e.g. http://127.0.0.1:41234 */
  url: string;
  target: MetricsTarget;
  /** Resolves once `query` returns at least one sample. */
  waitForData(query: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startTarget(initial: string): Promise<{ target: MetricsTarget; close(): Promise<void> }> {
  let exposition = initial;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(exposition);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    target: { url: `http://127.0.0.1:${port}/metrics`, setExposition: (t) => { exposition = t; } },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function query(url: string, q: string): Promise<unknown[]> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = await res.json() as { data?: { result?: unknown[] } };
  return body.data?.result ?? [];
}

async function poll(what: string, timeoutMs: number, check: () => Promise<boolean>, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; prometheus output:\n${log().slice(-3000)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts Prometheus scraping a target that serves `exposition`; waits until it has been scraped. */
export async function startPrometheus(exposition = ''): Promise<PrometheusFixture> {
  const bin = locateTool('prometheus');
  const dir = await mkdtemp(path.join(tmpdir(), 'kanary-prometheus-'));
  const { target, close } = await startTarget(exposition);
  const targetHost = new URL(target.url).host;
  await writeFile(path.join(dir, 'prometheus.yml'), [
    'global:', '  scrape_interval: 1s', '  evaluation_interval: 1s',
    'scrape_configs:', '  - job_name: target', '    scrape_interval: 1s', '    static_configs:', `      - targets: ['${targetHost}']`, '',
  ].join('\n'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(bin, [
    `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=1h', '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (c: Buffer) => { output = (output + c.toString()).slice(-20_000); };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async () => {
    await stopChild(child);
    await close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await poll('prometheus to be ready', 30_000, async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}`);
      return (await fetch(`${url}/-/ready`)).ok;
    }, () => output);
    await poll('the target to be scraped', 30_000, async () => (await query(url, 'up{job="target"} == 1')).length > 0, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    target,
    waitForData: (q, timeoutMs = 15_000) => poll(`data for ${q}`, timeoutMs, async () => (await query(url, q)).length > 0, () => output),
    stop,
  };
}
