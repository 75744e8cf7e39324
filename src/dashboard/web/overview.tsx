// Every Rollout at a glance: filters, the "needs attention" band, and a table.
import { useMemo, useState } from 'react';
import type { RolloutCard } from '../contract.js';

const PHASES = ['', 'Healthy', 'Progressing', 'Paused', 'Degraded'];

export function phaseClass(phase: string): string {
  return `phase phase-${phase.toLowerCase()}`;
}

function link(c: RolloutCard): string {
  return `#/rollouts/${encodeURIComponent(c.namespace)}/${encodeURIComponent(c.name)}`;
}

export function Overview({ cards }: { cards: readonly RolloutCard[] | undefined }) {
  const [ns, setNs] = useState('');
  const [phase, setPhase] = useState('');
  const [name, setName] = useState('');
  const namespaces = useMemo(() => [...new Set((cards ?? []).map((c) => c.namespace))].sort(), [cards]);
  if (!cards) return <p className="muted">Loading…</p>;
  const shown = cards.filter((c) => (!ns || c.namespace === ns) && (!phase || c.phase === phase) && c.name.includes(name));
  const attention = shown.filter((c) => c.attention);
  return (
    <main>
      <div className="filters">
        <select aria-label="namespace" value={ns} onChange={(e) => setNs(e.target.value)}>
          <option value="">every namespace</option>
          {namespaces.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <select aria-label="phase" value={phase} onChange={(e) => setPhase(e.target.value)}>
          {PHASES.map((p) => <option key={p} value={p}>{p || 'every phase'}</option>)}
        </select>
        <input aria-label="name" placeholder="name contains" value={name} onChange={(e) => setName(e.target.value)} />
        <span className="muted">{shown.length} of {cards.length} rollouts</span>
      </div>
      {attention.length > 0 ? (
        <section className="attention" data-testid="attention">
          <h2>Needs attention</h2>
          <ul>
            {attention.map((c) => (
              <li key={`${c.namespace}/${c.name}`}>
                <a href={link(c)}>{c.namespace}/{c.name}</a> <span className={phaseClass(c.phase)}>{c.phase}</span> {c.attention}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <table className="rollouts" data-testid="rollouts">
        <thead>
          <tr><th>Namespace</th><th>Name</th><th>Phase</th><th>Strategy</th><th>Step</th><th>Weight</th><th>Ready</th><th>Images</th><th>Age</th></tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={`${c.namespace}/${c.name}`} data-rollout={`${c.namespace}/${c.name}`}>
              <td>{c.namespace}</td>
              <td><a href={link(c)}>{c.name}</a></td>
              <td><span className={phaseClass(c.phase)} data-testid="phase">{c.phase}</span></td>
              <td>{c.strategy}</td>
              <td data-testid="step">{c.step ?? ''}</td>
              <td>{c.setWeight !== undefined ? `${c.setWeight}%` : ''}{c.actualWeight !== undefined && c.actualWeight !== c.setWeight ? ` (actual ${c.actualWeight}%)` : ''}</td>
              <td>{c.ready}</td>
              <td className="images">{c.images.join(', ')}</td>
              <td>{c.age}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cards.length === 0 ? <p className="muted">No rollouts found.</p> : null}
    </main>
  );
}
