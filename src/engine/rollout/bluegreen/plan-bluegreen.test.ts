import { describe, expect, it } from 'vitest';
import { edit, finishRun, patchStatus, podsReady, setImage, settle, sizes, step, template } from '../world.test-support.js';
import { ACTIVE, PREVIEW, blueGreenWorld, hashOf, healthyBlueGreen, selects } from './bluegreen-world.test-support.js';

const SECOND = 1000;

describe('planBlueGreen: the first revision', () => {
  it('scales to full, points both Services at it once available, and is Healthy at once (nothing to protect)', () => {
    const w = blueGreenWorld();
    const first = step(w);
    expect(first.actions.map((a) => a.kind)).toEqual(['createReplicaSet']);
    expect(selects(w, ACTIVE)).toBeUndefined();
    podsReady(w);
    settle(w);
    const s = w.rollout.status!;
    expect(sizes(w)).toEqual({ 1: 3 });
    expect(selects(w, ACTIVE)).toBe(s.currentPodHash);
    expect(selects(w, PREVIEW)).toBe(s.currentPodHash);
    expect(s).toMatchObject({ phase: 'Healthy', stableRS: s.currentPodHash, blueGreen: { activeSelector: s.currentPodHash, previewSelector: s.currentPodHash } });
    expect(s.selector).toBe(`app=web,rollouts-pod-template-hash=${s.currentPodHash}`);
    expect(s.HPAReplicas).toBe(3);
  });
});

describe('planBlueGreen: an update with auto-promotion', () => {
  it('previews the new version, switches the active Service once it is fully available, keeps the old one for the delay', () => {
    const w = healthyBlueGreen();
    const v1 = hashOf(w, 1)!;
    setImage(w, 'web:2');
    step(w);
    const v2 = hashOf(w, 2)!;
    expect(sizes(w)).toEqual({ 1: 3, 2: 3 });
    expect(selects(w, ACTIVE)).toBe(v1);
    expect(selects(w, PREVIEW)).toBe(v1);
    expect(w.rollout.status?.phase).toBe('Progressing');
    podsReady(w);
    const plan = step(w);
    expect(plan.actions.map((a) => a.kind)).toEqual(['setScaleDownDeadline', 'setServiceSelector', 'setServiceSelector']);
    expect(selects(w, ACTIVE)).toBe(v2);
    expect(selects(w, PREVIEW)).toBe(v2);
    expect(w.rollout.status).toMatchObject({ stableRS: v2, phase: 'Healthy', blueGreen: { activeSelector: v2 } });
    expect(w.sets.find((rs) => rs.podHash === v1)?.scaleDownDeadline).toBe(Date.parse('2026-11-21T10:00:30Z'));
    expect(sizes(w)).toEqual({ 1: 3, 2: 3 });
    expect(plan.nextCheckAt).toBe(w.now + 30 * SECOND);
    w.now += 29 * SECOND;
    expect(step(w).actions).toEqual([]);
    w.now += SECOND;
    expect(step(w).actions).toEqual([expect.objectContaining({ kind: 'scaleReplicaSet', from: 3, to: 0 })]);
    expect(sizes(w)).toEqual({ 1: 0, 2: 3 });
  });

  it('writes the same status twice without change once settled', () => {
    const w = healthyBlueGreen();
    const before = w.rollout.status;
    const again = step(w);
    expect(again.actions).toEqual([]);
    expect(again.status).toEqual(before);
    expect(again.events).toEqual([]);
  });
});

