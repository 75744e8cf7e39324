// The canary step machine: from the current step index, move past every step that is done
// (its weight reached, its pause over or promoted), stop at the first that is not.

import { formatTimestamp, parseTimestamp } from '../../api/timestamp.js';
import type { CanaryStep, PauseCondition } from '../../api/types.js';
import { parseDuration } from '../duration.js';

import type { PlanEvent } from './plan.js';
import type { Verdict } from './analysis-plan.js';

export interface StepInput {
  readonly steps: readonly CanaryStep[];
  readonly index: number;
  readonly pauseConditions: readonly PauseCondition[];
  /** `status.controllerPause`: we paused; with no pause condition left, a user promoted. */
  readonly controllerPause: boolean;
  /** `spec.paused`: a user paused the whole rollout. */
  readonly manuallyPaused: boolean;
  /** Whether a weight step's replica counts are reached (canary and stable at target, all available). */
  readonly weightReached: (index: number) => boolean;
  /** The verdict of the analysis step at `index` (its run created when needed). */
  readonly analysis?: (index: number) => Verdict;
  /** The verdict of the experiment step at `index`; `promoted`: a person promoted past its Inconclusive pause. */
  readonly experiment?: (index: number, promoted: boolean) => Verdict;
  readonly now: number;
}

export interface StepResult {
  readonly index: number;
  readonly pauseConditions: PauseCondition[];
  readonly controllerPause: boolean;
  readonly events: PlanEvent[];
  readonly notes: string[];
  readonly nextCheckAt?: number;
  /** The analysis step's run ended Failed or Error: the caller aborts. */
  readonly analysisFailed?: boolean;
  /** The analysis step's run was Inconclusive: the caller pauses. */
  readonly analysisInconclusive?: boolean;
}

/**
 * A step as Argo Rollouts prints it in events and its CLI (CanaryStepString): `setWeight: 20`,
 * `pause`, `pause: 30s`, `setCanaryScale{weight: 20}`, `analysis`, `experiment`,
 * `plugin: acme/step`, `setHeaderRoute: name`; `invalid` for a step of no known kind.
 */
