// Every `kanary` command, run as the real binary (`node bin/kanary.js`) with --kubeconfig,
// against a canary Rollout driven by a real controller process on the local control plane; and
// the same binary found by kubectl as a plugin (`kubectl kanary`, `kubectl argo rollouts`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import type { Rollout } from '../../src/api/types.js';
import { createKubeClients, loadKubeConfig } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { webRollout } from './web-rollout.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/kanary.js');

interface Run { code: number | null; out: string; err: string }

/** Runs a command to its end; `env` replaces PATH and friends when given. */
function exec(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

let c: Cluster;
let ns: string;
let controller: ControllerProcess | undefined;

const kanary = (...args: string[]) => exec(process.execPath, [bin, '--kubeconfig', c.kubeconfigPath, '-n', ns, ...args]);

async function rollout(): Promise<Rollout> {
  return (await c.custom.getNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: ns, plural: 'rollouts', name: 'web' })) as Rollout & KubernetesObject;
}

/** Polls `kanary get rollout web` until its output matches; returns that output. */
async function until(pattern: RegExp): Promise<string> {
  let last = '';
  return waitFor(`kanary get rollout web to match ${pattern}`, async () => {
    last = (await kanary('get', 'rollout', 'web')).out;
    return pattern.test(last) ? last : undefined;
  }, { timeoutMs: 60_000, intervalMs: 500, describe: async () => last });
}

/** Paused at a pause step, `done` steps done (the Rollout's status has caught up with the last action). */
const pausedAt = (done: number) => until(new RegExp(`Status: +॥ Paused\nMessage: +CanaryPauseStep\n(.*\n)*  Step: +${done}/5\n`));

const MANIFEST = webRollout({ steps: ['setWeight: 20', 'pause: {}', 'setWeight: 40', 'pause: {}', 'setWeight: 60'] });