describe('planBlueGreen: previewReplicaCount', () => {
  it('runs the preview small, scales it to full after the gate, switches only when all are available', () => {
    const w = healthyBlueGreen({ previewReplicaCount: 1, autoPromotionEnabled: false });
    const v1 = hashOf(w, 1)!;
    setImage(w, 'web:2');
    step(w);
    expect(sizes(w)).toEqual({ 1: 3, 2: 1 });
    podsReady(w);
    step(w);
    const v2 = hashOf(w, 2)!;
    expect(selects(w, PREVIEW)).toBe(v2);
    expect(w.rollout.status).toMatchObject({ phase: 'Paused', message: 'BlueGreenPause', controllerPause: true });
    expect(step(w).actions).toEqual([]);
    patchStatus(w, { pauseConditions: null });
    step(w);
    expect(sizes(w)).toEqual({ 1: 3, 2: 3 });
    expect(w.rollout.status?.blueGreen?.scaleUpPreviewCheckPoint).toBe(true);
    expect(selects(w, ACTIVE)).toBe(v1);
    podsReady(w);
    step(w);
    expect(selects(w, ACTIVE)).toBe(v2);
    expect(w.rollout.status?.blueGreen?.scaleUpPreviewCheckPoint).toBeUndefined();
    expect(w.rollout.status?.stableRS).toBe(v2);
  });
});

describe('planBlueGreen: autoPromotionSeconds', () => {
  it('promotes on its own that long after pausing', () => {
    const w = healthyBlueGreen({ autoPromotionEnabled: false, autoPromotionSeconds: 20 });
    setImage(w, 'web:2');
    step(w);
    podsReady(w);
    const paused = step(w);
    expect(paused.nextCheckAt).toBe(w.now + 20 * SECOND);
    w.now += 19 * SECOND;
    step(w);
    expect(selects(w, ACTIVE)).toBe(hashOf(w, 1));
    w.now += SECOND;
    step(w);
    expect(selects(w, ACTIVE)).toBe(hashOf(w, 2));
    expect(w.rollout.status?.pauseConditions).toBeUndefined();
  });
});

describe('planBlueGreen: pre-promotion analysis', () => {
  function withPre() {
    const w = healthyBlueGreen({ prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] } });
    w.templates['AnalysisTemplate/smoke'] = template('smoke');
    setImage(w, 'web:2');
    step(w);
    podsReady(w);
    const plan = step(w);
    const run = plan.actions.find((a) => a.kind === 'createAnalysisRun');
    return { w, name: run?.name ?? '' };
  }

  it('starts once the preview is fully available and switches after Successful', () => {
    const { w, name } = withPre();
    expect(name).toBe(`web-${hashOf(w, 2)}-2-pre`);
    expect(w.runs[0]?.labels?.['rollout-type']).toBe('PrePromotion');
    expect(selects(w, ACTIVE)).toBe(hashOf(w, 1));
    finishRun(w, name, 'Successful');
    step(w);
    expect(selects(w, ACTIVE)).toBe(hashOf(w, 2));
    expect(w.rollout.status?.blueGreen?.prePromotionAnalysisRunStatus).toEqual({ name, status: 'Successful' });
  });

  it('aborts on Failed: the active Service never moves, the preview scales down after abortScaleDownDelaySeconds', () => {
    const { w, name } = withPre();
    finishRun(w, name, 'Failed', 'errors too high');
    const plan = step(w);
    expect(plan.actions.filter((a) => a.kind === 'setServiceSelector')).toEqual([]);
    expect(selects(w, ACTIVE)).toBe(hashOf(w, 1));
    expect(w.rollout.status).toMatchObject({ abort: true, phase: 'Degraded' });
    expect(w.rollout.status?.message).toContain('errors too high');
    expect(sizes(w)).toEqual({ 1: 3, 2: 3 });
    w.now += 30 * SECOND;
    const later = step(w);
    expect(later.actions.map((a) => a.kind)).toEqual(['setServiceSelector', 'scaleReplicaSet']);
    expect(selects(w, PREVIEW)).toBe(hashOf(w, 1));
    expect(sizes(w)).toEqual({ 1: 3, 2: 0 });
  });

  it('pauses on Inconclusive; a promote accepts it', () => {
    const { w, name } = withPre();
    finishRun(w, name, 'Inconclusive');
    step(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Paused', message: 'InconclusiveAnalysisRun' });
    patchStatus(w, { pauseConditions: null });
    step(w);
    expect(selects(w, ACTIVE)).toBe(hashOf(w, 2));
  });
});

