// The blue-green planner: the slot `planRollout` dispatches `spec.strategy.blueGreen` to. Pure:
// no I/O, no clock, no randomness. Each stage is a small function that takes values and returns
// values; this file only joins them in Argo Rollouts' order: the gate before the switch (pause,
// pre-promotion analysis), the switch, post-promotion analysis, then the sizes and selectors.

import { POD_TEMPLATE_HASH_LABEL } from '../../../api/labels.js';
import type { BlueGreenStrategy, RolloutStatus } from '../../../api/types.js';
import { parseTimestamp } from '../../../api/timestamp.js';
import { scaledValue } from '../int-or-percent.js';
import { orderActions, type Plan, type PlanAction, type PlanEvent } from '../plan.js';
import { podTemplateHash } from '../pod-template-hash.js';
import { classifyReplicaSets, replicaSetName } from '../replica-sets.js';
import { restartActions } from '../restart.js';
import { replicaSetsBeyondHistory } from '../revision-history.js';
import { rolloutStatusAfter } from '../rollout-status.js';
import type { ObservedReplicaSet, ObservedService, RolloutSnapshot } from '../snapshot.js';
import { abortedNewReplicas, newReplicaSetReplicas } from './new-replicas.js';
import { olderReplicaSets } from './older-replica-sets.js';
import { promotionGate } from './promotion-gate.js';
import { postPromotion } from './post-promotion.js';
import { runUpkeep } from './run-upkeep.js';
import { switchService } from './service-switch.js';
import { blueGreenStart } from './start.js';

/** Argo's default `maxUnavailable`, which only the Available condition and restarts read here. */
const DEFAULT_MAX_UNAVAILABLE = '25%';

function selected(service: ObservedService | null | undefined): string | undefined {
  return service?.selector[POD_TEMPLATE_HASH_LABEL];
}

/** Accumulates what the stages return; each stage itself only returns values. */
class Collected {
  readonly actions: PlanAction[] = [];
  readonly events: PlanEvent[] = [];
  readonly notes: string[] = [];
  nextCheckAt: number | undefined;
  add(part: { actions?: readonly PlanAction[]; events?: readonly PlanEvent[]; notes?: readonly string[]; nextCheckAt?: number }): void {
    this.actions.push(...(part.actions ?? []));
    this.events.push(...(part.events ?? []));
    this.notes.push(...(part.notes ?? []));
    if (part.nextCheckAt !== undefined) this.nextCheckAt = Math.min(this.nextCheckAt ?? part.nextCheckAt, part.nextCheckAt);
  }
}

/**
 * Plans one reconcile of a blue-green Rollout whose spec is valid and supported. Planning again
 * from the state the plan produces changes nothing. The safety rules: a Service only switches to
 * a fully available ReplicaSet; a version that served production is scaled down only after the
 * switch and its delay; an abort switches back before anything scales down.
 */
