// The canary planner: from a snapshot and the time, what should change. Pure: no I/O, no clock,
// no randomness. `planRollout` calls it once the spec is known to be valid and supported.

import { formatTimestamp } from '../../api/timestamp.js';
import type { CanaryStep, RolloutSpec, RolloutStatus } from '../../api/types.js';
import { canaryReplicas } from './canary-replicas.js';
import { weightedCanaryStableSplit } from './canary-rounding.js';
import { canaryTarget } from './canary-target.js';

import { canaryFenceposts } from './int-or-percent.js';
import { orderActions, type Plan } from './plan.js';
import { podTemplateHash } from './pod-template-hash.js';
import { classifyReplicaSets, replicaSetName, userTemplate, type ClassifiedReplicaSets } from './replica-sets.js';
import { restartActions } from './restart.js';
import { deleteOldReplicaSets } from './revision-history.js';
import { setServiceSelectors } from './service-selectors.js';
import { rolloutStatusAfter } from './rollout-status.js';
import type { ObservedReplicaSet, RolloutSnapshot } from './snapshot.js';
import { stepsHash } from './step-hash.js';
import { advanceSteps } from './steps.js';
import { completedEvent, notCompletedEvents, recordLate, replicaSetCreatedEvents } from './rollout-events.js';
import { backgroundAnalysis, pauseForInconclusive, stepAnalysis, stopAndPruneRuns, type AnalysisContext } from './analysis-plan.js';
import { soonest, type Draft } from './draft.js';
import { stepExperiment, stopExperiments, type ExperimentStepContext } from './experiment-step.js';
import {
  isTrafficRouted, planAbortScaleDown, planOlderScaleDown, planTrafficWeights, trafficInput, trafficRoutingFor, trafficStepReached,
} from './traffic-routed-plan.js';

/**
 * Plans one reconcile of a canary Rollout (without traffic routing): which ReplicaSets to
 * create, scale or delete, which Service selectors to set, the next status, events, and when to
 * look again. Planning again from the state the plan produces changes nothing. The snapshot's
 * spec has no problem (`specProblems`) and its status is well-formed (`sanitizeStatus`).
 */
