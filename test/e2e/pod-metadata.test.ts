// Role metadata and anti-affinity end to end, on the real API server and scheduler: pods carry
// their role's labels and annotations (canaryMetadata/stableMetadata, previewMetadata/
// activeMetadata), which change in place as the role moves (the same pod UIDs, no restart), and
// antiAffinity keeps new pods off the stable version's nodes.
import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import * as actions from '../../src/actions/rollout-actions.js';
import { BlueGreenWorld, blueGreenRollout, same } from './blue-green-harness.js';
import { waitFor } from './harness.js';
import { webRollout } from './web-rollout.js';

let w: BlueGreenWorld;

beforeAll(() => {
  w = new BlueGreenWorld();
});
afterEach(async (ctx) => w.stop(ctx.task.result?.state === 'fail'));
afterAll(async () => w.cleanup());

const ACTIVE = { labels: { role: 'active' }, annotations: { 'example.com/serving': 'true' } };
const PREVIEW = { labels: { role: 'preview', preview: 'yes' } };

async function pods(hash: string | undefined): Promise<V1Pod[]> {
  const list = await w.c.core.listNamespacedPod({ namespace: w.ns, labelSelector: `rollouts-pod-template-hash=${hash ?? 'none'}` });
  return list.items.filter((p) => p.metadata?.deletionTimestamp === undefined);
}

/** Waits until every pod of `hash` (at least `count`) satisfies `ok`; returns their UIDs, sorted. */
async function podsWhere(what: string, hash: string | undefined, count: number, ok: (p: V1Pod) => boolean): Promise<string[]> {
  return waitFor(what, async () => {
    const list = await pods(hash);
    return list.length >= count && list.every(ok) ? list.map((p) => p.metadata?.uid ?? '').sort() : undefined;
  }, { timeoutMs: 60_000, describe: async () => (await pods(hash)).map((p) => ({ name: p.metadata?.name, labels: p.metadata?.labels, annotations: p.metadata?.annotations })) });
}

/** For a canary Rollout (the blue-green world's `reach` reads its Services): caught up with its spec, and `ok`. */
async function reachCanary(what: string, ok: (s: { phase?: string; stableRS?: string; sizes: Record<string, number> }) => boolean) {
  const state = async () => {
    const r = await w.rollout();
    return { phase: r.status?.phase, stableRS: r.status?.stableRS, sizes: await w.sizes(), caughtUp: r.status?.observedGeneration === String(r.metadata?.generation) };
  };
  return waitFor(what, async () => {
    const s = await state();
    return s.caughtUp && ok(s) ? s : undefined;
  }, { timeoutMs: 60_000, describe: state });
}

const role = (name: string) => (p: V1Pod) => p.metadata?.labels?.['role'] === name;

describe('blue-green: activeMetadata and previewMetadata', () => {
  it('preview pods carry the preview metadata; on promotion the same pods become active in place; the old version loses its role', { timeout: 180_000 }, async () => {
    await w.setup('bg-meta', blueGreenRollout({ autoPromotionEnabled: false, activeMetadata: ACTIVE, previewMetadata: PREVIEW, scaleDownDelaySeconds: 20 }));
    const v1 = await w.healthy();
    await podsWhere('revision 1 pods active', v1, 3, (p) => role('active')(p) && p.metadata?.annotations?.['example.com/serving'] === 'true');
    await w.setImage('demo:2');
    await w.reach('paused before the switch', (s) => s.phase === 'Paused' && same(s.sizes, { 1: 3, 2: 3 }));
    const v2 = await w.hashOf(2);
    const previewUids = await podsWhere('revision 2 pods preview', v2, 3, (p) => role('preview')(p) && p.metadata?.labels?.['preview'] === 'yes');
    const rs2 = (await w.replicaSets()).find((rs) => rs.metadata?.labels?.['rollouts-pod-template-hash'] === v2);
    expect(rs2?.metadata?.annotations?.['rollout.argoproj.io/ephemeral-metadata']).toBe('{"labels":{"preview":"yes","role":"preview"}}');
    await podsWhere('revision 1 pods still active', v1, 3, role('active'));

    expect(await actions.promote(w.clients, w.ref())).toBe('skipped-pause');
    await w.reach('switched', (s) => s.phase === 'Healthy' && s.active === v2);
    const activeUids = await podsWhere('revision 2 pods active, preview keys gone', v2, 3,
      (p) => role('active')(p) && p.metadata?.labels?.['preview'] === undefined && p.metadata?.annotations?.['example.com/serving'] === 'true');
    expect(activeUids).toEqual(previewUids);
    // Kept at full size for a switch back, but no longer in a role.
    await podsWhere('revision 1 pods without a role', v1, 3, (p) => p.metadata?.labels?.['role'] === undefined && p.metadata?.annotations?.['example.com/serving'] === undefined);
    expect(Object.keys(await w.sizes()).sort()).toEqual(['1', '2']);
  });
});