export function planBlueGreen(snap: RolloutSnapshot): Plan {
  const { rollout, now } = snap;
  const name = rollout.metadata?.name ?? '';
  const previous: RolloutStatus = rollout.status ?? {};
  const spec = rollout.spec;
  const bg: BlueGreenStrategy = spec.strategy.blueGreen ?? { activeService: '' };
  const replicas = spec.replicas ?? 1;
  const computedHash = podTemplateHash(spec.template, previous.collisionCount);
  const sets = classifyReplicaSets(snap.replicaSets, spec.template, previous.stableRS, computedHash);
  const podHash = sets.desired?.podHash || computedHash;
  const rsName = sets.desired?.name ?? replicaSetName(name, podHash);
  if (!sets.desired && snap.replicaSets.some((rs) => rs.name === rsName)) {
    return {
      actions: [], events: [], nextCheckAt: now, status: { ...previous, collisionCount: (previous.collisionCount ?? 0) + 1 },
      notes: [`ReplicaSet ${rsName} exists with another template: trying the next hash`],
    };
  }
  const newRS = sets.desired;
  const live = [newRS, sets.stable, ...sets.older].filter((rs): rs is ObservedReplicaSet => rs !== undefined);
  const revision = newRS && !(previous.currentPodHash !== podHash && newRS.revision < sets.maxRevision) ? newRS.revision : sets.maxRevision + 1;
  const observedActive = selected(snap.services[bg.activeService]);
  const observedPreview = bg.previewService ? selected(snap.services[bg.previewService]) : undefined;
  const out = new Collected();

  const stableAlive = !!previous.stableRS && live.some((rs) => rs.podHash === previous.stableRS);
  const start = blueGreenStart({ previous, podHash, revision, stableAlive, now });
  out.add(start);
  let s: RolloutStatus = start.status;
  const settled = s.stableRS === podHash;
  const switched = observedActive === podHash && s.abort !== true;
  // An undo to a version still kept for a switch back: no pause, no analysis, no new pods.
  const fastTrack = !settled && newRS?.scaleDownDeadline !== undefined && newRS.replicas >= replicas && newRS.available >= replicas;

  const gate = promotionGate({ snap, bg, status: s, podHash, revision, newRS, replicas, past: settled || switched, skip: s.promoteFull === true || fastTrack });
  out.add(gate);
  s = gate.status;

  const activeWant = (status: RolloutStatus): string | undefined => {
    if (status.abort === true) return status.stableRS;
    if (settled || switched) return podHash;
    if (gate.open && newRS && newRS.replicas >= replicas && newRS.available >= replicas) return podHash;
    return live.some((rs) => rs.podHash === observedActive) ? observedActive : status.stableRS;
  };
  const switchActive = (status: RolloutStatus) => switchService({
    service: bg.activeService, observed: observedActive, want: activeWant(status), need: () => replicas, sets: live,
    why: status.abort === true ? 'aborted: production goes back to the stable version' : 'the active Service follows the promoted version',
  });
  let active = switchActive(s);
  let abortMessage = gate.abortMessage;
  if (s.abort !== true && !settled && active.selects === podHash) {
    const post = postPromotion({ snap, bg, status: s, podHash, revision, switched, skip: s.promoteFull === true || fastTrack });
    out.add(post);
    s = post.status;
    abortMessage ??= post.abortMessage;
    if (s.abort === true) active = switchActive(s);
  }
  out.add(active);
  const aborted = s.abort === true && s.stableRS !== podHash;

  const newSize = aborted
    ? abortedNewReplicas({ current: newRS?.replicas ?? 0, abortedAt: parseTimestamp(s.abortedAt) ?? now, delaySeconds: bg.abortScaleDownDelaySeconds, now })
    : { replicas: newReplicaSetReplicas({ replicas, previewReplicaCount: bg.previewReplicaCount, promoting: settled || switched || gate.open }) };
  out.add(newSize);
  if (!newRS) {
    out.add({
      actions: [{ kind: 'createReplicaSet', name: rsName, podHash, template: spec.template, replicas: newSize.replicas, revision,
        minReadySeconds: spec.minReadySeconds, reason: `the template of revision ${revision} has no ReplicaSet yet` }],
      events: [{ type: 'Normal', reason: 'NewReplicaSetCreated', message: `Created ReplicaSet ${rsName} (revision ${revision}) with size ${newSize.replicas}` }],
    });
  } else {
    if (newRS.revision !== revision) out.add({ actions: [{ kind: 'setRevision', name: rsName, revision, reason: `revision ${newRS.revision} is deployed again as revision ${revision}` }] });
    out.add(scale(newRS, newSize.replicas, revision, aborted ? 'aborted: the preview scales down after abortScaleDownDelaySeconds' : 'the new version'));
    if (newRS.scaleDownDeadline !== undefined && active.selects === podHash) {
      out.add({ actions: [{ kind: 'setScaleDownDeadline', name: newRS.name, deadline: null, reason: 'it serves production again' }] });
    }
  }

  const older = [sets.stable, ...sets.older].filter((rs): rs is ObservedReplicaSet => rs !== undefined).sort((a, b) => b.revision - a.revision);
  const olderPlan = olderReplicaSets({
    older, replicas, now, scaleDownDelaySeconds: bg.scaleDownDelaySeconds, scaleDownDelayRevisionLimit: bg.scaleDownDelayRevisionLimit,
    keepFull: new Set([active.selects, s.stableRS].filter((h): h is string => h !== undefined && h !== podHash)),
    switchedAway: active.selects !== observedActive ? observedActive : undefined,
    servedBefore: new Set([previous.blueGreen?.activeSelector, previous.stableRS].filter((h): h is string => !!h && h !== podHash)),
  });
  out.add(olderPlan);
  for (const d of olderPlan.decisions) {
    out.add(scale(d.rs, d.replicas, d.rs.revision, d.why));
    if (d.deadline !== undefined) out.add({ actions: [{ kind: 'setScaleDownDeadline', name: d.rs.name, deadline: d.deadline, reason: d.why }] });
  }

  // The preview follows the new version; when that cannot be yet and its pods are going away, production's.
  const plannedSize = (hash: string | undefined) => hash === podHash ? newSize.replicas
    : olderPlan.decisions.find((d) => d.rs.podHash === hash)?.replicas ?? live.find((rs) => rs.podHash === hash)?.replicas ?? 0;
  let preview = switchService({ service: bg.previewService ?? '', observed: observedPreview, want: undefined, need: () => 0, sets: live, why: '' });
  if (bg.previewService) {
    const previewSwitch = (want: string | undefined, why: string) => switchService({
      service: bg.previewService ?? '', observed: observedPreview, want, need: (rs) => rs.podHash === podHash ? newSize.replicas : plannedSize(rs.podHash), sets: live, why,
    });
    preview = previewSwitch(newSize.replicas > 0 ? podHash : active.selects, 'the preview Service follows the newest version');
    if (preview.selects !== podHash && plannedSize(preview.selects) === 0) preview = previewSwitch(active.selects, 'the preview Service falls back to production while the new version is not ready');
    out.add(preview);
  }

  const planned = olderPlan.decisions.map((d) => d.replicas);
  const idle = older.filter((rs) => !olderPlan.decisions.some((d) => d.rs === rs));
  const historyLimit = spec.revisionHistoryLimit ?? 10;
  for (const rs of replicaSetsBeyondHistory([...olderPlan.decisions.map((d) => d.rs), ...idle], [...planned, ...idle.map(() => 0)], historyLimit)) {
    out.add({ actions: [{ kind: 'deleteReplicaSet', name: rs.name, reason: `beyond revisionHistoryLimit (${historyLimit})` }] });
  }

  const unavailable = scaledValue(bg.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE, replicas, false);
  const maxUnavailable = unavailable.ok ? unavailable.value : 0;
  const restart = restartActions(snap, sets, podHash, maxUnavailable);
  out.add(restart);
  if (restart.restartedAt !== undefined) {
    s = { ...s, restartedAt: restart.restartedAt };
    out.add({ events: [{ type: 'Normal', reason: 'RolloutRestarted', message: `Rollout restarted pods created before ${restart.restartedAt}` }] });
  }

  const recorded = [s.blueGreen?.prePromotionAnalysisRunStatus?.name, s.blueGreen?.postPromotionAnalysisRunStatus?.name].filter((n): n is string => !!n);
  out.add({ actions: runUpkeep({
    runs: snap.analysisRuns ?? [], recorded: new Set(recorded), podHash, settled: s.stableRS === podHash || aborted,
    successfulLimit: spec.analysis?.successfulRunHistoryLimit, unsuccessfulLimit: spec.analysis?.unsuccessfulRunHistoryLimit,
  }) });

  const checkpoint = bg.previewReplicaCount !== undefined && !aborted && !settled && active.selects !== podHash
    && (s.blueGreen?.scaleUpPreviewCheckPoint === true || gate.open);
  const { scaleUpPreviewCheckPoint: _checkpoint, activeSelector: _active, previewSelector: _preview, ...analysisStatus } = s.blueGreen ?? {};
  s = {
    ...s,
    blueGreen: {
      ...(active.selects ? { activeSelector: active.selects } : {}), ...(preview.selects ? { previewSelector: preview.selects } : {}),
      ...(checkpoint ? { scaleUpPreviewCheckPoint: true } : {}), ...analysisStatus,
    },
  };
  const after = rolloutStatusAfter({
    rollout, previous, draft: s, sets, podHash, revision, rsName, replicas, maxUnavailable, createdReplicaSet: !newRS, now,
    abortMessage: aborted ? abortMessage ?? recordedFailure(s, snap) : undefined,
    serving: live.find((rs) => rs.podHash === active.selects),
  });
  out.add(after);
  return { actions: orderActions(out.actions), events: out.events, notes: out.notes, status: after.status, nextCheckAt: out.nextCheckAt };
}

/** After an abort, the message of the recorded run that failed, so the condition keeps naming it. */
function recordedFailure(s: RolloutStatus, snap: RolloutSnapshot): string | undefined {
  const names = [s.blueGreen?.prePromotionAnalysisRunStatus?.name, s.blueGreen?.postPromotionAnalysisRunStatus?.name];
  const failed = (snap.analysisRuns ?? []).find((r) => names.includes(r.name) && (r.phase === 'Failed' || r.phase === 'Error'));
  return failed ? failed.message ?? `AnalysisRun ${failed.name} ended ${failed.phase}` : undefined;
}

function scale(rs: ObservedReplicaSet, to: number, revision: number, why: string): { actions: PlanAction[]; events: PlanEvent[] } {
  if (rs.replicas === to) return { actions: [], events: [] };
  return {
    actions: [{ kind: 'scaleReplicaSet', name: rs.name, from: rs.replicas, to, reason: why }],
    events: [{ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${to > rs.replicas ? 'up' : 'down'} ReplicaSet ${rs.name} (revision ${revision}) from ${rs.replicas} to ${to}` }],
  };
}

