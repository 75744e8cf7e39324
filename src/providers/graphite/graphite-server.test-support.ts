// A real Graphite for tests: Debian's graphite-web (Django) serving whisper files written with
// whisper-update, on a free port, with its settings, storage and database in a temp folder.
// Needs the `graphite-web` package (which brings python3-whisper); tests skip without it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';

const GRAPHITE_MODULE = '/usr/lib/python3/dist-packages/graphite/settings.py';

/** Why a real Graphite cannot run here, or undefined when it can. */
export function graphiteMissing(): string | undefined {
  if (!existsSync(GRAPHITE_MODULE)) return 'graphite-web is not installed (apt-get install graphite-web graphite-carbon)';
  for (const bin of ['django-admin', 'whisper-create', 'whisper-update']) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) return `${bin} is not on PATH (apt-get install graphite-web)`;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface GraphiteFixture {
  url: string;
  /** Writes points (`[unix seconds, value]`) to a metric such as `app.requests`. */
  write(metric: string, points: [number, number][]): void;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`graphite-web exited: ${log()}`);
    try {
      const r = await fetch(`${url}/render?target=none&format=json`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`graphite-web did not answer within 30s: ${log()}`);
}

export async function startGraphite(): Promise<GraphiteFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'kanary-graphite-'));
  const whisper = join(dir, 'whisper');
  mkdirSync(join(dir, 'log'), { recursive: true });
  mkdirSync(whisper, { recursive: true });
  writeFileSync(join(dir, 'kanary_graphite_settings.py'), [
    "SECRET_KEY = 'kanary-test-only'",
    "GRAPHITE_ROOT = '/usr/share/graphite-web'",
    "STATIC_ROOT = '/usr/share/graphite-web/static'",
    `CONF_DIR = ${JSON.stringify(dir)}`,
    `STORAGE_DIR = ${JSON.stringify(dir)}`,
    `WHISPER_DIR = ${JSON.stringify(whisper)}`,
    `LOG_DIR = ${JSON.stringify(join(dir, 'log'))}`,
    `INDEX_FILE = ${JSON.stringify(join(dir, 'index'))}`,
    `DATABASES = {'default': {'NAME': ${JSON.stringify(join(dir, 'graphite.db'))}, 'ENGINE': 'django.db.backends.sqlite3'}}`,
    '',
  ].join('\n'));
  const port = await freePort();
  let output = '';
  const child = spawn('django-admin', ['runserver', '--noreload', `127.0.0.1:${port}`], {
    env: { ...process.env, PYTHONPATH: dir, GRAPHITE_SETTINGS_MODULE: 'kanary_graphite_settings', DJANGO_SETTINGS_MODULE: 'graphite.settings' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => { output = (output + c.toString()).slice(-2000); });
  child.stderr?.on('data', (c: Buffer) => { output = (output + c.toString()).slice(-2000); });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    write(metric, points) {
      const file = join(whisper, ...metric.split('.')) + '.wsp';
      if (!existsSync(file)) {
        mkdirSync(dirname(file), { recursive: true });
        run('whisper-create', [file, '10s:1h']);
      }
      run('whisper-update', [file, ...points.map(([t, v]) => `${t}:${v}`)]);
    },
    stop,
  };
}
