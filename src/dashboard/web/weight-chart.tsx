// The canary's weight over time: the set weight as a staircase, the actual weight as dots joined
// by a line (the router's weight where a traffic router carries it), and the weight each step sets.
import type { RolloutDetail } from '../contract.js';

type Chart = RolloutDetail['weights'];
type Point = Chart['set'][number];

const W = 560;
const H = 150;
const PAD = 28;

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function WeightChartView({ chart, now }: { chart: Chart; now: number }) {
  const times = [...chart.set, ...chart.actual].map((p) => p.at);
  const from = Math.min(now - 60_000, ...times);
  const to = Math.max(now, ...times);
  const x = (t: number) => PAD + ((t - from) / (to - from || 1)) * (W - PAD - 8);
  const y = (w: number) => H - 18 - (w / 100) * (H - 30);
  // A staircase: each set weight holds until the next one, the last until now.
  const stairs = (pts: readonly Point[]) => pts.flatMap((p, i) => {
    const next = pts[i + 1]?.at ?? to;
    return [`${x(p.at)},${y(p.weight)}`, `${x(next)},${y(p.weight)}`];
  }).join(' ');
  const actualLine = chart.actual.map((p) => `${x(p.at)},${y(p.weight)}`).join(' ');
  return (
    <figure className="weights" data-testid="weight-chart">
      <svg width={W} height={H} role="img" aria-label="canary weight over time">
        {[0, 50, 100].map((w) => (
          <g key={w}>
            <line x1={PAD} x2={W - 8} y1={y(w)} y2={y(w)} className="grid" />
            <text x={2} y={y(w) + 4} className="axis">{w}%</text>
          </g>
        ))}
        <text x={PAD} y={H - 2} className="axis">{clock(from)}</text>
        <text x={W - 70} y={H - 2} className="axis">{clock(to)}</text>
        {chart.set.length > 0 ? <polyline points={stairs(chart.set)} className="set-weight" data-testid="set-weight" /> : null}
        {chart.actual.length > 1 ? <polyline points={actualLine} className="actual-weight" /> : null}
        {chart.actual.map((p, i) => <circle key={i} cx={x(p.at)} cy={y(p.weight)} r={3} className="actual-point" data-testid="actual-weight"><title>{`${clock(p.at)}: ${p.weight}%`}</title></circle>)}
      </svg>
      <figcaption>
        <span className="legend-set">━ set weight</span>{' '}
        <span className="legend-actual">● actual weight{chart.routed ? ' (the traffic router\'s)' : ' (share of available pods)'}</span>
        {chart.routerWeight !== undefined ? <span data-testid="router-weight"> · the router's document says {chart.routerWeight}% now</span> : null}
        {chart.plan.length > 0 ? <p className="muted" data-testid="weight-plan">By step: {chart.plan.map((w, i) => (i === chart.plan.length - 1 ? `done ${w}%` : `${i + 1}: ${w}%`)).join(' → ')}</p> : null}
        {chart.set.length === 0 ? <p className="muted">No update seen yet: the events of an update (kept an hour) and what this dashboard saw since it started draw the history.</p> : null}
      </figcaption>
    </figure>
  );
}
