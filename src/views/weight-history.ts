// The canary's weight over time for the Rollout page: the set weight each step promises, the set
// weight through the current update as the decision log tells it (step completed, aborted,
// completed), and the weights the dashboard saw while it ran (the actual weight: a traffic
// router's where one reports it, else the canary's share of available pods).

import { parseTimestamp } from '../api/timestamp.js';
import type { CanaryStep, Rollout } from '../api/types.js';
import type { EventLike } from './rollout-detail.js';

/** What the dashboard saw at one moment. */
export interface WeightSample {
  readonly at: number;
  readonly setWeight: number;
  readonly actualWeight?: number;
}

export interface WeightPoint {
  readonly at: number;
  readonly weight: number;
}

export interface WeightChart {
  /** The set weight while each step is current, then 100 once every step is done. */
  readonly plan: readonly number[];
  /** The set weight over time, oldest first: from the events of the current update and the samples. */
  readonly set: readonly WeightPoint[];
  /** The actual weight over time, oldest first (only what the dashboard saw). */
  readonly actual: readonly WeightPoint[];
  /** Whether a traffic router carries the weight (else it is the share of available pods). */
  readonly routed: boolean;
  /** The canary's weight in the router's own document when it was last read. */
  readonly routerWeight?: number;
}

/**
 * The set weight while step `index` is current: the last setWeight at or before it, 0 before any;
 * 100 once `index` is past the last step. [setWeight 20, pause, setWeight 60]: 20, 20, 60, then 100.
 */
export function setWeightAt(steps: readonly CanaryStep[], index: number): number {
  if (index >= steps.length) return 100;
  for (let i = index; i >= 0; i--) {
    const w = steps[i]?.setWeight;
    if (w !== undefined) return w;
  }
  return 0;
}

export function weightPlan(steps: readonly CanaryStep[]): number[] {
  return [...steps.map((_, i) => setWeightAt(steps, i)), 100];
}

const STEP_COMPLETED = /^Rollout step (\d+)\/\d+ completed/;

const eventTime = (e: EventLike) => parseTimestamp(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp);

/**
 * The set weight through the current update, from the Rollout's events: the update starts at the
 * newest RolloutUpdated (at step 0), each "Rollout step k/N completed" moves to step k, an abort
 * drops to 0, RolloutCompleted is 100. Events before the update belong to older revisions.
 */
export function setWeightFromEvents(steps: readonly CanaryStep[], events: readonly EventLike[]): WeightPoint[] {
  const timed = events.map((e) => ({ e, at: eventTime(e) })).filter((x): x is { e: EventLike; at: number } => x.at !== undefined);
  const start = Math.max(-Infinity, ...timed.filter((x) => x.e.reason === 'RolloutUpdated').map((x) => x.at));
  if (start === -Infinity) return [];
  const points: WeightPoint[] = [{ at: start, weight: setWeightAt(steps, 0) }];
  for (const { e, at } of timed.filter((x) => x.at >= start).sort((a, b) => a.at - b.at)) {
    const done = e.reason === 'RolloutStepCompleted' ? STEP_COMPLETED.exec(e.message ?? '') : null;
    if (done) points.push({ at, weight: setWeightAt(steps, Number(done[1])) });
    else if (e.reason === 'RolloutAborted') points.push({ at, weight: 0 });
    else if (e.reason === 'RolloutCompleted') points.push({ at, weight: 100 });
  }
  return points;
}

/**
 * `history` with `sample` appended when a weight changed, at most `limit` kept (the oldest dropped).
 * Memory stays bounded however long the dashboard runs.
 */
export function recordWeight(history: readonly WeightSample[], sample: WeightSample, limit: number): readonly WeightSample[] {
  const last = history.at(-1);
  if (last && last.setWeight === sample.setWeight && last.actualWeight === sample.actualWeight) return history;
  const next = [...history, sample];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** Points merged by time, a point at the same moment as an earlier one replacing it. */
function merged(...series: (readonly WeightPoint[])[]): WeightPoint[] {
  const byTime = new Map<number, number>();
  for (const p of series.flat().sort((a, b) => a.at - b.at)) byTime.set(p.at, p.weight);
  return [...byTime].map(([at, weight]) => ({ at, weight }));
}

/**
 * The events' points from before the dashboard's first sample. Event times have whole seconds, so
 * an event in the second of the first sample (or later) cannot be ordered against the samples,
 * which saw the same change with milliseconds: from then on the samples tell the story.
 */
function eventsBefore(points: readonly WeightPoint[], samples: readonly WeightSample[]): WeightPoint[] {
  const first = Math.min(...samples.map((s) => s.at));
  const cut = Number.isFinite(first) ? Math.floor(first / 1000) * 1000 : Infinity;
  return points.filter((p) => p.at < cut);
}

export function weightChart(rollout: Rollout, events: readonly EventLike[], samples: readonly WeightSample[], routerWeight?: number): WeightChart {
  const canary = rollout.spec?.strategy?.canary;
  const steps = canary?.steps ?? [];
  return {
    plan: canary ? weightPlan(steps) : [],
    set: merged(eventsBefore(setWeightFromEvents(steps, events), samples), samples.map((s) => ({ at: s.at, weight: s.setWeight }))),
    actual: samples.flatMap((s) => (s.actualWeight !== undefined ? [{ at: s.at, weight: s.actualWeight }] : [])),
    routed: canary?.trafficRouting !== undefined,
    ...(routerWeight !== undefined ? { routerWeight } : {}),
  };
}
