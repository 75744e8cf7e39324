// One Rollout as the dashboard's detail page shows it: the card's facts, the steps as a timeline
// (the current one marked, the time left in a pause), the tree of revisions, ReplicaSets, pods,
// runs and Jobs, each metric's measurements against its condition, the experiments of its
// experiment steps, and the events as a log.

import { formatTimestamp, parseTimestamp } from '../api/timestamp.js';
import { parseDuration } from '../engine/duration.js';
import { describeStep } from '../engine/rollout/steps.js';
import { humanDuration } from './age.js';
import { metricCharts, type MetricChart } from './metric-charts.js';
import type { RolloutViewInput } from './objects.js';
import { rolloutCard, type RolloutCard } from './rollout-card.js';
import { experimentPanels, type ExperimentPanel } from './rollout-experiments.js';
import { revisionIndex, rolloutTree } from './rollout-tree.js';
import { weightChart, type WeightChart, type WeightSample } from './weight-history.js';
import type { TreeNode } from './tree.js';
import { wellFormed } from './well-formed.js';

export interface StepItem {
  readonly index: number;
  readonly text: string;
  readonly state: 'done' | 'current' | 'pending';
  /** For the current timed pause: "12s". */
  readonly timeLeft?: string;
}

export interface EventLike {
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly lastTimestamp?: string | Date | null;
  readonly eventTime?: string | Date | null;
  readonly metadata?: { readonly creationTimestamp?: string | Date };
}

export interface LogEntry {
  readonly at: string;
  readonly age: string;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly count: number;
}

export interface RolloutDetail {
  readonly card: RolloutCard;
  readonly steps: readonly StepItem[];
  /** Set and actual weight over time, and the set weight each step promises. */
  readonly weights: WeightChart;
  readonly tree: TreeNode;
  readonly analysis: readonly MetricChart[];
  /** The Experiments of its experiment steps, newest revision first. */
  readonly experiments: readonly ExperimentPanel[];
  readonly log: readonly LogEntry[];
}

/** Steps before the current index are done; at the end every step is. */
export function stepTimeline(input: RolloutViewInput): StepItem[] {
  const rollout = input.rollout;
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  const current = rollout.status?.currentStepIndex ?? steps.length;
  const pause = rollout.status?.pauseConditions?.find((p) => p.reason === 'CanaryPauseStep');
  return steps.map((step, index) => {
    const state = index < current ? 'done' : index === current ? 'current' : 'pending';
    let timeLeft: string | undefined;
    if (state === 'current' && pause && step.pause?.duration !== undefined) {
      const d = parseDuration(step.pause.duration);
      const started = parseTimestamp(pause.startTime);
      if (d.ok && started !== undefined) timeLeft = humanDuration(Math.max(0, started + d.ms - input.now) + 999);
    }
    return { index, text: describeStep(step), state, ...(timeLeft !== undefined ? { timeLeft } : {}) };
  });
}

/** The events, newest first, as a readable log. */
export function decisionLog(events: readonly EventLike[], now: number): LogEntry[] {
  const when = (e: EventLike) => parseTimestamp(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp) ?? 0;
  return [...events].sort((a, b) => when(b) - when(a)).map((e) => ({
    at: when(e) ? formatTimestamp(when(e)) : '',
    age: when(e) ? humanDuration(now - when(e)) : '',
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    count: e.count ?? 1,
  }));
}

/** What the dashboard saw of the weights while it ran, and the router's weight when it was read. */
export interface WeightObservations {
  readonly samples: readonly WeightSample[];
  readonly routerWeight?: number;
}

export function rolloutDetail(raw: RolloutViewInput, events: readonly EventLike[], seen: WeightObservations = { samples: [] }): RolloutDetail {
  const input = { ...raw, rollout: wellFormed(raw.rollout) };
  const mine = input.analysisRuns.filter((r) => (r.metadata.ownerReferences ?? []).some((o) => o.uid === input.rollout.metadata.uid));
  const { rsRevisionByHash, newest } = revisionIndex(input);
  return {
    card: rolloutCard(input.rollout, input.replicaSets, input.now),
    steps: stepTimeline(input),
    weights: weightChart(input.rollout, events, seen.samples, seen.routerWeight),
    tree: rolloutTree(input),
    analysis: metricCharts(mine),
    experiments: experimentPanels(input, rsRevisionByHash, newest),
    log: decisionLog(events, input.now),
  };
}