describe('canary: canaryMetadata and stableMetadata (issue 9 item 10)', () => {
  it('stable pods carry role: stable, canary pods role: canary; promoted, the canary pods become stable without a restart', { timeout: 180_000 }, async () => {
    const doc = parse(webRollout({ steps: ['setWeight: 50', 'pause: {}'], replicas: 2 })) as { spec: { strategy: { canary: Record<string, unknown> } } };
    doc.spec.strategy.canary['canaryMetadata'] = { labels: { role: 'canary' } };
    doc.spec.strategy.canary['stableMetadata'] = { labels: { role: 'stable' } };
    // A Service selecting by role, as users write: it must always have the stable pods behind it.
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: web-stable-role}\nspec: {selector: {app: web, role: stable}, ports: [{port: 80}]}\n---\n';
    await w.setup('canary-meta', svc + stringify(doc));
    await reachCanary('the first revision Healthy', (s) => s.phase === 'Healthy');
    const v1 = await w.hashOf(1);
    await podsWhere('revision 1 pods stable', v1, 2, role('stable'));
    await w.setImage('demo:2');
    await reachCanary('paused at 50%', (s) => s.phase === 'Paused' && same(s.sizes, { 1: 1, 2: 1 }));
    const v2 = await w.hashOf(2);
    const canaryUids = await podsWhere('the canary pod', v2, 1, role('canary'));
    await podsWhere('the stable pod', v1, 1, role('stable'));
    expect(await actions.promote(w.clients, w.ref())).toBe('skipped-pause');
    await reachCanary('promoted', (s) => s.phase === 'Healthy' && s.stableRS === v2 && same(s.sizes, { 1: 0, 2: 2 }));
    const stableUids = await podsWhere('revision 2 pods stable', v2, 2, role('stable'));
    expect(stableUids).toEqual(expect.arrayContaining(canaryUids));
    const selected = await w.c.core.listNamespacedPod({ namespace: w.ns, labelSelector: 'app=web,role=stable' });
    expect(selected.items.filter((p) => !p.metadata?.deletionTimestamp).map((p) => p.metadata?.labels?.['rollouts-pod-template-hash'])).toEqual([v2, v2]);
  });
});

describe('blue-green: antiAffinity', () => {
  it('preferred: the new ReplicaSet\'s template carries the rule against the stable hash, and the update completes', { timeout: 180_000 }, async () => {
    await w.setup('bg-anti', blueGreenRollout({ antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 60 } }, scaleDownDelaySeconds: 2 }));
    const v1 = await w.healthy();
    await w.setImage('demo:2');
    await w.reach('switched and scaled down', (s) => s.phase === 'Healthy' && s.active !== v1 && same(s.sizes, { 1: 0, 2: 3 }));
    const v2 = await w.hashOf(2);
    const rs2 = (await w.replicaSets()).find((rs) => rs.metadata?.labels?.['rollouts-pod-template-hash'] === v2);
    expect(rs2?.spec?.template?.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{
      weight: 60,
      podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'rollouts-pod-template-hash', operator: 'In', values: [v1] }] }, namespaces: [w.ns], topologyKey: 'kubernetes.io/hostname' },
    }]);
    const r = await w.rollout();
    expect(r.spec.template?.spec).not.toHaveProperty('affinity');
  });

  it('required: the real scheduler keeps the new pods off the nodes running the stable pods', { timeout: 180_000 }, async () => {
    // 3 stable pods on the control plane's 2 nodes: no node is free of them, so the new pods cannot be placed.
    await w.setup('bg-anti-req', blueGreenRollout({ antiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } }));
    const v1 = await w.healthy();
    await w.setImage('demo:2');
    const v2 = await waitFor('revision 2 created', () => w.hashOf(2));
    const pending = await waitFor('revision 2 pods unschedulable', async () => {
      const list = await pods(v2);
      const reasons = list.map((p) => p.status?.conditions?.find((c) => c.type === 'PodScheduled'));
      return list.length === 3 && reasons.every((c) => c?.status === 'False' && c.reason === 'Unschedulable') ? reasons : undefined;
    }, { timeoutMs: 60_000, describe: async () => (await pods(v2)).map((p) => p.status) });
    expect(pending[0]?.message).toMatch(/anti-affinity/);
    // Production stays on the stable version: nothing switches to pods that never started.
    expect(await w.selector('web-active')).toBe(v1);
  });
});
