// Properties of the blue-green planner over random histories: pods becoming available (or not),
// time passing, new versions, promote, abort, retry, undo and analysis verdicts, in any order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan.js';
import { finishRun, patchStatus, setImage, settle, step, template, type World } from '../world.test-support.js';
import { ACTIVE, PREVIEW, blueGreenWorld, selects } from './bluegreen-world.test-support.js';

type Op =
  | { kind: 'plan' }
  | { kind: 'ready'; fraction: number }
  | { kind: 'wait'; seconds: number }
  | { kind: 'image'; version: number }
  | { kind: 'promote' }
  | { kind: 'abort' }
  | { kind: 'retry' }
  | { kind: 'verdict'; phase: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constant<Op>({ kind: 'plan' }), weight: 6 },
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map<Op>((fraction) => ({ kind: 'ready', fraction })), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 90 }).map<Op>((seconds) => ({ kind: 'wait', seconds })), weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: 3 }).map<Op>((version) => ({ kind: 'image', version })), weight: 1 },
  fc.constant<Op>({ kind: 'promote' }),
  fc.constant<Op>({ kind: 'abort' }),
  fc.constant<Op>({ kind: 'retry' }),
  fc.constantFrom('Successful', 'Failed', 'Inconclusive', 'Error').map<Op>((phase) => ({ kind: 'verdict', phase })),
);

const strategy = fc.record({
  previewReplicaCount: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  autoPromotionEnabled: fc.option(fc.boolean(), { nil: undefined }),
  autoPromotionSeconds: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  scaleDownDelaySeconds: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  abortScaleDownDelaySeconds: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  pre: fc.boolean(),
  post: fc.boolean(),
});

function apply(w: World, o: Op): void {
  switch (o.kind) {
    case 'ready':
      w.sets = w.sets.map((rs) => {
        const available = Math.max(rs.available, Math.min(rs.replicas, Math.round(rs.replicas * o.fraction)));
        return { ...rs, ready: available, available };
      });
      return;
    case 'wait': w.now += o.seconds * 1000; return;
    case 'image': setImage(w, `web:${o.version}`); return;
    case 'promote': patchStatus(w, { pauseConditions: null }); return;
    case 'abort': if (w.rollout.status?.stableRS !== w.rollout.status?.currentPodHash) patchStatus(w, { abort: true }); return;
    case 'retry': if (w.rollout.status?.abort === true) patchStatus(w, { abort: false, pauseConditions: null }); return;
    case 'verdict': {
      const open = w.runs.find((r) => r.phase === '');
      if (open) finishRun(w, open.name, o.phase);
      return;
    }
    case 'plan': return;
  }
}

/** Checks one plan against the world it was made from; returns the failures. */
function violations(before: World, plan: Plan, replicas: number): string[] {
  const out: string[] = [];
  const byHash = new Map(before.sets.map((rs) => [rs.podHash, rs]));
  const activeAfter = plan.actions.find((a) => a.kind === 'setServiceSelector' && a.service === ACTIVE);
  const activeHash = activeAfter?.kind === 'setServiceSelector' ? activeAfter.podHash : before.services[ACTIVE]?.selector['rollouts-pod-template-hash'];
  for (const a of plan.actions) {
    if (a.kind === 'setServiceSelector') {
      const target = byHash.get(a.podHash);
      const need = a.service === ACTIVE ? replicas : Math.max(1, target?.replicas ?? 1);
      if (!target || target.available < need) {
        out.push(`${a.service} switched to ${a.podHash} with ${target?.available ?? 0} available (needs ${need})`);
      }
    }
    if (a.kind === 'scaleReplicaSet') {
      const rs = before.sets.find((s) => s.name === a.name);
      if (rs && rs.podHash === activeHash && a.to < replicas) out.push(`the active ReplicaSet ${a.name} scaled to ${a.to} < ${replicas}`);
      const previewHash = before.services[PREVIEW]?.selector['rollouts-pod-template-hash'];
      const previewMoves = plan.actions.some((b) => b.kind === 'setServiceSelector' && b.service === PREVIEW);
      if (rs && rs.podHash === previewHash && !previewMoves && a.to === 0) out.push(`the preview's ReplicaSet ${a.name} scaled to 0 while selected`);
    }
  }
  return out;
}

describe('planBlueGreen properties', () => {
  it('no Service switches to a ReplicaSet that is not fully available; the serving version is never scaled below replicas', () => {
    fc.assert(fc.property(strategy, fc.array(op, { maxLength: 40 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), (bg, ops, replicas, settledFirst) => {
      const analysis = { templates: [{ templateName: 'smoke' }] };
      const w = blueGreenWorld({
        ...(bg.previewReplicaCount !== undefined ? { previewReplicaCount: bg.previewReplicaCount } : {}),
        ...(bg.autoPromotionEnabled !== undefined ? { autoPromotionEnabled: bg.autoPromotionEnabled } : {}),
        ...(bg.autoPromotionSeconds !== undefined ? { autoPromotionSeconds: bg.autoPromotionSeconds } : {}),
        ...(bg.scaleDownDelaySeconds !== undefined ? { scaleDownDelaySeconds: bg.scaleDownDelaySeconds } : {}),
        ...(bg.abortScaleDownDelaySeconds !== undefined ? { abortScaleDownDelaySeconds: bg.abortScaleDownDelaySeconds } : {}),
        ...(bg.pre ? { prePromotionAnalysis: analysis } : {}),
        ...(bg.post ? { postPromotionAnalysis: analysis } : {}),
      }, replicas);
      w.templates['AnalysisTemplate/smoke'] = template('smoke');
      if (settledFirst) settle(w);
      for (const o of [{ kind: 'plan' } as Op, ...ops]) {
        apply(w, o);
        const before: World = { ...w, sets: [...w.sets], services: { ...w.services } };
        const plan = step(w);
        expect(violations(before, plan, replicas)).toEqual([]);
      }
      // Whatever happened, time and ready pods bring it to rest.
      w.now += 3_600_000;
      settle(w);
      const s = w.rollout.status;
      if (s?.blueGreen?.activeSelector) expect(selects(w, ACTIVE)).toBe(s.blueGreen.activeSelector);
    }), { numRuns: 500 });
  });
});