describe('planBlueGreen: post-promotion analysis', () => {
  function switched() {
    const w = healthyBlueGreen({ postPromotionAnalysis: { templates: [{ templateName: 'smoke' }] } });
    w.templates['AnalysisTemplate/smoke'] = template('smoke');
    setImage(w, 'web:2');
    step(w);
    podsReady(w);
    step(w);
    const plan = step(w);
    return { w, name: plan.actions.find((a) => a.kind === 'createAnalysisRun')?.name ?? '' };
  }

  it('starts after the switch; the new version becomes stable only after Successful', () => {
    const { w, name } = switched();
    expect(name).toBe(`web-${hashOf(w, 2)}-2-post`);
    expect(selects(w, ACTIVE)).toBe(hashOf(w, 2));
    expect(w.rollout.status).toMatchObject({ stableRS: hashOf(w, 1), phase: 'Progressing', message: 'waiting for analysis to complete' });
    w.now += 60 * SECOND;
    step(w);
    expect(sizes(w)).toEqual({ 1: 3, 2: 3 });
    finishRun(w, name, 'Successful');
    const plan = step(w);
    expect(w.rollout.status?.stableRS).toBe(hashOf(w, 2));
    expect(plan.actions.map((a) => a.kind)).toEqual(['setScaleDownDeadline']);
  });

  it('on Failed switches the active Service back to the stable version before anything scales down', () => {
    const { w, name } = switched();
    finishRun(w, name, 'Failed');
    const plan = step(w);
    expect(plan.actions.map((a) => a.kind)).toEqual(['setServiceSelector']);
    expect(selects(w, ACTIVE)).toBe(hashOf(w, 1));
    expect(w.rollout.status).toMatchObject({ abort: true, stableRS: hashOf(w, 1), phase: 'Degraded' });
  });
});

describe('planBlueGreen: abort, retry, undo', () => {
  it('abort keeps the preview with abortScaleDownDelaySeconds 0; retry starts the update again', () => {
    const w = healthyBlueGreen({ autoPromotionEnabled: false, abortScaleDownDelaySeconds: 0 });
    setImage(w, 'web:2');
    step(w);
    podsReady(w);
    step(w);
    patchStatus(w, { abort: true });
    step(w);
    w.now += 3600 * SECOND;
    step(w);
    expect(sizes(w)).toEqual({ 1: 3, 2: 3 });
    expect(selects(w, PREVIEW)).toBe(hashOf(w, 2));
    expect(w.rollout.status?.phase).toBe('Degraded');
    patchStatus(w, { abort: false, pauseConditions: null });
    step(w);
    expect(w.rollout.status).toMatchObject({ phase: 'Paused', message: 'BlueGreenPause' });
    expect(w.rollout.status?.abortedAt).toBeUndefined();
  });

  it('undo within the scale-down delay switches back at once, with no new pods', () => {
    const w = healthyBlueGreen({ autoPromotionEnabled: false });
    setImage(w, 'web:2');
    step(w);
    podsReady(w);
    step(w);
    patchStatus(w, { pauseConditions: null });
    settle(w);
    const v1 = hashOf(w, 1)!;
    expect(sizes(w)).toEqual({ 1: 3, 2: 3 });
    setImage(w, 'web:1');
    const plan = step(w);
    expect(plan.actions.some((a) => a.kind === 'createReplicaSet')).toBe(false);
    expect(selects(w, ACTIVE)).toBe(v1);
    expect(w.rollout.status).toMatchObject({ stableRS: v1, phase: 'Healthy' });
    expect(w.sets.find((rs) => rs.podHash === v1)?.scaleDownDeadline).toBeUndefined();
    expect(w.sets.find((rs) => rs.podHash === hashOf(w, 2))?.scaleDownDeadline).toBeDefined();
  });

  it('a manual pause holds the switch', () => {
    const w = healthyBlueGreen();
    setImage(w, 'web:2');
    edit(w, (spec) => { spec.paused = true; });
    step(w);
    podsReady(w);
    step(w);
    expect(selects(w, ACTIVE)).toBe(hashOf(w, 1));
    expect(w.rollout.status?.phase).toBe('Paused');
  });
});
