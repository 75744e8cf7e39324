import { describe, expect, it } from 'vitest';
import { intervalErrors, type RunRequests } from './interval-error.js';

const run = (createdAt: number, ...pairs: [number, number | undefined][]): RunRequests =>
  ({ createdAt, requests: pairs.map(([arrived, answered]) => ({ arrived, answered })) });

describe('intervalErrors (interval 1000 ms)', () => {
  const cases: { name: string; runs: RunRequests[]; end: number; startToStart: number[]; lateness: number[]; measurements: number }[] = [
    { name: 'two measurements, the next not yet due', runs: [run(0, [100, 2100], [3200, 5200])], end: 6000,
      startToStart: [2100], lateness: [100, 100], measurements: 2 },
    { name: 'the next overdue at the window end counts as a lower bound', runs: [run(0, [100, 2100], [3200, 5200])], end: 9000,
      startToStart: [2100, 4800], lateness: [100, 100, 2800], measurements: 2 },
    { name: 'a run never measured waits from its creation', runs: [run(500)], end: 4500,
      startToStart: [], lateness: [4000], measurements: 0 },
    { name: 'a measurement still in flight adds nothing more', runs: [run(0, [0, 2000], [3000, undefined])], end: 4000,
      startToStart: [2000], lateness: [0, 0], measurements: 2 },
    { name: 'requests after the window end are not counted', runs: [run(0, [0, 2000], [3500, 5500])], end: 3400,
      startToStart: [2400], lateness: [0, 400], measurements: 1 },
    { name: 'values from several runs come out sorted', runs: [run(0, [900, 2900], [3900, 5900]), run(0, [50, 2050], [3100, 5100])], end: 6000,
      startToStart: [2050, 2000].sort((a, b) => a - b), lateness: [0, 50, 50, 900], measurements: 4 },
  ];
  it.each(cases)('$name', ({ runs, end, startToStart, lateness, measurements }) => {
    expect(intervalErrors(runs, 1000, end)).toEqual({ startToStart, lateness, measurements });
  });
});
