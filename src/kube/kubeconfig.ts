// Kubeconfig loading without @kubernetes/client-node's runtime: its KubeConfig imports the whole
// generated API (about 66 MiB of resident memory, most of what a controller process holds at
// start). This class reads the same files into the same shapes and applies certificates,
// tokens and basic auth itself; a user authenticated by an `exec` plugin or an `auth-provider`,
// or a cluster behind `proxy-url`, is handed to client-node's KubeConfig, imported only then, so
// those behave exactly as before (docs/performance.md).
import fs from 'node:fs';
import type https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/** What the transport needs from a kubeconfig; client-node's KubeConfig has the same two methods. */
export interface KubeAccess {
  getCurrentCluster(): { readonly server: string; readonly proxyUrl?: string } | null;
  /** Sets TLS material, the Authorization header (refreshed tokens) and basic auth on `opts`. */
  applyToHTTPSOptions(opts: https.RequestOptions): Promise<void>;
}

/** The field names client-node uses, so a loaded config can be handed to it unchanged. */
export interface Cluster {
  readonly name: string;
  readonly server: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

export interface User {
  readonly name: string;
  certData?: string | null;
  certFile?: string | null;
  keyData?: string | null;
  keyFile?: string | null;
  token?: string;
  username?: string | null;
  password?: string | null;
  impersonateUser?: string | null;
  exec?: unknown;
  authProvider?: { name?: string; config?: Record<string, string> } | null;
}

export interface Context {
  readonly name: string;
  readonly cluster: string;
  user?: string;
  namespace?: string;
}

export interface KubeConfigOptions {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext?: string;
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';
/** A token file is read again after this long (client-go does the same). */
const TOKEN_FILE_TTL_MS = 60_000;

type Raw = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const absolute = (dir: string | undefined, file: string | undefined) => (file && dir && !path.isAbsolute(file) ? path.join(dir, file) : file);

function entries(list: unknown, what: string, inner: string): { name: string; body: Raw }[] {
  if (!Array.isArray(list)) return [];
  return list.map((e: Raw, i) => {
    const name = str(e?.name);
    if (!name) throw new Error(`kubeconfig: ${what}[${i}].name is missing`);
    return { name, body: (e[inner] ?? {}) as Raw };
  });
}

/** Parses one kubeconfig document; relative file paths are taken from `dir`, as kubectl does. */
export function parseKubeConfig(text: string, dir?: string): KubeConfigOptions {
  const doc = (parse(text) ?? {}) as Raw;
  const clusters = entries(doc.clusters, 'clusters', 'cluster').map(({ name, body }, i): Cluster => {
    const server = str(body.server);
    if (!server) throw new Error(`kubeconfig: clusters[${i}].cluster.server is missing`);
    return {
      name, server: server.replace(/\/$/, ''), caData: str(body['certificate-authority-data']),
      caFile: absolute(dir, str(body['certificate-authority'])), skipTLSVerify: body['insecure-skip-tls-verify'] === true,
      tlsServerName: str(body['tls-server-name']), proxyUrl: str(body['proxy-url']),
    };
  });
  const users = entries(doc.users, 'users', 'user').map(({ name, body }): User => {
    const tokenFile = str(body['token-file']);
    return {
      name, certData: str(body['client-certificate-data']), certFile: absolute(dir, str(body['client-certificate'])),
      keyData: str(body['client-key-data']), keyFile: absolute(dir, str(body['client-key'])),
      token: str(body.token) ?? (tokenFile ? fs.readFileSync(tokenFile, 'utf8') : undefined),
      username: str(body.username), password: str(body.password), impersonateUser: str(body.as),
      exec: body.exec ?? undefined, authProvider: (body['auth-provider'] as User['authProvider']) ?? undefined,
    };
  });
  const contexts = entries(doc.contexts, 'contexts', 'context').map(({ name, body }, i): Context => {
    const cluster = str(body.cluster);
    if (!cluster) throw new Error(`kubeconfig: contexts[${i}].context.cluster is missing`);
    return { name, cluster, user: str(body.user), namespace: str(body.namespace) };
  });
  return { clusters, users, contexts, currentContext: str(doc['current-context']) };
}

/** Whether this user or cluster needs client-node's authenticators or proxy agents. */
function needsClientNode(user: User | null, cluster: Cluster | null): boolean {
  const provider = user?.authProvider;
  return Boolean(user?.exec || (provider && !provider.config?.tokenFile) || cluster?.proxyUrl);
}

const fileOrData = (file?: string | null, data?: string | null) => (file ? fs.readFileSync(file) : data ? Buffer.from(data, 'base64') : undefined);

export class KubeConfig implements KubeAccess {
  private clusters: Cluster[] = [];
  private users: User[] = [];
  private contexts: Context[] = [];
  private currentContext?: string;
  private tokenFile?: { path: string; token: string; readAt: number };
  private delegate?: Promise<KubeAccess & { setCurrentContext(name: string): void }>;

  loadFromOptions(o: KubeConfigOptions): void {
    this.clusters = o.clusters;
    this.users = o.users;
    this.contexts = o.contexts;
    this.currentContext = o.currentContext;
    this.delegate = undefined;
  }

  loadFromString(text: string, dir?: string): void {
    this.loadFromOptions(parseKubeConfig(text, dir));
  }

  loadFromFile(file: string): void {
    this.loadFromString(fs.readFileSync(file, 'utf8'), path.dirname(file));
  }

