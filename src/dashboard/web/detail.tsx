// One Rollout: facts, actions, the steps, the tree, analysis charts, experiments and the decision log. Refetched
// whenever a push names it (and every few seconds for pods, which are not pushed).
import { useCallback, useEffect, useState } from 'react';
import type { ActionName, ActionRequest, ChangePush, DashboardApi, DashboardConfig, RolloutDetail } from '../contract.js';
import { Experiments } from './experiments.js';
import { MetricChartView } from './metric-chart.js';
import { phaseClass } from './overview.js';
import { TreeView } from './tree-view.js';
import { WeightChartView } from './weight-chart.js';

interface Props {
  api: DashboardApi;
  config: DashboardConfig | undefined;
  namespace: string;
  name: string;
  push: ChangePush | undefined;
}

const FULL_WARNING = 'Promote Full skips every remaining step, pause and analysis: the new version becomes stable at once, with no further checks.';

export function Detail({ api, config, namespace, name, push }: Props) {
  const [detail, setDetail] = useState<RolloutDetail>();
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const [confirming, setConfirming] = useState(false);
  const [image, setImage] = useState('');
  const key = `${namespace}/${name}`;

  const load = useCallback(() => {
    api.rollout(namespace, name).then((d) => { setDetail(d); setError(undefined); }, (e: Error) => setError(e.message));
  }, [api, namespace, name]);

  useEffect(() => {
    load();
    const t = setInterval(load, 5000);
    return () => clearInterval(t);
  }, [load]);
  useEffect(() => {
    if (push?.changed.includes(key)) load();
  }, [push, key, load]);

  const act = (action: ActionName, body?: ActionRequest) => {
    setConfirming(false);
    api.act(namespace, name, action, body).then(
      (r) => { setResult({ ok: true, text: r.message }); load(); },
      (e: Error) => setResult({ ok: false, text: e.message }),
    );
  };

  if (error && !detail) return <main><p className="error">{error}</p><a href="#/">back</a></main>;
  if (!detail) return <main><p className="muted">Loading…</p></main>;
  const c = detail.card;
  const canAct = config !== undefined && !config.readOnly;
  return (
    <main className="detail">
      <p><a href="#/">← all rollouts</a></p>
      <h1>{c.namespace}/{c.name} <span className={phaseClass(c.phase)} data-testid="detail-phase">{c.phase}</span></h1>
      <dl className="facts">
        <dt>Message</dt><dd>{c.message || '—'}</dd>
        <dt>Waiting for</dt><dd data-testid="waiting-for">{c.waitingFor ?? '—'}</dd>
        <dt>Strategy</dt><dd>{c.strategy}{c.step ? `, step ${c.step}` : ''}</dd>
        <dt>Weight</dt><dd>{c.setWeight !== undefined ? `set ${c.setWeight}%` : '—'}{c.actualWeight !== undefined ? `, actual ${c.actualWeight}%` : ''}</dd>
        <dt>Images</dt><dd>{c.images.join(', ')}</dd>
        <dt>Ready</dt><dd>{c.ready}</dd>
      </dl>
      {canAct ? (
        <div className="actions" data-testid="actions">
          <button onClick={() => act('promote')}>Promote</button>
          <button onClick={() => setConfirming(true)}>Promote Full</button>
          <button className="danger" onClick={() => act('abort')}>Abort</button>
          <button onClick={() => act('retry')}>Retry</button>
          <button onClick={() => act('pause')}>Pause</button>
          <button onClick={() => act('resume')}>Resume</button>
          <button onClick={() => act('restart')}>Restart</button>
          <button onClick={() => act('undo')}>Undo</button>
          <span className="set-image">
            <input aria-label="new image" placeholder="container=image" value={image} onChange={(e) => setImage(e.target.value)} />
            <button onClick={() => {
              const eq = image.indexOf('=');
              if (eq <= 0 || eq === image.length - 1) setResult({ ok: false, text: 'write the new image as container=image' });
              else act('set-image', { container: image.slice(0, eq), image: image.slice(eq + 1) });
            }}>Set image</button>
          </span>
        </div>
      ) : null}
      {confirming ? (
        <div className="confirm" role="dialog" aria-label="confirm promote full">
          <p>{FULL_WARNING}</p>
          <button className="danger" onClick={() => act('promote-full')}>Promote Full</button>
          <button onClick={() => setConfirming(false)}>Cancel</button>
        </div>
      ) : null}
      {result ? <p className={result.ok ? 'result ok' : 'result error'} data-testid="action-result">{result.text}</p> : null}
      <section>
        <h2>Steps</h2>
        <ol className="steps">
          {detail.steps.map((s) => (
            <li key={s.index} className={`step step-${s.state}`}>{s.text}{s.timeLeft ? ` (${s.timeLeft} left)` : ''}</li>
          ))}
        </ol>
        {detail.steps.length === 0 ? <p className="muted">No steps.</p> : null}
      </section>
      {detail.weights && detail.weights.plan.length > 0 ? (
        <section>
          <h2>Weight over time</h2>
          <WeightChartView chart={detail.weights} now={Date.now()} />
        </section>
      ) : null}
      <section>
        <h2>Revisions, ReplicaSets and pods</h2>
        <TreeView node={detail.tree} />
      </section>
      {detail.analysis.length > 0 ? (
        <section>
          <h2>Analysis</h2>
          {detail.analysis.map((m) => <MetricChartView key={`${m.run}/${m.metric}`} chart={m} />)}
        </section>
      ) : null}
      <Experiments experiments={detail.experiments ?? []} />
      <section>
        <h2>Decision log</h2>
        <table className="log">
          <tbody>
            {detail.log.map((e, i) => (
              <tr key={i} className={e.type === 'Warning' ? 'warn' : ''}><td>{e.age}</td><td>{e.reason}</td><td>{e.message}{e.count > 1 ? ` (×${e.count})` : ''}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