export function planCanary(snap: RolloutSnapshot): Plan {
  const { rollout, now } = snap;
  const name = rollout.metadata?.name ?? '';
  const previous: RolloutStatus = rollout.status ?? {};

  const spec = rollout.spec;
  const canary = spec.strategy.canary ?? {};
  const steps: readonly CanaryStep[] = canary.steps ?? [];
  const replicas = spec.replicas ?? 1;
  const computedHash = podTemplateHash(spec.template, previous.collisionCount);
  const sets = classifyReplicaSets(snap.replicaSets, spec.template, previous.stableRS, computedHash);
  const podHash = sets.desired?.podHash || computedHash;

  // Another ReplicaSet already has our name but runs a different template: bump collisionCount.
  if (!sets.desired && snap.replicaSets.some((rs) => rs.name === replicaSetName(name, podHash))) {
    return {
      actions: [], events: [], nextCheckAt: now,
      status: { ...previous, collisionCount: (previous.collisionCount ?? 0) + 1 },
      notes: [`ReplicaSet ${replicaSetName(name, podHash)} exists with another template: trying the next hash`],
    };
  }

  const d: Draft = { status: { ...previous }, actions: [], events: [], notes: [] };
  const revision = sets.desired && !(previous.currentPodHash !== podHash && sets.desired.revision < sets.maxRevision)
    ? sets.desired.revision
    : sets.maxRevision + 1;
  resetForNewTemplateOrSteps(d, previous, podHash, stepsHash(canary.steps), steps.length, revision);
  clampStepIndex(d, steps.length);
  chooseStable(d, sets, podHash, spec.rollbackWindow?.revisions, revision);
  // Running the stable template (a first revision, an undo to stable, a fast-tracked rollback): no steps to take.
  if (d.status.stableRS === podHash && steps.length > 0) d.status.currentStepIndex = steps.length;
  handleAbortAndRetry(d, previous, podHash, now, revision);
  // A new ReplicaSet's events go here: after the update starts, before any step it lets complete.
  const creationEventsAt = d.events.length;

  const fenceposts = canaryFenceposts(canary.maxSurge, canary.maxUnavailable, replicas);
  const { maxSurge, maxUnavailable } = fenceposts.ok ? fenceposts : { maxSurge: 0, maxUnavailable: 0 };

  const actx: AnalysisContext = { rollout, podHash, revision, runs: snap.analysisRuns ?? [], templates: snap.templates ?? {}, now };
  const ectx: ExperimentStepContext = { rollout, podHash, revision, experiments: snap.experiments ?? [], stableTemplate: sets.stable ? userTemplate(sets.stable) : undefined };
  if (d.status.stableRS !== podHash && d.status.abort !== true) {
    const threshold = canary.replicaProgressThreshold;
    const routedReached = isTrafficRouted(canary)
      ? trafficStepReached(trafficInput(spec, d.status, sets, podHash), sets.stable, (target) => canaryPodsNeeded(target, threshold))
      : undefined;
    // Traffic-routed, the last steps send all traffic to the canary before it becomes stable (as Argo does).
    const allTrafficOnCanary = !routedReached || d.status.promoteFull === true
      || previous.canary?.weights?.canary.weight === (canary.trafficRouting?.maxTrafficWeight ?? 100);
    const verdict = runSteps(d, steps, sets, { replicas, maxSurge, podHash, paused: spec.paused === true, now, revision, name, routedReached, allTrafficOnCanary }, actx, ectx);
    const background = d.status.stableRS !== podHash ? backgroundAnalysis(d, actx) : 'done';
    if (verdict === 'failed' || background === 'failed') abortForAnalysis(d, now, revision);
    else if (verdict === 'inconclusive' || background === 'inconclusive') pauseForInconclusive(d, now);
  }
  const fullyPromoted = d.status.stableRS === podHash;
  const aborted = d.status.abort === true && !fullyPromoted;
  if (aborted && d.abortMessage === undefined) d.abortMessage = recordedFailure(d, actx) ?? failedExperiment(ectx);
  stopAndPruneRuns(d, actx, fullyPromoted || aborted);
  stopExperiments(d, ectx, fullyPromoted || aborted);

  const routed = isTrafficRouted(canary);
  const target = fullyPromoted ? { weight: 100 } : canaryTarget({
    steps, currentStepIndex: d.status.currentStepIndex, promoteFull: d.status.promoteFull, aborted,
    stableRS: d.status.stableRS, currentPodHash: podHash, trafficRouted: routed,
    abortScaleDownDelaySeconds: canary.abortScaleDownDelaySeconds, maxWeight: canary.trafficRouting?.maxTrafficWeight,
  });
  const weight = target.weight;
  const older = fullyPromoted ? [...(sets.stable ? [sets.stable] : []), ...sets.older] : sets.older;
  const stable = fullyPromoted ? undefined : sets.stable;
  const tInput = routed ? trafficInput(spec, d.status, sets, podHash) : undefined;
  const weights = tInput ? planTrafficWeights(d, spec, tInput, sets.stable, ectx.experiments) : undefined;
  const computed = canaryReplicas({
    replicas, weight, maxSurge: canary.maxSurge, maxUnavailable: canary.maxUnavailable,
    canary: sets.desired ?? { replicas: 0, available: 0 }, stable, older,
    ...(tInput && weights ? { canaryScaleReplicas: target.replicas, trafficRouting: trafficRoutingFor(spec, tInput, weights) } : {}),
  });
  const counts = tInput && weights ? {
    ...computed, older: planOlderScaleDown(d, spec, tInput, older, weights, now),
    canary: planAbortScaleDown(d, spec, tInput, sets.desired, stable, computed.canary, now),
  } : computed;

  const rsName = sets.desired?.name ?? replicaSetName(name, podHash);
  if (!sets.desired) {
    d.actions.push({ kind: 'createReplicaSet', name: rsName, podHash, template: spec.template, replicas: counts.canary, revision,
      minReadySeconds: spec.minReadySeconds, reason: `the template of revision ${revision} has no ReplicaSet yet` });
    d.events.splice(creationEventsAt, 0, ...replicaSetCreatedEvents(rsName, revision, counts.canary));
  } else {
    if (sets.desired.revision !== revision) {
      d.actions.push({ kind: 'setRevision', name: rsName, revision, reason: `revision ${sets.desired.revision} is deployed again as revision ${revision}` });
    }
    scale(d, sets.desired, counts.canary, revision, fullyPromoted ? 'the stable ReplicaSet goes to full size' : `canary weight ${weight}`);
  }
  if (stable) scale(d, stable, counts.stable, stable.revision, aborted ? 'the update was aborted: stable back to full size' : `stable share of canary weight ${weight}`);
  older.forEach((rs, i) => scale(d, rs, counts.older[i] ?? rs.replicas, rs.revision, 'an older revision scales down'));

  const sizeAfter = new Map([...older.map((rs, i) => [rs.podHash, counts.older[i] ?? rs.replicas] as const),
    ...(stable ? [[stable.podHash, counts.stable] as const] : []), [podHash, counts.canary] as const]);
  setServiceSelectors(d, snap, sets, podHash, aborted, (hash) => sizeAfter.get(hash) ?? 0);
  deleteOldReplicaSets(d, older, counts.older, spec.revisionHistoryLimit ?? 10);
  const restart = restartActions(snap, sets, podHash, maxUnavailable);
  d.actions.push(...restart.actions);
  d.notes.push(...restart.notes);
  d.nextCheckAt = soonest(d.nextCheckAt, restart.nextCheckAt);
  if (restart.restartedAt !== undefined) {
    d.status.restartedAt = restart.restartedAt;
    d.events.push({ type: 'Normal', reason: 'RolloutRestarted', message: `Rollout restarted pods created before ${restart.restartedAt}` });
  }

  const after = rolloutStatusAfter({
    rollout, previous, draft: d.status, sets, podHash, revision, rsName, replicas, maxUnavailable,
    createdReplicaSet: !sets.desired, now, abortMessage: d.abortMessage,
  });
  const events = [...notCompletedEvents(previous, after.status, revision, podHash), ...d.events, ...(d.lateEvents ?? []), ...after.events];
  return {
    actions: orderActions(d.actions), events, notes: d.notes, status: after.status, ...(d.warnings ? { warnings: d.warnings } : {}),
    nextCheckAt: soonest(d.nextCheckAt, after.nextCheckAt),
  };
}