beforeAll(async () => {
  // tsc emits even when a file elsewhere has type errors; these tests are about the binary.
  spawnSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'ignore' });
  c = connect();
  ns = await createNamespace(c, 'cli-commands');
  await apply(c, MANIFEST, ns);
  controller = startControllerProcess(c.kubeconfigPath, ns);
}, 300_000);
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-4000)}`);
});
afterAll(async () => {
  await controller?.stop();
  await deleteNamespace(c, ns);
});

describe('kanary against a live Rollout', () => {
  it('status --watch waits for Healthy and exits 0; get rollout draws the tree; list rollouts the table', { timeout: 240_000 }, async () => {
    const gate = await kanary('status', 'web', '--watch', '--timeout', '90s');
    expect(gate.code).toBe(0);
    expect(gate.out.trim().split('\n').at(-1)).toBe('Healthy');

    const got = await kanary('get', 'rollout', 'web');
    expect(got.code).toBe(0);
    expect(got.out).not.toContain('\x1b');
    expect(got.out).toMatch(/^Name: +web\nNamespace: +cli-commands-\S+\nStatus: +✔ Healthy\nStrategy: +Canary\n {2}Step: +5\/5\n {2}SetWeight: +100\n {2}ActualWeight: +100\nImages: +demo:1 \(stable\)\n/);
    expect(got.out).toMatch(/\n⟳ web +Rollout +✔ Healthy +\S+\n└──# revision:1\n {3}└──⧉ web-\w+ +ReplicaSet +✔ Healthy +\S+ +stable,ready:5\/5\n/);
    expect(got.out.match(/□ web-\w+-\w+ +Pod +✔ Running +\S+ +ready:1\/1/g)).toHaveLength(5);

    const list = await kanary('list', 'rollouts');
    expect(list.out).toMatch(/^NAME +STRATEGY +STATUS +STEP +SET-WEIGHT +READY +DESIRED +UP-TO-DATE +AVAILABLE\nweb +Canary +Healthy +5\/5 +100 +5\/5 +5 +5 +5\n$/);
    const all = await kanary('list', 'rollouts', '-A');
    expect(all.out).toMatch(new RegExp(`^NAMESPACE +NAME +STRATEGY[^\\n]*\\n(.*\\n)*${ns} +web +Canary +Healthy`));
  });

  it('set image starts the canary; status without --watch exits 1 at the pause; get shows steps, weights and both revisions', { timeout: 240_000 }, async () => {
    // Not a terminal: --watch prints a new block on each change, no escapes, until its timeout.
    const watcher = kanary('get', 'rollout', 'web', '--watch', '--timeout-seconds', '25');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await kanary('set', 'image', 'web', 'web=demo:2')).toEqual({ code: 0, out: 'rollout "web" image updated: web=demo:2\n', err: '' });
    await pausedAt(1);
    const watched = await watcher;
    expect(watched.code).toBe(0);
    expect(watched.out).not.toContain('\x1b');
    const blocks = watched.out.split(/\n\n(?=Name:)/);
    expect(blocks.length).toBeGreaterThan(2);
    expect(blocks[0]).toContain('Status:          ✔ Healthy');
    expect(blocks.at(-1)).toContain('Status:          ॥ Paused');
    expect(await kanary('status', 'web')).toEqual({ code: 1, out: 'Paused - CanaryPauseStep\n', err: '' });
    const timedOut = await kanary('status', 'web', '-w', '-t', '2s');
    expect(timedOut.code).toBe(1);
    expect(timedOut.err).toBe('kanary: rollout "web" is not Healthy after 2s (now: Paused - CanaryPauseStep)\n');

    const got = await kanary('get', 'rollout', 'web');
    expect(got.out).toContain('Status:          ॥ Paused\nMessage:         CanaryPauseStep\nWaiting for:     a promote (the pause at step 2 of 5 has no duration)\n');
    expect(got.out).toContain('  Step:          1/5\n  SetWeight:     20\n  ActualWeight:  20\nImages:          demo:1 (stable)\n                 demo:2 (canary)\n');
    expect(got.out).toMatch(/├──# revision:2\n│ {2}└──⧉ web-\w+ +ReplicaSet +✔ Healthy +\S+ +canary,ready:1\/1\n/);
    expect(got.out).toMatch(/└──# revision:1\n {3}└──⧉ web-\w+ +ReplicaSet +✔ Healthy +\S+ +stable,ready:4\/4\n/);
  });

  it('promote ends the pause; pause and resume; promote --full finishes while status --watch gates on it', { timeout: 240_000 }, async () => {
    expect((await kanary('promote', 'web')).out).toBe('rollout "web" promoted: the pause is over\n');
    expect(await pausedAt(3)).toContain('  Step:          3/5\n  SetWeight:     40\n  ActualWeight:  40\n');

    expect((await kanary('pause', 'web')).out).toBe('rollout "web" paused\n');
    await until(/Status: +॥ Paused\nMessage: +manually paused\nWaiting for: +a resume \(paused by a user\)\n/);
    expect((await kanary('status', 'web')).out).toBe('Paused - manually paused\n');
    expect((await kanary('resume', 'web')).out).toBe('rollout "web" resumed\n');
    await pausedAt(3);

    const gate = kanary('status', 'web', '--watch', '--timeout', '90s');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await kanary('promote', 'web', '--full')).out).toBe('rollout "web" fully promoted: every remaining step is skipped\n');
    const done = await gate;
    expect(done.code).toBe(0);
    expect(done.out.trim().split('\n').at(-1)).toBe('Healthy');
    expect((await kanary('promote', 'web')).out).toBe('rollout "web" has no update in progress: nothing to promote\n');
  });

  it('abort makes status --watch exit 1 (Degraded); retry starts again from step 1', { timeout: 240_000 }, async () => {
    await kanary('set', 'image', 'web', 'web=demo:3');
    await pausedAt(1);
    const gate = kanary('status', 'web', '-w', '-t', '90s');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await kanary('abort', 'web')).toEqual({ code: 0, out: 'rollout "web" aborted\n', err: '' });
    const failed = await gate;
    expect(failed.code).toBe(1);
    expect(failed.out.trim().split('\n').at(-1)).toBe('Degraded - RolloutAborted: Rollout aborted update to revision 3');
    expect((await kanary('get', 'rollout', 'web')).out).toContain('Waiting for:     a retry or a new version (the update was aborted)\n');

    expect((await kanary('promote', 'web'))).toEqual({ code: 2, out: '', err: 'kanary: rollout "web" is aborted: run retry to start its update again\n' });
    expect((await kanary('retry', 'rollout', 'web')).out).toBe('rollout "web" retried: the update starts again from step 1\n');
    // Started at once: the Degraded phase of before the retry must not end it.
    const again = kanary('status', 'web', '-w', '-t', '90s');
    await pausedAt(1);
    expect((await kanary('promote', 'web', '--full')).code).toBe(0);
    expect((await again).code).toBe(0);
  });

  it('undo mid-update goes back to the stable revision, without steps; restart --in sets restartAt', { timeout: 240_000 }, async () => {
    await kanary('set', 'image', 'web', 'web=demo:4');
    await pausedAt(1);
    const undo = await kanary('undo', 'web');
    expect(undo).toEqual({ code: 0, out: 'rollout "web" rolled back to revision 3\n', err: '' });
    await waitFor('demo:3 back in the template', async () => JSON.stringify((await rollout()).spec.template).includes('demo:3'));
    expect((await kanary('status', 'web', '-w', '-t', '90s')).code).toBe(0);
    expect((await kanary('undo', 'web', '--to-revision', '42')).err).toMatch(/^kanary: rollout "web" has no revision 42; revisions kept: /);

    const before = Date.now();
    const restart = await kanary('restart', 'web', '--in', '30s');
    expect(restart.code).toBe(0);
    const at = Date.parse((await rollout()).spec.restartAt ?? '');
    expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 29_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 31_000);
    expect(restart.out).toBe(`rollout "web" restarts its pods at ${new Date(at).toISOString().replace('.000Z', 'Z')}\n`);
  });

  it('errors: one line, exit 2 for what the user named wrong, 1 for the cluster', { timeout: 240_000 }, async () => {
    expect(await kanary('get', 'rollout', 'nope')).toEqual({ code: 2, out: '', err: `kanary: rollout "nope" not found in namespace "${ns}"\n` });
    expect(await kanary('set', 'image', 'web', 'db=x:1')).toEqual({ code: 2, out: '', err: 'kanary: rollout "web" has no container "db"; its containers are: web\n' });
    const badFlag = await kanary('get', 'rollout', 'web', '--timeout-seconds', 'soon');
    expect(badFlag.code).toBe(2);
    expect(badFlag.err).toBe("error: option '--timeout-seconds <n>' argument 'soon' is invalid. want a whole number\n");

    const dir = mkdtempSync(path.join(tmpdir(), 'kanary-e2e-'));
    const dead = path.join(dir, 'dead');
    writeFileSync(dead, `apiVersion: v1
