// The cluster commands' errors and the offline commands, in-process (no cluster needed).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './capture-io.js';

const run = async (...args: string[]) => {
  const io = captureIo();
  const code = await main(['node', 'kanary', ...args], io);
  return { code, out: io.out(), err: io.err() };
};

/** A kubeconfig whose server refuses connections (port 1 on loopback). */
function deadKubeconfig(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kanary-cli-')), 'kubeconfig');
  writeFileSync(path, `apiVersion: v1
kind: Config
clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: dead, context: {cluster: dead, user: u, namespace: team-a}}]
current-context: dead
`);
  return path;
}

describe('kanary cluster commands without a cluster', () => {
  it('says which server it cannot reach, and exits 1', async () => {
    const r = await run('--kubeconfig', deadKubeconfig(), 'get', 'rollout', 'web');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^kanary: cannot reach the cluster at https:\/\/127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1; check --kubeconfig\/--context\n$/);
  });

  it('takes the global flags after the command too', async () => {
    const r = await run('status', 'web', '--kubeconfig', deadKubeconfig(), '-n', 'x');
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot reach the cluster at https://127.0.0.1:1');
  });

  it('exits 2 for a missing kubeconfig, an unknown context, a bad flag value or a missing argument', async () => {
    expect(await run('--kubeconfig', '/nonexistent/kc', 'list', 'rollouts')).toEqual({
      code: 2, out: '', err: 'kanary: cannot load the kubeconfig "/nonexistent/kc": no such file; check --kubeconfig\n',
    });
    expect(await run('--kubeconfig', deadKubeconfig(), '--context', 'prod', 'abort', 'web')).toEqual({
      code: 2, out: '', err: 'kanary: context "prod" is not in the kubeconfig; its contexts are: dead\n',
    });
    const bad = await run('--kubeconfig', deadKubeconfig(), 'undo', 'web', '--to-revision', 'two');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("argument 'two' is invalid. want a whole number");
    expect((await run('promote')).code).toBe(2);
    expect((await run('set', 'image', 'web', 'nonsense')).err).toContain('"nonsense" is not container=image');
  });
});

describe('kanary completion', () => {
  it('prints a bash script that knows every command and its flags', async () => {
    const r = await run('completion', 'bash');
    expect(r.code).toBe(0);
    expect(r.out).toContain('complete -F _kanary kanary kubectl-kanary kubectl-argo-rollouts');
    expect(r.out).toContain('"get rollout") opts="--watch -w --no-color --timeout-seconds"');
    expect(r.out).toContain('"get ro") opts="--watch -w --no-color --timeout-seconds"');
    expect(r.out).toContain('"") opts="lint version get list status promote abort retry pause resume restart set undo completion');
  });

  it('prints a zsh script through bashcompinit; refuses other shells with exit 2', async () => {
    expect((await run('completion', 'zsh')).out).toMatch(/^#compdef kanary[^\n]*\n[^\n]*\nautoload -U \+X bashcompinit && bashcompinit\n/);
    expect(await run('completion', 'fish')).toEqual({ code: 2, out: '', err: 'kanary: no completion for "fish": use bash or zsh\n' });
  });
});
