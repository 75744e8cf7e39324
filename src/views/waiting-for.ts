// "Waiting for ...": what a Rollout needs next to move on, in words, for the CLI and the dashboard.

import { parseTimestamp } from '../api/timestamp.js';
import type { AnalysisRun, Rollout } from '../api/types.js';
import { parseDuration } from '../engine/duration.js';
import { humanDuration } from './age.js';
import { POD_HASH_LABEL, type ReplicaSetLike } from './objects.js';
import { displayPhase } from './rollout-summary.js';

function pauseStepReason(rollout: Rollout, startTime: string, now: number): string {
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  const index = rollout.status?.currentStepIndex ?? 0;
  const where = `step ${index + 1} of ${steps.length}`;
  const duration = steps[index]?.pause?.duration;
  const parsed = duration === undefined ? undefined : parseDuration(duration);
  if (!parsed?.ok) return `a promote (the pause at ${where} has no duration)`;
  const left = (parseTimestamp(startTime) ?? now) + parsed.ms - now;
  return left > 0 ? `the pause at ${where} to end in ${humanDuration(left + 999)}, or a promote` : `the pause at ${where} to end`;
}

/**
 * First match wins:
 *   spec not yet observed       -> "the controller to observe the latest spec"
 *   InvalidSpec                 -> "a corrected spec (see the message)"
 *   aborted / deadline exceeded -> "a retry or a new version (...)"
 *   spec.paused                 -> "a resume (paused by a user)"
 *   a pause step                -> "a promote (...)" or "the pause at step 2 of 6 to end in 12s, or a promote"
 *   Healthy                     -> undefined
 *   analysis running            -> 'analysis "x" to complete'
 *   canary not available        -> "2/3 canary pods to become available"
 *   old pods left               -> "2 old pods to be scaled down"
 */
export function waitingFor(rollout: Rollout, replicaSets: readonly ReplicaSetLike[], analysisRuns: readonly AnalysisRun[], now: number): string | undefined {
  const { phase, message } = displayPhase(rollout);
  const s = rollout.status ?? {};
  if (message === 'waiting for rollout spec update to be observed') return 'the controller to observe the latest spec';
  if (message === 'waiting for the controller to act on the retry') return 'the controller to act on the retry';
  if (s.conditions?.some((c) => c.type === 'InvalidSpec' && c.status === 'True')) return 'a corrected spec (see the message)';
  if (s.abort === true || message.startsWith('RolloutAborted')) return 'a retry or a new version (the update was aborted)';
  if (message.startsWith('ProgressDeadlineExceeded')) return 'a retry, an abort or a fix (the progress deadline passed)';
  if (rollout.spec.paused === true) return 'a resume (paused by a user)';
  const pause = s.pauseConditions?.[0];
  if (pause?.reason === 'CanaryPauseStep') return pauseStepReason(rollout, pause.startTime, now);
  if (pause?.reason === 'InconclusiveAnalysisRun' || pause?.reason === 'InconclusiveExperiment') return 'a promote or an abort (the analysis was inconclusive)';
  if (pause) return 'a promote';
  if (phase === 'Healthy') return undefined;
  const running = analysisRuns.find((r) => r.status?.phase === 'Running' || r.status?.phase === 'Pending' || r.status?.phase === undefined);
  if (running) return `analysis "${running.metadata.name ?? ''}" to complete`;
  const canary = replicaSets.find((rs) => rs.metadata?.labels?.[POD_HASH_LABEL] === s.currentPodHash);
  const want = canary?.spec?.replicas ?? 0;
  const have = canary?.status?.availableReplicas ?? 0;
  if (canary && have < want) return `${have}/${want} ${s.currentPodHash === s.stableRS ? 'updated' : 'canary'} pods to become available`;
  const old = replicaSets
    .filter((rs) => rs !== canary)
    .reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
  if (old > 0 && s.stableRS === s.currentPodHash) return `${old} old pod${old === 1 ? '' : 's'} to be scaled down`;
  return message ? `the controller (${message})` : 'the controller';
}
