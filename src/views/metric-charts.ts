// Each AnalysisRun metric's measurements as points to chart against the number its condition
// compares with: the Rollout page draws them for the Rollout's runs and its experiments' runs.

import type { AnalysisRun, Metric } from '../api/types.js';

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
