// The blue-green strategy end to end: the real controller binary against the real API server.
// Auto-promotion, manual promotion, previewReplicaCount, abort and retry, undo within the
// scale-down delay, a controller killed between the switch and the scale-down, and the example
// in examples/ driven by the `kanary` binary (get shows active and preview, promote switches).
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { SCALE_DOWN_DEADLINE_ANNOTATION } from '../../src/api/labels.js';
import { BlueGreenWorld, blueGreenRollout, same } from './blue-green-harness.js';
import { waitFor } from './harness.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let w: BlueGreenWorld;

beforeAll(async () => {
  // The kanary binary runs from dist/; built without blocking the worker (a blocked worker misses its RPC deadline).
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: repo });
  w = new BlueGreenWorld();
});
afterEach(async (ctx) => w.stop(ctx.task.result?.state === 'fail'));
afterAll(async () => w.cleanup());

function kanary(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repo, 'bin/kanary.js'), '--kubeconfig', w.c.kubeconfigPath, '-n', w.ns, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('blue-green on the local control plane', () => {
  it('auto-promotion: the active Service switches once the new version is fully available; the old one goes after the delay', async () => {
    await w.setup('bg-auto', blueGreenRollout({ scaleDownDelaySeconds: 3 }));
    const v1 = await w.healthy();
    await w.setImage('demo:2');
    const switched = await w.reach('the switch to revision 2', (s) => s.active !== v1 && s.active !== undefined && s.phase === 'Healthy');
    const v2 = await w.hashOf(2);
    expect(switched).toMatchObject({ active: v2, preview: v2, stableRS: v2, blueGreen: { activeSelector: v2, previewSelector: v2 } });
    // The old version is kept for the delay, with its deadline on the ReplicaSet.
    const old = (await w.replicaSets()).find((rs) => rs.metadata?.labels?.['rollouts-pod-template-hash'] === v1);
    expect(old?.spec?.replicas).toBe(3);
    expect(old?.metadata?.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await w.reach('revision 1 scaled down after scaleDownDelaySeconds', (s) => same(s.sizes, { 1: 0, 2: 3 }));
  });

  it('manual promotion with previewReplicaCount: a small preview, paused; promote scales it to full, then switches', async () => {
    await w.setup('bg-manual', blueGreenRollout({ autoPromotionEnabled: false, previewReplicaCount: 1, scaleDownDelaySeconds: 2 }));
    const v1 = await w.healthy();
    await w.setImage('demo:2');
    const paused = await w.reach('paused with a 1-pod preview', (s) => s.phase === 'Paused' && same(s.sizes, { 1: 3, 2: 1 }) && s.preview !== v1);
    expect(paused).toMatchObject({ message: 'BlueGreenPause', active: v1, preview: await w.hashOf(2) });
    expect(await actions.promote(w.clients, w.ref())).toBe('skipped-pause');
    const done = await w.reach('switched after promote', (s) => s.phase === 'Healthy' && s.active === s.preview);
    expect(done.active).toBe(await w.hashOf(2));
    expect(done.sizes['2']).toBe(3);
    await w.reach('revision 1 scaled down', (s) => same(s.sizes, { 1: 0, 2: 3 }));
  });

  it('abort switches nothing and scales the preview down after abortScaleDownDelaySeconds; retry starts again', async () => {
    await w.setup('bg-abort', blueGreenRollout({ autoPromotionEnabled: false, abortScaleDownDelaySeconds: 2 }));
    const v1 = await w.healthy();
    await w.setImage('demo:2');
    await w.reach('paused before the switch', (s) => s.phase === 'Paused' && same(s.sizes, { 1: 3, 2: 3 }));
    await actions.abort(w.clients, w.ref());
    const aborted = await w.reach('aborted, preview scaled down', (s) => s.phase === 'Degraded' && same(s.sizes, { 1: 3, 2: 0 }));
    expect(aborted).toMatchObject({ active: v1, preview: v1, stableRS: v1 });
    await actions.retry(w.clients, w.ref());
    const again = await w.reach('paused again after retry', (s) => s.phase === 'Paused' && same(s.sizes, { 1: 3, 2: 3 }));
    expect(again.active).toBe(v1);
    expect(again.preview).toBe(await w.hashOf(2));
  });

  it('undo within the scale-down delay switches back at once, without new pods', async () => {
    await w.setup('bg-undo', blueGreenRollout({ scaleDownDelaySeconds: 600 }));
    const v1 = await w.healthy();
    await w.setImage('demo:2');
    await w.reach('revision 2 active', (s) => s.phase === 'Healthy' && s.active !== v1);
    const before = (await w.replicaSets()).length;
    expect(await actions.undo(w.clients, w.ref())).toBe(1);
    const back = await w.reach('revision 1 active again', (s) => s.active === v1 && s.phase === 'Healthy');
    expect(back).toMatchObject({ stableRS: v1, preview: v1 });
    expect(back.sizes).toEqual({ 2: 3, 3: 3 });
    expect((await w.replicaSets()).length).toBe(before);
  });

  it('a controller killed between the switch and the scale-down: the next one keeps the deadline', async () => {
    await w.setup('bg-kill', blueGreenRollout({ scaleDownDelaySeconds: 8 }));
    const v1 = await w.healthy();
    await w.setImage('demo:2');
    await w.reach('switched', (s) => s.active !== v1 && s.active !== undefined);
    await w.controller?.kill();
    const old = (await w.replicaSets()).find((rs) => rs.metadata?.labels?.['rollouts-pod-template-hash'] === v1);
    const deadline = Date.parse(old?.metadata?.annotations?.[SCALE_DOWN_DEADLINE_ANNOTATION] ?? '');
    expect(deadline).toBeGreaterThan(Date.now());
    w.start();
    await new Promise((r) => setTimeout(r, 1500));
    if (Date.now() < deadline - 1000) expect((await w.sizes())['1']).toBe(3);
    await w.reach('revision 1 scaled down after its deadline', (s) => same(s.sizes, { 1: 0, 2: 3 }));
    expect(Date.now()).toBeGreaterThanOrEqual(deadline);
  });

  it('examples/blue-green.yaml: kanary get marks active and preview; kanary promote switches', { timeout: 180_000 }, async () => {
    await w.setup('bg-example', readFileSync(path.join(repo, 'examples/blue-green.yaml'), 'utf8'));
    const first = await kanary('status', 'blue-green', '--watch', '--timeout', '90s');
    expect(first.out.trim().split('\n').at(-1)).toBe('Healthy');
    expect((await kanary('set', 'image', 'blue-green', 'app=argoproj/rollouts-demo:green')).code).toBe(0);
    let tree = '';
    await waitFor('kanary get to show the paused preview', async () => {
      tree = (await kanary('get', 'rollout', 'blue-green')).out;
      return /Status: .*Paused/.test(tree) && /revision:2.*\n(.*\n)*?.*preview/.test(tree);
    }, { timeoutMs: 60_000, describe: async () => tree });
    expect(tree).toMatch(/Strategy: +BlueGreen/);
    expect(tree).toMatch(/Message: +BlueGreenPause/);
    expect(tree).toMatch(/revision:1.*\n(.*\n)*?.*active/);
    expect((await kanary('promote', 'blue-green')).code).toBe(0);
    const done = await kanary('status', 'blue-green', '--watch', '--timeout', '90s');
    expect(done.out.trim().split('\n').at(-1)).toBe('Healthy');
    const after = (await kanary('get', 'rollout', 'blue-green')).out;
    expect(after).toMatch(/revision:2.*\n(.*\n)*?.*active/);
  });
});