/**
 * A step index someone wrote outside the steps: below 0 starts from the first step; past the
 * end means every step is done, as Argo Rollouts reads it.
 */
function clampStepIndex(d: Draft, stepCount: number): void {
  const index = d.status.currentStepIndex;
  if (index === undefined || (index >= 0 && index <= stepCount)) return;
  const clamped = index < 0 ? 0 : stepCount;
  d.warnings = [...(d.warnings ?? []), `status.currentStepIndex ${index} is outside the ${stepCount} steps: taken as ${clamped}`];
  d.status.currentStepIndex = clamped;
}

/** A new template restarts the steps and clears pause, abort and promote-full; a new steps list restarts the steps. */
function resetForNewTemplateOrSteps(d: Draft, previous: RolloutStatus, podHash: string, stepHash: string, stepCount: number, revision: number): void {
  const s = d.status;
  if (previous.currentPodHash !== podHash) {
    d.events.push({ type: 'Normal', reason: 'RolloutUpdated', message: `Rollout updated to revision ${revision}` });
    s.currentStepIndex = 0;
    delete s.pauseConditions;
    delete s.controllerPause;
    delete s.abort;
    delete s.abortedAt;
    delete s.promoteFull;
    if (s.canary) {
      const { currentStepAnalysisRunStatus: _step, currentBackgroundAnalysisRunStatus: _background, ...rest } = s.canary;
      s.canary = rest;
    }
  } else if (previous.currentStepHash !== undefined && previous.currentStepHash !== stepHash) {
    s.currentStepIndex = 0;
    delete s.pauseConditions;
    delete s.controllerPause;
    d.notes.push('the steps changed: starting again from step 1');
  }
  if (s.currentStepIndex === undefined && stepCount > 0) s.currentStepIndex = 0;
  s.currentPodHash = podHash;
  s.currentStepHash = stepHash;
}

/**
 * The stable ReplicaSet. A Rollout with none (its first revision, or the stable one deleted by
 * hand) takes the desired template as stable at once: there is nothing to protect. Going back
 * to a revision inside `rollbackWindow.revisions` is fast-tracked the same way.
 */
