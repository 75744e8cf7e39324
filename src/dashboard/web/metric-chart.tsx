// One metric's measurements as points against its condition's threshold (a dashed line).
import type { RolloutDetail } from '../contract.js';

type Chart = RolloutDetail['analysis'][number];

const W = 360;
const H = 90;

export function MetricChartView({ chart }: { chart: Chart }) {
  const values = chart.points.map((p) => p.value).filter((v): v is number => v !== undefined);
  const all = chart.threshold !== undefined ? [...values, chart.threshold] : values;
  const max = Math.max(1, ...all);
  const min = Math.min(0, ...all);
  const y = (v: number) => H - 8 - ((v - min) / (max - min || 1)) * (H - 16);
  const x = (i: number) => 12 + (chart.points.length <= 1 ? 0 : (i * (W - 24)) / (chart.points.length - 1));
  return (
    <figure className="metric" data-testid="metric">
      <figcaption>
        <b>{chart.metric}</b> <span className="muted">({chart.run})</span> <span className={`phase phase-${chart.phase.toLowerCase()}`}>{chart.phase}</span>
        {chart.successCondition ? <code> {chart.successCondition}</code> : null}
        {chart.failureCondition ? <code> fails when {chart.failureCondition}</code> : null}
      </figcaption>
      {values.length === 0 ? (
        <p data-testid="measurements">{chart.points.map((p, i) => <span key={i} className={`phase phase-${p.phase.toLowerCase()}`} title={p.at}>{p.phase}</span>)}</p>
      ) : <svg width={W} height={H} role="img" aria-label={`${chart.metric} measurements`}>
        {chart.threshold !== undefined ? <line x1={0} x2={W} y1={y(chart.threshold)} y2={y(chart.threshold)} className="threshold" /> : null}
        {chart.points.map((p, i) => (p.value === undefined ? null
          : <circle key={i} cx={x(i)} cy={y(p.value)} r={4} className={`point point-${p.phase.toLowerCase()}`}><title>{`${p.at}: ${p.text} (${p.phase})`}</title></circle>))}
      </svg>}
      <p className="muted">{chart.points.map((p) => p.text).filter(Boolean).slice(-5).join(' · ')}{chart.message ? ` — ${chart.message}` : ''}</p>
    </figure>
  );
}