export function describeStep(step: CanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight: ${step.setWeight}`;
  if (step.pause) return step.pause.duration !== undefined ? `pause: ${step.pause.duration}` : 'pause';
  if (step.experiment) return 'experiment';
  if (step.analysis) return 'analysis';
  const scale = step.setCanaryScale;
  if (scale) {
    if (scale.weight !== undefined) return `setCanaryScale{weight: ${scale.weight}}`;
    if (scale.matchTrafficWeight === true) return 'setCanaryScale{matchTrafficWeight: true}';
    if (scale.replicas !== undefined) return `setCanaryScale{replicas: ${scale.replicas}}`;
    return 'invalid';
  }
  if (step.setHeaderRoute) return `setHeaderRoute: ${step.setHeaderRoute.name ?? ''}`;
  if (step.setMirrorRoute) return `setMirrorRoute: ${step.setMirrorRoute.name ?? ''}`;
  if (step.plugin) return `plugin: ${step.plugin.name}`;
  return 'invalid';
}

/** Pause length in ms, or undefined for an indefinite pause (or one that does not parse). */
function pauseMs(step: CanaryStep): number | undefined {
  const d = step.pause?.duration;
  if (d === undefined) return undefined;
  const parsed = parseDuration(d);
  return parsed.ok ? parsed.ms : undefined;
}

/**
 * Walks the steps from `index`. A weight step is done when its counts are reached; a pause is
 * entered once (a CanaryPauseStep condition with its start time), ends when its duration has
 * passed, or when a user removed the condition (promote). A manual pause (`spec.paused`) holds
 * everything. Worked examples (steps [setWeight 20, pause, setWeight 40]):
 *   at 0, weight reached                   -> at 1, paused (condition added)
 *   at 1, condition removed by a promote   -> at 2
 *   at 1, condition still there            -> stays at 1
 */
export function advanceSteps(input: StepInput): StepResult {
  let index = input.index;
  let pauseConditions = [...input.pauseConditions];
  let controllerPause = input.controllerPause;
  const events: PlanEvent[] = [];
  const notes: string[] = [];
  let nextCheckAt: number | undefined;
  let analysisFailed = false;
  let analysisInconclusive = false;
  const total = input.steps.length;
  const completed = (i: number, step: CanaryStep): void => {
    events.push({ type: 'Normal', reason: 'RolloutStepCompleted', message: `Rollout step ${i + 1}/${total} completed (${describeStep(step)})` });
  };

  while (index < total) {
    const step = input.steps[index] as CanaryStep;
    if (input.manuallyPaused) {
      notes.push('manually paused (spec.paused): waiting for resume');
      break;
    }
    if (step.pause) {
      const condition = pauseConditions.find((c) => c.reason === 'CanaryPauseStep');
      if (!condition) {
        if (controllerPause) {
          // We paused here and the condition is gone: a user promoted past this pause. Argo records
          // no RolloutResumed then: the status it reads is already unpaused.
          controllerPause = false;
          completed(index, step);
          index++;
          continue;
        }
        pauseConditions = [...pauseConditions, { reason: 'CanaryPauseStep', startTime: formatTimestamp(input.now) }];
        controllerPause = true;
        events.push({ type: 'Normal', reason: 'RolloutPaused', message: 'Rollout is paused (CanaryPauseStep)' });
        const ms = pauseMs(step);
        if (ms !== undefined) nextCheckAt = input.now + ms;
        notes.push(ms === undefined ? `paused at step ${index + 1}/${total} until promoted` : `paused at step ${index + 1}/${total} for ${step.pause.duration}`);
        break;
      }
      const ms = pauseMs(step);
      const started = parseTimestamp(condition.startTime) ?? input.now;
      if (ms !== undefined && input.now >= started + ms) {
        pauseConditions = pauseConditions.filter((c) => c !== condition);
        controllerPause = pauseConditions.length > 0;
        // Argo records the step first, and RolloutResumed once the unpaused status is written.
        completed(index, step);
        events.push({ type: 'Normal', reason: 'RolloutResumed', message: 'Rollout is resumed' });
        index++;
        continue;
      }
      if (ms !== undefined) nextCheckAt = started + ms;
      notes.push(ms === undefined ? `paused at step ${index + 1}/${total} until promoted` : `paused at step ${index + 1}/${total} until ${formatTimestamp(started + ms)}`);
      break;
    }
    if (step.setWeight !== undefined || step.setCanaryScale !== undefined) {
      if (!input.weightReached(index)) {
        notes.push(`step ${index + 1}/${total} (${describeStep(step)}): waiting for the ReplicaSets to reach their counts`);
        break;
      }
      completed(index, step);
      index++;
      continue;
    }
    // The router writes the route in this plan's traffic action (managed-routes.ts): nothing to wait for, as in Argo.
    if (step.setHeaderRoute !== undefined || step.setMirrorRoute !== undefined) {
      completed(index, step);
      index++;
      continue;
    }
    if (step.analysis && input.analysis) {
      // A run started again after a promote answered an Inconclusive one: no longer paused.
      if (pauseConditions.length === 0) controllerPause = false;
      const verdict = input.analysis(index);
      if (verdict === 'done') {
        completed(index, step);
        index++;
        continue;
      }
      analysisFailed = verdict === 'failed';
      analysisInconclusive = verdict === 'inconclusive';
      break;
    }
    if (step.experiment && input.experiment) {
      // Paused by us with the InconclusiveExperiment condition gone: a person promoted.
      const promoted = controllerPause && !pauseConditions.some((c) => c.reason === 'InconclusiveExperiment');
      const verdict = input.experiment(index, promoted);
      if (verdict === 'done') {
        if (pauseConditions.length === 0) controllerPause = false;
        completed(index, step);
        index++;
        continue;
      }
      analysisFailed = verdict === 'failed';
      analysisInconclusive = verdict === 'inconclusive';
      break;
    }
    notes.push(`step ${index + 1}/${total} (${describeStep(step)}) is not supported by this version of Kanary: holding here`);
    break;
  }
  return { index, pauseConditions, controllerPause, events, notes, nextCheckAt, analysisFailed, analysisInconclusive };
}