  /** $KUBECONFIG (a list: the first file's current context; the first entry of a name wins), then ~/.kube/config, then in-cluster. */
  loadFromDefault(): void {
    const files = (process.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
    if (files.length) {
      const merged: KubeConfigOptions = { clusters: [], users: [], contexts: [] };
      for (const file of files) {
        const one = parseKubeConfig(fs.readFileSync(file, 'utf8'), path.dirname(file));
        merged.currentContext ??= one.currentContext;
        const add = <T extends { name: string }>(into: T[], from: T[]) => {
          for (const e of from) if (!into.some((x) => x.name === e.name)) into.push(e);
        };
        add(merged.clusters, one.clusters);
        add(merged.users, one.users);
        add(merged.contexts, one.contexts);
      }
      return this.loadFromOptions(merged);
    }
    const home = path.join(process.env.HOME || os.homedir(), '.kube', 'config');
    if (fs.existsSync(home)) return this.loadFromFile(home);
    if (fs.existsSync(`${SERVICE_ACCOUNT}/token`)) return this.loadFromCluster();
    this.loadFromOptions({
      clusters: [{ name: 'cluster', server: 'http://localhost:8080', skipTLSVerify: false }], users: [{ name: 'user' }],
      contexts: [{ name: 'loaded-context', cluster: 'cluster', user: 'user' }], currentContext: 'loaded-context',
    });
  }

  /** The Pod's service account: its CA, its (rotated) token file and its namespace. */
  loadFromCluster(root = ''): void {
    const host = process.env.KUBERNETES_SERVICE_HOST ?? '';
    const port = process.env.KUBERNETES_SERVICE_PORT ?? '';
    const scheme = ['80', '8080', '8001'].includes(port) ? 'http' : 'https';
    const nsFile = `${root}${SERVICE_ACCOUNT}/namespace`;
    this.loadFromOptions({
      clusters: [{ name: 'inCluster', server: `${scheme}://${net.isIPv6(host) ? `[${host}]` : host}:${port}`, caFile: `${root}${SERVICE_ACCOUNT}/ca.crt`, skipTLSVerify: false }],
      users: [{ name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: `${root}${SERVICE_ACCOUNT}/token` } } }],
      contexts: [{ name: 'inClusterContext', cluster: 'inCluster', user: 'inClusterUser', namespace: fs.existsSync(nsFile) ? fs.readFileSync(nsFile, 'utf8') : undefined }],
      currentContext: 'inClusterContext',
    });
  }

  getContexts(): Context[] {
    return this.contexts;
  }

  getCurrentContext(): string | undefined {
    return this.currentContext;
  }

  setCurrentContext(name: string): void {
    this.currentContext = name;
    void this.delegate?.then((d) => d.setCurrentContext(name));
  }

  getContextObject(name: string | undefined): Context | null {
    return this.contexts.find((c) => c.name === name) ?? null;
  }

  getCurrentCluster(): Cluster | null {
    const ctx = this.getContextObject(this.currentContext);
    return (ctx && this.clusters.find((c) => c.name === ctx.cluster)) ?? null;
  }

  getCurrentUser(): User | null {
    const ctx = this.getContextObject(this.currentContext);
    return (ctx && this.users.find((u) => u.name === ctx.user)) ?? null;
  }

  async applyToHTTPSOptions(opts: https.RequestOptions): Promise<void> {
    const user = this.getCurrentUser();
    const cluster = this.getCurrentCluster();
    if (needsClientNode(user, cluster)) return (await this.clientNode()).applyToHTTPSOptions(opts);
    if (cluster?.server.startsWith('http:') && !cluster.skipTLSVerify) {
      throw new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false');
    }
    if (!user) return;
    if (cluster?.skipTLSVerify) opts.rejectUnauthorized = false;
    if (cluster?.tlsServerName) opts.servername = cluster.tlsServerName;
    const ca = cluster && fileOrData(cluster.caFile, cluster.caData);
    const cert = fileOrData(user.certFile, user.certData);
    const key = fileOrData(user.keyFile, user.keyData);
    if (ca) opts.ca = ca;
    if (cert) opts.cert = cert;
    if (key) opts.key = key;
    const headers = (opts.headers ??= {}) as Record<string, string>;
    if (user.impersonateUser) headers['Impersonate-User'] = user.impersonateUser;
    const tokenFile = user.authProvider?.config?.tokenFile;
    const token = user.token ?? (tokenFile ? this.readTokenFile(tokenFile) : undefined);
    if (token) headers.Authorization = `Bearer ${token}`;
    if (user.username) opts.auth = `${user.username}:${user.password ?? ''}`;
  }

  /** Whether the current user or cluster is served by client-node (exec, auth-provider, proxy-url). */
  usesClientNode(): boolean {
    return needsClientNode(this.getCurrentUser(), this.getCurrentCluster());
  }

  private readTokenFile(file: string): string {
    const now = Date.now();
    if (!this.tokenFile || this.tokenFile.path !== file || now - this.tokenFile.readAt > TOKEN_FILE_TTL_MS) {
      this.tokenFile = { path: file, token: fs.readFileSync(file, 'utf8'), readAt: now };
    }
    return this.tokenFile.token;
  }

  private clientNode(): Promise<KubeAccess & { setCurrentContext(name: string): void }> {
    return (this.delegate ??= import('@kubernetes/client-node').then(({ KubeConfig: Full }) => {
      const kc = new Full();
      kc.loadFromOptions({
        clusters: this.clusters, contexts: this.contexts, currentContext: this.currentContext ?? '',
        users: this.users as Parameters<typeof kc.loadFromOptions>[0]['users'],
      });
      return kc;
    }));
  }
}
