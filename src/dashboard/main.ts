// `kanary dashboard [--port 3100] [--address 127.0.0.1] [-n NS]... [-A] [--read-only]
// [--token-file F]`: serves the browser app, the API and live updates with the kubeconfig's
// identity (in a cluster, the ServiceAccount's), until SIGINT or SIGTERM.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { EventRecorder } from '../kube/events.js';
import { kinds } from '../kube/resources.js';
import { describeFailure, UsageError } from '../read/failure.js';
import { openSession } from '../read/session.js';
import { LiveRollouts } from './live-rollouts.js';
import { recordMain } from './record.js';
import { checkBind, createGuard } from './security.js';
import { createDashboardServer, listen } from './server.js';

interface DashboardFlags {
  port: number;
  address: string;
  namespace: string[];
  allNamespaces?: boolean;
  readOnly?: boolean;
  tokenFile?: string;
  kubeconfig?: string;
  context?: string;
}

const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number, 0-65535');
  return n;
}

function readToken(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new UsageError(`--token-file ${file}: cannot read it (${(e as Error).message})`);
  }
  if (text.length < 16) throw new UsageError(`--token-file ${file}: the token must be at least 16 characters`);
  return text;
}

export async function dashboardMain(args: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (args[0] === 'record') return recordMain(args.slice(1), out, err);
  const program = new Command('kanary dashboard')
    .description('serve the dashboard: every rollout at a glance, live, with the actions')
    .option('--port <n>', 'port to listen on', port, 3100)
    .option('--address <ip>', 'address to listen on; beyond loopback a --token-file is required', '127.0.0.1')
    .option('-n, --namespace <ns>', 'show this namespace (repeat or comma-separate for several; default: all)', (v: string, acc: string[]) => [...acc, ...v.split(',').filter(Boolean)], [] as string[])
    .option('-A, --all-namespaces', 'show every namespace (the default without -n)')
    .option('--read-only', 'show no action buttons and refuse every action')
    .option('--token-file <file>', 'a file holding the token browsers must present (open /?token=...)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
  let flags: DashboardFlags;
  try {
    flags = program.parse([...args], { from: 'user' }).opts<DashboardFlags>();
  } catch (e) {
    return e instanceof CommanderError && e.exitCode === 0 ? 0 : 2;
  }
  try {
    const token = flags.tokenFile ? readToken(flags.tokenFile) : undefined;
    checkBind(flags.address, token);
    if (flags.allNamespaces && flags.namespace.length > 0) throw new UsageError('-A and -n exclude each other');
    const session = openSession({ ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}), ...(flags.context ? { context: flags.context } : {}) });
    const namespaces = flags.allNamespaces ? [] : flags.namespace;
    const live = new LiveRollouts({ clients: session.clients, namespaces });
    await live.start();
    const server = createDashboardServer({
      clients: session.clients, live, guard: createGuard(token), readOnly: flags.readOnly === true, namespaces,
      recorder: new EventRecorder({ events: session.clients.resource(kinds.Event), component: 'kanary-dashboard' }),
      identity: session.user, server: session.server, webDir: WEB_DIR,
    });
    const addr = await listen(server, flags.port, flags.address);
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    out.write(`kanary dashboard: http://${host}:${addr.port}/ (namespaces: ${namespaces.join(', ') || 'all'}${flags.readOnly ? '; read-only' : ''}${token ? '; token required' : ''})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await live.stop();
    return 0;
  } catch (e) {
    const f = describeFailure(e);
    err.write(`kanary dashboard: ${f.message}\n`);
    return f.exitCode;
  }
}
