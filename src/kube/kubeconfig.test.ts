import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import type https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig as ClientNodeKubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubeConfig } from './kubeconfig.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kanary-kubeconfig-'));
writeFileSync(path.join(dir, 'ca.crt'), 'CA FROM FILE');
writeFileSync(path.join(dir, 'client.crt'), 'CERT FROM FILE');
writeFileSync(path.join(dir, 'client.key'), 'KEY FROM FILE');
writeFileSync(path.join(dir, 'token'), 'token-from-file');
const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(cluster: string, user: string): string {
  return [
    'apiVersion: v1', 'kind: Config', 'current-context: ctx',
    `clusters: [{name: c, cluster: {${cluster}}}]`,
    `users: [{name: u, user: {${user}}}]`,
    'contexts: [{name: ctx, context: {cluster: c, user: u, namespace: team}}]', '',
  ].join('\n');
}

/** What a request gets from a kubeconfig, without the agent (the transport builds its own). */
async function applied(kc: { applyToHTTPSOptions(o: https.RequestOptions): Promise<void> }): Promise<Record<string, unknown>> {
  const opts: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const { agent: _agent, ...rest } = opts;
  return JSON.parse(JSON.stringify(rest, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString() : v)));
}

function both(name: string, text: string): { ours: KubeConfig; theirs: ClientNodeKubeConfig } {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  const ours = new KubeConfig();
  ours.loadFromFile(file);
  const theirs = new ClientNodeKubeConfig();
  theirs.loadFromFile(file);
  return { ours, theirs };
}

// Each row is a kubeconfig a user may have; Kanary must send what client-node sent for it.
const CASES: [string, string, string][] = [
  ['inline certificates', `server: "https://10.0.0.1:6443/", certificate-authority-data: ${b64('CA')}`, `client-certificate-data: ${b64('CERT')}, client-key-data: ${b64('KEY')}`],
  ['files relative to the kubeconfig', 'server: "https://k:6443", certificate-authority: ca.crt', 'client-certificate: client.crt, client-key: client.key'],
  ['a bearer token', 'server: "https://k:6443", insecure-skip-tls-verify: true', 'token: abc'],
  ['a token file', 'server: "https://k:6443", tls-server-name: api.internal', `token-file: ${path.join(dir, 'token')}`],
  ['basic auth and impersonation', 'server: "https://k:6443"', 'username: ann, password: pw, as: bob'],
  ['plain HTTP with TLS checks off', 'server: "http://127.0.0.1:8080", insecure-skip-tls-verify: true', 'token: t'],
];

describe('KubeConfig (without client-node at run time)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it.each(CASES)('applies %s as client-node does', async (name, cluster, user) => {
    const { ours, theirs } = both(name.replace(/\W+/g, '-'), kubeconfig(cluster, user));
    expect(await applied(ours)).toEqual(await applied(theirs));
    expect(ours.getCurrentCluster()).toEqual(theirs.getCurrentCluster());
    expect(ours.getContextObject('ctx')?.namespace).toBe('team');
    expect(ours.usesClientNode()).toBe(false);
  });

  it('refuses plain HTTP unless TLS checks are turned off, as client-node does', async () => {
    const { ours, theirs } = both('http', kubeconfig('server: "http://127.0.0.1:8080"', 'token: t'));
    const message = await applied(theirs).then(() => 'no error', (e: Error) => e.message);
    expect(message).toMatch(/HTTP protocol is not allowed/);
    await expect(applied(ours)).rejects.toThrow(message);
  });

  it('names the missing field of a malformed kubeconfig', () => {
    const kc = new KubeConfig();
    expect(() => kc.loadFromString('clusters: [{name: c, cluster: {}}]')).toThrow('clusters[0].cluster.server is missing');
    expect(() => kc.loadFromString('contexts: [{context: {cluster: c}}]')).toThrow('contexts[0].name is missing');
  });

  it('hands an exec plugin to client-node, which runs it', async () => {
    const plugin = path.join(dir, 'exec-plugin.js');
    writeFileSync(plugin, `#!${process.execPath}\nprocess.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-exec' } }));\n`);
    chmodSync(plugin, 0o755);
    const { ours, theirs } = both('exec', kubeconfig('server: "https://k:6443"', `exec: {apiVersion: client.authentication.k8s.io/v1, command: ${plugin}}`));
    expect(ours.usesClientNode()).toBe(true);
    const got = await applied(ours);
    expect(got).toEqual(await applied(theirs));
    expect(got.headers).toEqual({ Authorization: 'Bearer from-exec' });
  });

  it('reads the service account in a Pod, and its rotated token again after a minute', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'kanary-sa-'));
    const sa = path.join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    await import('node:fs').then((fs) => fs.mkdirSync(sa, { recursive: true }));
    writeFileSync(path.join(sa, 'ca.crt'), 'SA CA');
    writeFileSync(path.join(sa, 'token'), 'first');
    writeFileSync(path.join(sa, 'namespace'), 'kanary-system');
    vi.stubEnv('KUBERNETES_SERVICE_HOST', 'fd00::1');
    vi.stubEnv('KUBERNETES_SERVICE_PORT', '443');
    const ours = new KubeConfig();
    ours.loadFromCluster(root);
    const theirs = new ClientNodeKubeConfig();
    theirs.loadFromCluster(root);
    expect(await applied(ours)).toEqual(await applied(theirs));
    expect(ours.getCurrentCluster()?.server).toBe('https://[fd00::1]:443');
    expect(ours.getContextObject(ours.getCurrentContext())?.namespace).toBe('kanary-system');
    writeFileSync(path.join(sa, 'token'), 'second');
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 30_000);
    expect((await applied(ours)).headers).toEqual({ Authorization: 'Bearer first' });
    clock.mockReturnValue(now + 61_000);
    expect((await applied(ours)).headers).toEqual({ Authorization: 'Bearer second' });
    clock.mockRestore();
  });

  it('merges the files of KUBECONFIG: the first file\'s context, the first entry of each name', () => {
    const a = path.join(dir, 'a.yaml');
    const b = path.join(dir, 'b.yaml');
    writeFileSync(a, kubeconfig('server: "https://a:6443"', 'token: a'));
    writeFileSync(b, [
      'current-context: other',
      'clusters: [{name: c, cluster: {server: "https://ignored"}}, {name: d, cluster: {server: "https://b:6443"}}]',
      'users: [{name: u, user: {token: ignored}}]',
      'contexts: [{name: other, context: {cluster: d, user: u}}]', '',
    ].join('\n'));
    vi.stubEnv('KUBECONFIG', [a, b].join(path.delimiter));
    const kc = new KubeConfig();
    kc.loadFromDefault();
    expect(kc.getCurrentCluster()?.server).toBe('https://a:6443');
    expect(kc.getContexts().map((c) => c.name)).toEqual(['ctx', 'other']);
    kc.setCurrentContext('other');
    expect(kc.getCurrentCluster()?.server).toBe('https://b:6443');
    expect(kc.getCurrentUser()?.token).toBe('a');
  });
});