function chooseStable(d: Draft, sets: ClassifiedReplicaSets, podHash: string, rollbackWindow: number | undefined, revision: number): void {
  const s = d.status;
  const stableAlive = s.stableRS !== undefined && s.stableRS !== '' && (sets.stable !== undefined || sets.desired?.podHash === s.stableRS);
  if (!stableAlive) {
    if (s.stableRS !== podHash) recordLate(d, completedEvent(revision, podHash, 'Initial deploy'));
    s.stableRS = podHash;
    d.notes.push('no stable ReplicaSet: the desired template becomes stable without steps');
    return;
  }
  const desired = sets.desired;
  if (rollbackWindow !== undefined && desired && desired.podHash !== s.stableRS && desired.revision > 0) {
    const newer = [sets.stable, ...sets.older].filter((rs) => rs && rs.revision > desired.revision).length;
    if (newer > 0 && newer <= rollbackWindow) {
      recordLate(d, completedEvent(revision, podHash, 'Rollback within window'));
      s.stableRS = podHash;
      d.notes.push(`rolling back within rollbackWindow (${rollbackWindow} revisions): no steps`);
    }
  }
}

function handleAbortAndRetry(d: Draft, previous: RolloutStatus, podHash: string, now: number, revision: number): void {
  const s = d.status;
  if (s.abort === true && s.stableRS !== podHash) {
    if (!s.abortedAt) {
      s.abortedAt = formatTimestamp(now);
      recordLate(d, { type: 'Warning', reason: 'RolloutAborted', message: `Rollout aborted update to revision ${revision}` });
    }
    delete s.pauseConditions;
    delete s.controllerPause;
    d.notes.push('aborted: the stable ReplicaSet goes back to full size and the canary scales down');
    return;
  }
  if (previous.abortedAt && s.abort !== true && previous.currentPodHash === podHash) {
    // Argo records no event for a retry; the Progressing condition says RolloutRetry.
    delete s.abortedAt;
  }
}

interface StepContext {
  /** With traffic routing: whether the counts the step at an index asks for are reached. */
  routedReached?: (index: number) => boolean;
  /** False while a traffic-routed canary does not yet get all the traffic: not promoted yet. */
  allTrafficOnCanary?: boolean;
  replicas: number;
  maxSurge: number;
  podHash: string;
  paused: boolean;
  now: number;
  revision: number;
  name: string;
}

type ProgressThreshold = NonNullable<NonNullable<RolloutSpec['strategy']['canary']>['replicaProgressThreshold']>;

/**
 * The available canary pods a step needs before it moves on: all of them, or fewer with
 * `replicaProgressThreshold` (never more than the target).
 *   target 4, none -> 4      target 4, {Percent 50} -> 2      target 4, {Pod 1} -> 1
 */
export function canaryPodsNeeded(target: number, threshold: ProgressThreshold | undefined): number {
  if (!threshold) return target;
  const need = threshold.type === 'Pod' ? threshold.value : Math.ceil((target * threshold.value) / 100);
  return Math.max(0, Math.min(target, need));
}

/** Whether every ReplicaSet has the counts the weight at `index` asks for, with enough of them available. */
function weightReached(sets: ClassifiedReplicaSets, target: { canary: number; stable: number }, threshold: ProgressThreshold | undefined): boolean {
  const atTarget = (rs: ObservedReplicaSet | undefined, want: number, need: number): boolean =>
    rs === undefined ? want === 0 : rs.replicas === want && rs.available >= need;
  return atTarget(sets.desired, target.canary, canaryPodsNeeded(target.canary, threshold))
    && atTarget(sets.stable, target.stable, target.stable) && sets.older.every((rs) => rs.replicas === 0);
}