kind: Config
clusters: [{name: d, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: d, context: {cluster: d, user: u}}]
current-context: d
`);
    expect(await exec(process.execPath, [bin, '--kubeconfig', dead, 'list', 'rollouts'])).toEqual({
      code: 1, out: '', err: 'kanary: cannot reach the cluster at https://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1; check --kubeconfig/--context\n',
    });

    // A ServiceAccount with no role: the apiserver says Forbidden, we say so in one line.
    await c.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'nobody' } } });
    const token = await c.core.createNamespacedServiceAccountToken({ namespace: ns, name: 'nobody', body: { spec: { audiences: [], expirationSeconds: 600 } } });
    const nobody = path.join(dir, 'nobody');
    writeFileSync(nobody, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${c.kc.getCurrentCluster()?.server}", insecure-skip-tls-verify: true}}]
users: [{name: nobody, user: {token: "${token.status?.token}"}}]
contexts: [{name: nobody, context: {cluster: c, user: nobody, namespace: ${ns}}}]
current-context: nobody
`);
    const denied = await exec(process.execPath, [bin, '--kubeconfig', nobody, 'promote', 'web']);
    expect(denied.code).toBe(1);
    expect(denied.err).toBe(`kanary: no permission: rollouts.argoproj.io "web" is forbidden: User "system:serviceaccount:${ns}:nobody" cannot get resource "rollouts" in API group "argoproj.io" in the namespace "${ns}"; ask for a role that allows it, or use another --context\n`);
  });

  it('experiments and analysis runs: create -f, get, list, terminate, retry experiment', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kanary-create-'));
    const file = path.join(dir, 'objects.yaml');
    writeFileSync(file, `apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata: {name: compare}
spec:
  duration: 10m
  templates:
  - name: baseline
    selector: {matchLabels: {app: compare, version: baseline}}
    template:
      metadata: {labels: {app: compare, version: baseline}}
      spec: {containers: [{name: app, image: "demo:1"}]}
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: smoke}
spec:
  metrics:
  - name: up
    provider: {web: {url: "http://127.0.0.1:1/"}}
`);
    expect(await kanary('create', '-f', file)).toEqual({
      code: 0, out: 'experiment.argoproj.io/compare created\nanalysisrun.argoproj.io/smoke created\n', err: '',
    });
    expect(await kanary('create', '-f', file)).toEqual({
      code: 2, out: '', err: 'kanary: experiments.argoproj.io "compare" already exists; delete it first or choose another name\n',
    });
    const got = await kanary('get', 'experiment', 'compare');
    expect(got.code).toBe(0);
    expect(got.out).toMatch(/^Name: +compare\nNamespace: +cli-commands-\S+\nStatus: +\S+ \w+\nDuration: +10m\n\nNAME +KIND +STATUS +AGE +INFO\nΣ compare +Experiment /);
    expect((await kanary('list', 'experiments')).out).toMatch(/^NAME +STATUS +AGE\ncompare +\w+ +\S+\n$/);

    expect(await kanary('terminate', 'experiment', 'compare')).toEqual({ code: 0, out: 'experiment "compare" terminated\n', err: '' });
    expect(await kanary('terminate', 'analysisrun', 'smoke')).toEqual({ code: 0, out: 'analysisrun "smoke" terminated\n', err: '' });
    const spec = async (plural: string, name: string) => ((await c.custom.getNamespacedCustomObject({
      group: 'argoproj.io', version: 'v1alpha1', namespace: ns, plural, name,
    })) as { spec: { terminate?: boolean } }).spec;
    expect((await spec('experiments', 'compare')).terminate).toBe(true);
    expect((await spec('analysisruns', 'smoke')).terminate).toBe(true);
    expect(await kanary('terminate', 'analysisrun', 'nope')).toEqual({ code: 2, out: '', err: `kanary: AnalysisRun "nope" not found in namespace "${ns}"\n` });

    // retry experiment: refused while the experiment has not failed (the Experiment controller
    // ends a terminated one Successful); once Failed, its status is cleared.
    const refused = await kanary('retry', 'experiment', 'compare');
    expect(refused).toMatchObject({ code: 2, out: '' });
    expect(refused.err).toMatch(/^kanary: experiment "compare" is (not started|Running|Successful): only a Failed, Error, Inconclusive experiment can be retried\n$/);
    const experiments = createKubeClients(loadKubeConfig({ kubeconfig: c.kubeconfigPath }), { registry: new Registry() })
      .resource<KubernetesObject & { status?: { phase?: string; message?: string } }>(kinds.Experiment);
    await experiments.patchStatus({ namespace: ns, name: 'compare' }, { status: { phase: 'Failed', message: 'baseline never became available' } });
    expect(await kanary('retry', 'exp', 'compare')).toEqual({
      code: 0, out: 'experiment "compare" retried: it was Failed; its status is cleared and it starts again\n', err: '',
    });
    // Cleared: the controller may already have begun it again, but it is no longer Failed.
    expect((await experiments.get({ namespace: ns, name: 'compare' })).status?.phase).not.toBe('Failed');
    expect(await kanary('retry', 'experiment', 'nope')).toEqual({ code: 2, out: '', err: `kanary: Experiment "nope" not found in namespace "${ns}"\n` });
  });

  it('create analysisrun --from and --from-file, with -a arguments', { timeout: 120_000 }, async () => {
    const template = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: smoke-check}
spec:
  args: [{name: host}]
  metrics:
  - name: probe
    provider:
      job:
        spec:
          template:
            spec: {restartPolicy: Never, containers: [{name: probe, image: busybox, args: ["{{args.host}}"]}]}
`;
    await apply(c, template, ns);
    const fromName = await kanary('create', 'analysisrun', '--from', 'smoke-check', '-a', 'host=web.example', '--name', 'smoke-1');
    expect(fromName).toEqual({ code: 0, out: 'analysisrun.argoproj.io/smoke-1 created\n', err: '' });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kanary-at-')), 'at.yaml');
    writeFileSync(file, template);
    const fromFile = await kanary('create', 'analysisrun', '--from-file', file, '-a', 'host=other');
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toMatch(/^analysisrun\.argoproj\.io\/smoke-check-[bcdfghjklmnpqrstvwxz2456789]{5} created\n$/);
    const run = await c.custom.getNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: ns, plural: 'analysisruns', name: 'smoke-1' }) as { spec: { args: { name: string; value: string }[] } };
    expect(run.spec.args).toEqual([{ name: 'host', value: 'web.example' }]);
    expect(await kanary('create', 'analysisrun', '--from', 'smoke-check', '-a', 'nope=1')).toMatchObject({ code: 2 });
    expect(await kanary('create', 'analysisrun')).toMatchObject({ code: 2, err: 'kanary: give exactly one of --from TEMPLATE or --from-file FILE\n' });
  });

  it('version and completion', { timeout: 240_000 }, async () => {
    expect((await kanary('version')).out).toMatch(/^kanary \d+\.\d+\.\d+ \(argoproj\.io\/v1alpha1\)\n$/);
    const bash = await kanary('completion', 'bash');
    expect(bash.code).toBe(0);
    const words = spawnSync('bash', ['-c', `${bash.out}\nCOMP_WORDS=(kanary get ro web --w); COMP_CWORD=4; _kanary; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(words.stdout).toBe('--watch\n');
  });

  it('runs as a kubectl plugin: kubectl kanary, kubectl argo rollouts', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kanary-plugins-'));
    symlinkSync(bin, path.join(dir, 'kubectl-kanary'));
    symlinkSync(bin, path.join(dir, 'kubectl-argo-rollouts'));
    const env = { ...process.env, PATH: `${dir}:${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` };
    const version = await exec('/usr/bin/kubectl', ['kanary', 'version'], env);
    expect(version.out).toMatch(/^kanary \d+\.\d+\.\d+/);
    expect(version.code).toBe(0);
    const set = await exec('/usr/bin/kubectl', ['argo', 'rollouts', 'set', 'image', 'web', 'web=demo:2', '--kubeconfig', c.kubeconfigPath, '-n', ns], env);
    expect(set).toEqual({ code: 0, out: 'rollout "web" image updated: web=demo:2\n', err: '' });
    await waitFor('demo:2 in the template', async () => JSON.stringify((await rollout()).spec.template).includes('demo:2'));
    const list = await exec('/usr/bin/kubectl', ['argo', 'rollouts', 'list', 'rollouts', '--kubeconfig', c.kubeconfigPath, '-n', ns], env);
    expect(list.out).toMatch(/\nweb +Canary /);
  });
});
