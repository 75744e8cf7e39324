// I5, every measurement counted once: follows each AnalysisRun's metric results from one
// observed state to the next and reports a measurement recorded twice, a counter that does not
// match the measurements that appeared, or a counter that went back (a lost measurement).
import type { AnalysisRun, Measurement, MetricResult } from '../../../src/api/types.js';

const DEFAULT_RETENTION = 10;
const PHASES = ['Successful', 'Failed', 'Inconclusive', 'Error'] as const;
type Phase = (typeof PHASES)[number];
const COUNTER: Record<Phase, 'successful' | 'failed' | 'inconclusive' | 'error'> = {
  Successful: 'successful', Failed: 'failed', Inconclusive: 'inconclusive', Error: 'error',
};

interface Seen {
  readonly counters: Record<Phase, number>;
  /** Keys of the finished measurements, oldest first. */
  readonly finished: readonly string[];
}

const keyOf = (m: Measurement) => [m.startedAt, m.finishedAt, m.phase, m.value ?? '', m.message ?? ''].join('|');
const isFinished = (m: Measurement): m is Measurement & { phase: Phase } => m.finishedAt !== undefined && (PHASES as readonly string[]).includes(m.phase);

function countersOf(r: MetricResult): Record<Phase, number> {
  return Object.fromEntries(PHASES.map((p) => [p, r[COUNTER[p]] ?? 0])) as Record<Phase, number>;
}

export class MeasurementLedger {
  /** run uid + metric name -> what was seen last. */
  private readonly seen = new Map<string, Seen>();

  /** The I5 problems of this state of `run` (compared with the state seen before it). */
  observe(run: AnalysisRun & { metadata?: { uid?: string; name?: string } }): string[] {
    const problems: string[] = [];
    const name = run.metadata?.name ?? '';
    for (const r of run.status?.metricResults ?? []) {
      const where = `AnalysisRun ${name} metric ${r.name}`;
      const measurements = r.measurements ?? [];
      const finished = measurements.filter(isFinished);
      const keys = finished.map(keyOf);
      const counters = countersOf(r);
      const count = r.count ?? 0;

      const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
      if (duplicate) problems.push(`I5 ${where}: measurement ${duplicate} recorded twice`);
      if (count !== counters.Successful + counters.Failed + counters.Inconclusive) {
        problems.push(`I5 ${where}: count ${count} is not successful + failed + inconclusive (${counters.Successful} + ${counters.Failed} + ${counters.Inconclusive})`);
      }

      const id = `${run.metadata?.uid ?? name}/${r.name}`;
      const before = this.seen.get(id) ?? { counters: { Successful: 0, Failed: 0, Inconclusive: 0, Error: 0 }, finished: [] };
      for (const p of PHASES) {
        if (counters[p] < before.counters[p]) problems.push(`I5 ${where}: ${COUNTER[p]} went back from ${before.counters[p]} to ${counters[p]}`);
      }
      // The measurements that finished since the last state seen: all of them are still in the
      // list when the last one seen before is (or when nothing had finished and nothing was dropped).
      const last = before.finished.at(-1);
      const retention = run.spec?.measurementRetention?.find((x) => x.metricName === r.name)?.limit ?? DEFAULT_RETENTION;
      const from = last === undefined ? (finished.length < retention ? 0 : -1) : keys.lastIndexOf(last) + 1;
      if (from > 0 || (from === 0 && last === undefined)) {
        const added = finished.slice(from);
        for (const p of PHASES) {
          const appeared = added.filter((m) => m.phase === p).length;
          const delta = counters[p] - before.counters[p];
          if (delta !== appeared) {
            problems.push(`I5 ${where}: ${appeared} ${p} measurement(s) appeared but ${COUNTER[p]} went from ${before.counters[p]} to ${counters[p]}`);
          }
        }
      }
      this.seen.set(id, { counters, finished: keys });
    }
    return problems;
  }
}