/** Advances the step machine and promotes the canary to stable once every step is done. */
function runSteps(d: Draft, steps: readonly CanaryStep[], sets: ClassifiedReplicaSets, ctx: StepContext, actx: AnalysisContext, ectx: ExperimentStepContext): 'ok' | 'failed' | 'inconclusive' {
  const s = d.status;
  const targetAt = (index: number, promoteFull = false) => {
    const { weight } = canaryTarget({ steps, currentStepIndex: index, promoteFull, stableRS: s.stableRS, currentPodHash: ctx.podHash });
    return weightedCanaryStableSplit(ctx.replicas, weight, ctx.maxSurge);
  };
  if (s.promoteFull !== true) {
    const result = advanceSteps({
      steps, index: s.currentStepIndex ?? 0, pauseConditions: s.pauseConditions ?? [], controllerPause: s.controllerPause === true,
      manuallyPaused: ctx.paused, now: ctx.now,
      weightReached: ctx.routedReached ?? ((i) => weightReached(sets, targetAt(i), actx.rollout.spec.strategy.canary?.replicaProgressThreshold)),
      analysis: (i) => stepAnalysis(d, actx, i),
      experiment: (i, promoted) => stepExperiment(d, ectx, i, promoted),
    });
    s.currentStepIndex = steps.length > 0 ? result.index : undefined;
    if (result.pauseConditions.length > 0) s.pauseConditions = result.pauseConditions;
    else delete s.pauseConditions;
    if (result.controllerPause) s.controllerPause = true;
    else delete s.controllerPause;
    d.events.push(...result.events);
    d.notes.push(...result.notes);
    d.nextCheckAt = soonest(d.nextCheckAt, result.nextCheckAt);
    if (result.analysisFailed) return 'failed';
    if (result.analysisInconclusive) return 'inconclusive';
    if (result.index < steps.length) return 'ok';
  }
  // Every step done (or promote --full): promote once the new ReplicaSet is fully available.
  const desired = sets.desired;
  if (desired && desired.replicas >= ctx.replicas && desired.available >= ctx.replicas && !ctx.paused && ctx.allTrafficOnCanary !== false) {
    const why = s.promoteFull === true ? 'Full promotion requested' : `Completed all ${steps.length} canary steps`;
    s.stableRS = ctx.podHash;
    if (steps.length > 0) s.currentStepIndex = steps.length;
    delete s.promoteFull;
    delete s.pauseConditions;
    delete s.controllerPause;
    d.events.push(completedEvent(ctx.revision, ctx.podHash, why));
  } else {
    d.notes.push(`all steps done: waiting for ${ctx.replicas} available pods of ${desired?.name ?? replicaSetName(ctx.name, ctx.podHash)} (${desired?.available ?? 0} now)`);
  }
  return 'ok';
}

/** An analysis verdict of Failed or Error aborts the update, naming why. */
function abortForAnalysis(d: Draft, now: number, revision: number): void {
  const s = d.status;
  s.abort = true;
  s.abortedAt = formatTimestamp(now);
  delete s.pauseConditions;
  delete s.controllerPause;
  recordLate(d, { type: 'Warning', reason: 'RolloutAborted', message: `Rollout aborted update to revision ${revision}: ${d.abortMessage ?? 'analysis failed'}` });
  d.notes.push(`analysis failed: aborting (${d.abortMessage ?? ''})`);
}

/** After an abort, the message of the recorded run that failed, so the condition keeps naming it. */
function recordedFailure(d: Draft, actx: AnalysisContext): string | undefined {
  const names = [d.status.canary?.currentStepAnalysisRunStatus?.name, d.status.canary?.currentBackgroundAnalysisRunStatus?.name];
  const failed = actx.runs.find((r) => names.includes(r.name) && (r.phase === 'Failed' || r.phase === 'Error'));
  return failed ? failed.message ?? `AnalysisRun ${failed.name} ended ${failed.phase}` : undefined;
}

/** After an abort, the message of this revision's experiment that failed. */
function failedExperiment(ctx: ExperimentStepContext): string | undefined {
  const prefix = `${ctx.rollout.metadata?.name ?? ''}-${ctx.podHash}-${ctx.revision}-`;
  const failed = ctx.experiments.filter((e) => e.name.startsWith(prefix) && (e.phase === 'Failed' || e.phase === 'Error')).at(-1);
  return failed ? `Experiment '${failed.name}' ${failed.phase}${failed.message ? `: ${failed.message}` : ''}` : undefined;
}

function scale(d: Draft, rs: ObservedReplicaSet, to: number, revision: number, why: string): void {
  if (rs.replicas === to) return;
  const direction = to > rs.replicas ? 'up' : 'down';
  d.actions.push({ kind: 'scaleReplicaSet', name: rs.name, from: rs.replicas, to, reason: why });
  d.events.push({ type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled ${direction} ReplicaSet ${rs.name} (revision ${revision}) from ${rs.replicas} to ${to}` });
}

