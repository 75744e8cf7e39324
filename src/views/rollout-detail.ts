// One Rollout as the dashboard's detail page shows it: the card's facts, the steps as a timeline
// (the current one marked, the time left in a pause), the tree of revisions, ReplicaSets, pods,
// runs and Jobs, each metric's measurements against its condition, and the events as a log.

import { formatTimestamp, parseTimestamp } from '../api/timestamp.js';
import type { AnalysisRun, Metric } from '../api/types.js';
import { parseDuration } from '../engine/duration.js';
import { describeStep } from '../engine/rollout/steps.js';
import { humanDuration } from './age.js';
import type { RolloutViewInput } from './objects.js';
import { rolloutCard, type RolloutCard } from './rollout-card.js';
import { rolloutTree } from './rollout-tree.js';
import type { TreeNode } from './tree.js';
import { wellFormed } from './well-formed.js';

export interface StepItem {
  readonly index: number;
  readonly text: string;
  readonly state: 'done' | 'current' | 'pending';
  /** For the current timed pause: "12s". */
  readonly timeLeft?: string;
}

export interface MeasurementPoint {
  readonly at: string;
  readonly phase: string;
  /** The first number in the measured value, for the chart; absent when it has none. */
  readonly value?: number;
  readonly text: string;
}

export interface MetricChart {
  readonly run: string;
  readonly metric: string;
  readonly phase: string;
  readonly successCondition?: string;
  readonly failureCondition?: string;
  /** The number a condition compares against (`result[0] <= 5` -> 5), drawn as a line. */
  readonly threshold?: number;
  readonly message?: string;
  readonly points: readonly MeasurementPoint[];
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
  readonly tree: TreeNode;
  readonly analysis: readonly MetricChart[];
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

/**
 * The number a condition compares `result` with, when there is exactly one:
 *   "result[0] <= 5" -> 5;  "result < 0.05" -> 0.05;  "len(result) > 0 && all(...)" -> undefined
 */
export function conditionThreshold(condition: string | undefined): number | undefined {
  if (!condition) return undefined;
  const found = [...condition.matchAll(/result(?:\[\d+\])?\s*(?:<=|>=|<|>|==|!=)\s*(-?\d+(?:\.\d+)?)/g)];
  return found.length === 1 ? Number(found[0]![1]) : undefined;
}

function firstNumber(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/i.exec(value);
  return m ? Number(m[0]) : undefined;
}

export function metricCharts(runs: readonly AnalysisRun[]): MetricChart[] {
  return runs.flatMap((run) => {
    const metrics = new Map<string, Metric>((run.spec?.metrics ?? []).map((m) => [m.name, m]));
    return (run.status?.metricResults ?? []).map((result): MetricChart => {
      const metric = metrics.get(result.name);
      const threshold = conditionThreshold(metric?.successCondition) ?? conditionThreshold(metric?.failureCondition);
      return {
        run: run.metadata.name ?? '',
        metric: result.name,
        phase: result.phase ?? '',
        ...(metric?.successCondition ? { successCondition: metric.successCondition } : {}),
        ...(metric?.failureCondition ? { failureCondition: metric.failureCondition } : {}),
        ...(threshold !== undefined ? { threshold } : {}),
        ...(result.message ? { message: result.message } : {}),
        points: (result.measurements ?? []).map((m) => {
          const value = firstNumber(m.value);
          return {
            at: m.finishedAt ?? m.startedAt ?? '', phase: m.phase ?? '', text: m.value ?? m.message ?? '',
            ...(value !== undefined ? { value } : {}),
          };
        }),
      };
    });
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

export function rolloutDetail(raw: RolloutViewInput, events: readonly EventLike[]): RolloutDetail {
  const input = { ...raw, rollout: wellFormed(raw.rollout) };
  const mine = input.analysisRuns.filter((r) => (r.metadata.ownerReferences ?? []).some((o) => o.uid === input.rollout.metadata.uid));
  return {
    card: rolloutCard(input.rollout, input.replicaSets, input.now),
    steps: stepTimeline(input),
    tree: rolloutTree(input),
    analysis: metricCharts(mine),
    log: decisionLog(events, input.now),
  };
}
