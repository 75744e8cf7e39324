// promote, promote --full and abort on a Rollout that `kanary pause` paused, at a pending pause
// step: each command is made of a status write and a spec write, and must happen whole (a
// regression: the second write reused the first one's resourceVersion and always failed).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Rollout } from '../../src/api/types.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { webRollout } from './web-rollout.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run { code: number | null; out: string; err: string }

let c: Cluster;
let ns: string;
let controller: ControllerProcess | undefined;

function kanary(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repo, 'bin/kanary.js'), '--kubeconfig', c.kubeconfigPath, '-n', ns, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

async function rollout(): Promise<Rollout> {
  return (await c.custom.getNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: ns, plural: 'rollouts', name: 'web' })) as Rollout & KubernetesObject;
}

async function until(what: string, ok: (r: Rollout) => boolean): Promise<Rollout> {
  let last: Rollout | undefined;
  return waitFor(what, async () => {
    last = await rollout();
    return ok(last) ? last : undefined;
  }, { timeoutMs: 60_000, intervalMs: 300, describe: async () => ({ spec: { paused: last?.spec.paused }, status: last?.status }) });
}

const observed = (r: Rollout) => r.status?.observedGeneration === String((r as KubernetesObject).metadata?.generation)
  || Number(r.status?.observedGeneration) === (r as KubernetesObject).metadata?.generation;
const atPauseStep = (step: number) => (r: Rollout) => observed(r) && r.status?.currentStepIndex === step
  && (r.status.pauseConditions ?? []).some((p) => p.reason === 'CanaryPauseStep');
const healthy = (r: Rollout) => observed(r) && r.status?.phase === 'Healthy' && r.status.stableRS === r.status.currentPodHash;

/** Starts an update to `image` and leaves it at the first pause step, then pauses it by hand. */
async function pausedByHandAtPauseStep(image: string): Promise<void> {
  expect((await kanary('set', 'image', 'web', `web=${image}`)).code).toBe(0);
  await until('the pause at step 2', atPauseStep(1));
  expect(await kanary('pause', 'web')).toEqual({ code: 0, out: 'rollout "web" paused\n', err: '' });
  await until('the manual pause observed', (r) => observed(r) && r.spec.paused === true && r.status?.phase === 'Paused');
}

beforeAll(async () => {
  spawnSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'ignore' });
  c = connect();
  ns = await createNamespace(c, 'actions-paused');
  await apply(c, webRollout({ steps: ['setWeight: 20', 'pause: {}', 'setWeight: 60', 'pause: {}', 'setWeight: 80'] }), ns);
  controller = startControllerProcess(c.kubeconfigPath, ns);
  await until('the first revision Healthy', healthy);
}, 300_000);
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-4000)}`);
});
afterAll(async () => {
  await controller?.stop();
  await deleteNamespace(c, ns);
});

describe('actions on a Rollout paused by kanary pause at a pending pause step', () => {
  it('promote ends the pause step and the manual pause together', { timeout: 180_000 }, async () => {
    await pausedByHandAtPauseStep('demo:2');
    expect(await kanary('promote', 'web')).toEqual({ code: 0, out: 'rollout "web" promoted: the pause is over\n', err: '' });
    const r = await until('the next pause step', atPauseStep(3));
    expect(r.spec.paused).not.toBe(true);
    await kanary('promote', 'web', '--full');
    await until('Healthy', healthy);
  });

  it('promote --full skips every remaining step and unpauses, in one command', { timeout: 180_000 }, async () => {
    await pausedByHandAtPauseStep('demo:3');
    expect(await kanary('promote', 'web', '--full')).toEqual({ code: 0, out: 'rollout "web" fully promoted: every remaining step is skipped\n', err: '' });
    const r = await until('Healthy at demo:3', healthy);
    expect(r.spec.paused).not.toBe(true);
    expect(JSON.stringify(r.spec.template)).toContain('"image":"demo:3"');
  });

  it('promote --full on a Rollout paused before its update started', { timeout: 180_000 }, async () => {
    expect((await kanary('pause', 'web')).code).toBe(0);
    await until('the manual pause observed', (r) => observed(r) && r.spec.paused === true);
    expect((await kanary('set', 'image', 'web', 'web=demo:4')).code).toBe(0);
    expect(await kanary('promote', 'web', '--full')).toEqual({ code: 0, out: 'rollout "web" fully promoted: every remaining step is skipped\n', err: '' });
    const r = await until('Healthy at demo:4', healthy);
    expect(r.spec.paused).not.toBe(true);
  });

  it('abort scales the canary away although the Rollout is paused by hand', { timeout: 180_000 }, async () => {
    await pausedByHandAtPauseStep('demo:5');
    expect(await kanary('abort', 'web')).toEqual({ code: 0, out: 'rollout "web" aborted\n', err: '' });
    const r = await until('Degraded', (x) => observed(x) && x.status?.phase === 'Degraded');
    expect(r.status?.abort).toBe(true);
    await waitFor('the canary scaled to 0', async () => {
      const sets = await c.apps.listNamespacedReplicaSet({ namespace: ns });
      const canary = sets.items.find((s) => s.spec?.template?.spec?.containers[0]?.image === 'demo:5');
      return canary?.spec?.replicas === 0 && (canary.status?.replicas ?? 0) === 0;
    }, { timeoutMs: 60_000 });
  });
});
