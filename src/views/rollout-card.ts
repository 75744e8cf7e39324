// One Rollout as the dashboard's overview shows it: the facts of `list rollouts` plus images,
// age, and whether it needs attention and why (the same "waiting for ..." words as `get rollout`).

import { parseTimestamp } from '../api/timestamp.js';
import type { Rollout, RolloutPhase } from '../api/types.js';
import { ageOf } from './age.js';
import type { ReplicaSetLike } from './objects.js';
import { rolloutSummary } from './rollout-summary.js';
import { waitingFor } from './waiting-for.js';
import { wellFormed } from './well-formed.js';

/** A step that has not moved for this long is flagged. */
export const LONG_STEP_MS = 15 * 60_000;

export interface RolloutCard {
  readonly namespace: string;
  readonly name: string;
  readonly phase: RolloutPhase;
  readonly message: string;
  readonly strategy: 'Canary' | 'BlueGreen';
  readonly step?: string;
  readonly setWeight?: number;
  readonly actualWeight?: number;
  readonly images: readonly string[];
  readonly age: string;
  readonly ready: string;
  readonly waitingFor?: string;
  /** Why it is in the "needs attention" band; absent when it is not. */
  readonly attention?: string;
}

/**
 * Needs attention, first match wins:
 *   Degraded                               -> "degraded: <message>"
 *   paused on an inconclusive analysis     -> "inconclusive: <what it waits for>"
 *   Paused                                 -> "paused: <what it waits for>"
 *   Progressing, no progress for 15 min    -> "step running for 20m: <what it waits for>"
 */
export function attentionOf(rollout: Rollout, phase: RolloutPhase, message: string, waiting: string | undefined, now: number): string | undefined {
  const why = waiting ?? message;
  if (phase === 'Degraded') return `degraded: ${message || why}`;
  const reason = rollout.status?.pauseConditions?.[0]?.reason;
  if (reason === 'InconclusiveAnalysisRun' || reason === 'InconclusiveExperiment') return `inconclusive: ${why}`;
  if (phase === 'Paused') return `paused: ${why}`;
  if (phase === 'Progressing') {
    const progressing = rollout.status?.conditions?.find((c) => c.type === 'Progressing');
    const since = parseTimestamp(progressing?.lastUpdateTime);
    if (since !== undefined && now - since >= LONG_STEP_MS) return `step running for ${ageOf(since, now)}: ${why}`;
  }
  return undefined;
}

/** The images of the Rollout's pod template: what it is rolling out to. */
function templateImages(rollout: Rollout): string[] {
  const template = rollout.spec.template as { spec?: { containers?: readonly { image?: unknown }[] } } | undefined;
  return (template?.spec?.containers ?? []).map((c) => (typeof c.image === 'string' ? c.image : '')).filter((i) => i !== '');
}

export function rolloutCard(raw: Rollout, replicaSets: readonly ReplicaSetLike[], now: number): RolloutCard {
  const rollout = wellFormed(raw);
  const s = rolloutSummary(rollout, replicaSets);
  const waiting = waitingFor(rollout, replicaSets, [], now);
  const attention = attentionOf(rollout, s.phase, s.message, waiting, now);
  const images = s.images.length > 0 ? s.images.map((i) => i.image)
    : templateImages(rollout);
  return {
    namespace: s.namespace,
    name: s.name,
    phase: s.phase,
    message: s.message,
    strategy: s.strategy,
    ...(s.step !== undefined ? { step: s.step } : {}),
    ...(s.setWeight !== undefined ? { setWeight: s.setWeight } : {}),
    ...(s.actualWeight !== undefined ? { actualWeight: s.actualWeight } : {}),
    images,
    age: ageOf(parseTimestamp(rollout.metadata.creationTimestamp), now),
    ready: `${s.replicas.ready}/${s.replicas.desired}`,
    ...(waiting !== undefined ? { waitingFor: waiting } : {}),
    ...(attention !== undefined ? { attention } : {}),
  };
}

/** Cards sorted for the overview: those needing attention first, then by namespace and name. */
export function sortCards(cards: readonly RolloutCard[]): RolloutCard[] {
  const key = (c: RolloutCard) => `${c.attention ? 0 : 1}/${c.namespace}/${c.name}`;
  return [...cards].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
