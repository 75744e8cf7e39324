// B5's figures from the times a web metric saw each run's requests. Argo (analysis.go,
// generateMetricTasks) and Kanary (engine/analysis/schedule.ts) both start the next measurement
// at the last one's finishedAt + interval, so with a 2 s answer and a 1 s interval consecutive
// starts are at least 3 s apart: the start-to-start error has a 2 s floor for both. The lateness,
// start minus (last answer + interval), is what a controller adds beyond that.

export interface RunRequests {
  /** When the benchmark's create of the run was answered (its first measurement is due then). */
  readonly createdAt: number;
  /** The web metric's requests for this run, in arrival order. */
  readonly requests: readonly { readonly arrived: number; readonly answered?: number }[];
}

export interface IntervalErrors {
  /** Per measurement after a run's first: start - previous start - interval, ms. */
  readonly startToStart: number[];
  /** Per measurement: start - when it was due (creation, or previous answer + interval), ms. */
  readonly lateness: number[];
  /** Measurements started within the window. */
  readonly measurements: number;
}

/**
 * The errors of every run's measurements started before `windowEnd`. A run whose next measurement
 * is overdue at `windowEnd` adds that wait as one more value (a lower bound of the real one), so a
 * controller that starves runs is not flattered by their missing measurements.
 *
 *   interval 1000, created 0, starts 100 (answered 2100), 3200 (answered 5200), window end 6000
 *     -> startToStart [2100], lateness [100, 100]        (next due 6200: not overdue)
 *   the same with window end 9000
 *     -> startToStart [2100, 4800], lateness [100, 100, 2800]
 */
export function intervalErrors(runs: readonly RunRequests[], intervalMs: number, windowEnd: number): IntervalErrors {
  const startToStart: number[] = [];
  const lateness: number[] = [];
  let measurements = 0;
  for (const run of runs) {
    let due = run.createdAt;
    let lastStart: number | undefined;
    let inFlight = false;
    for (const r of run.requests) {
      if (r.arrived > windowEnd) break;
      measurements++;
      lateness.push(r.arrived - due);
      if (lastStart !== undefined) startToStart.push(r.arrived - lastStart - intervalMs);
      lastStart = r.arrived;
      inFlight = r.answered === undefined || r.answered > windowEnd;
      due = (r.answered ?? Infinity) + intervalMs;
    }
    if (!inFlight && windowEnd > due) {
      lateness.push(windowEnd - due);
      if (lastStart !== undefined) startToStart.push(windowEnd - lastStart - intervalMs);
    }
  }
  const ascending = (a: number, b: number) => a - b;
  return { startToStart: startToStart.sort(ascending), lateness: lateness.sort(ascending), measurements };
}
