// The experiments of a Rollout's experiment steps: each with its templates' ReplicaSets, its
// analyses and their measurements charted, the one the current step waits for marked.
import type { RolloutDetail } from '../contract.js';
import { MetricChartView } from './metric-chart.js';

type Panel = RolloutDetail['experiments'][number];

function ExperimentView({ e }: { e: Panel }) {
  return (
    <article className={`experiment${e.current ? ' experiment-current' : ''}`} data-testid="experiment" data-experiment={e.name}>
      <h3>
        {e.name} <span className={`phase phase-${e.mark.word.toLowerCase()}`} data-testid="experiment-phase">{e.mark.word}</span>
        <span className="muted"> revision {e.revision} · {e.age}{e.duration ? ` · duration ${e.duration}` : ''}{e.current ? ' · the current step waits for it' : ''}</span>
      </h3>
      {e.message ? <p>{e.message}</p> : null}
      <table>
        <thead><tr><th>Template</th><th>ReplicaSet</th><th>Status</th><th>Ready</th><th>Service</th></tr></thead>
        <tbody>
          {e.templates.map((t) => (
            <tr key={t.name} data-testid="experiment-template"><td>{t.name}</td><td>{t.replicaSet ?? '—'}</td><td>{t.status}</td><td>{t.ready || '—'}</td><td>{t.serviceName ?? ''}</td></tr>
          ))}
        </tbody>
      </table>
      {e.runs.length > 0 ? (
        <ul className="experiment-runs">
          {e.runs.map((r) => (
            <li key={r.name} data-testid="experiment-run">
              {r.name}: {r.analysisRun} <span className={`phase phase-${r.phase.toLowerCase()}`}>{r.phase}</span>{r.message ? ` — ${r.message}` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {e.analysis.map((m) => <MetricChartView key={`${m.run}/${m.metric}`} chart={m} />)}
    </article>
  );
}

export function Experiments({ experiments }: { experiments: RolloutDetail['experiments'] }) {
  if (experiments.length === 0) return null;
  return (
    <section>
      <h2>Experiments</h2>
      {experiments.map((e) => <ExperimentView key={e.name} e={e} />)}
    </section>
  );
}
