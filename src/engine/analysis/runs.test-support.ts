// Builders shared by the analysis engine's tests.
import type { AnalysisPhase, AnalysisRun, Measurement, Metric, MetricResult } from '../../api/types.js';

/** 2026-11-21T10:00:00Z, the start of every test clock. */
export const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);
export const sec = (n: number): number => n * 1000;
export const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString().replace('.000Z', 'Z');

export function metric(overrides: Partial<Metric> = {}): Metric {
  return { name: 'm', provider: { prometheus: { address: 'http://prom:9090', query: 'up' } }, ...overrides };
}

export function done(phase: AnalysisPhase, finishedOffsetMs = 0, extra: Partial<Measurement> = {}): Measurement {
  return { phase, startedAt: at(finishedOffsetMs), finishedAt: at(finishedOffsetMs), ...extra };
}

/** A metric result with counters derived from its measurements, as recordMeasurement keeps them. */
export function resultOf(name: string, phases: readonly AnalysisPhase[], overrides: Partial<MetricResult> = {}): MetricResult {
  const r: Record<string, number> = {};
  let consecutiveError = 0;
  let consecutiveSuccess = 0;
  for (const p of phases) {
    if (p === 'Error') {
      r['error'] = (r['error'] ?? 0) + 1;
      consecutiveError++;
      consecutiveSuccess = 0;
    } else {
      const key = p === 'Successful' ? 'successful' : p.toLowerCase();
      r[key] = (r[key] ?? 0) + 1;
      r['count'] = (r['count'] ?? 0) + 1;
      consecutiveError = 0;
      consecutiveSuccess = p === 'Successful' ? consecutiveSuccess + 1 : 0;
    }
  }
  return {
    name,
    phase: 'Running',
    measurements: phases.map((p, i) => done(p, sec(i))),
    ...r,
    ...(consecutiveError > 0 ? { consecutiveError } : {}),
    ...(consecutiveSuccess > 0 ? { consecutiveSuccess } : {}),
    ...overrides,
  };
}

export function run(spec: Partial<AnalysisRun['spec']> & Pick<AnalysisRun['spec'], 'metrics'>, status?: AnalysisRun['status']): AnalysisRun {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'r', namespace: 'ns' }, spec, status };
}
