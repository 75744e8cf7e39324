// `list rollouts`: one row per Rollout, NAME STRATEGY STATUS STEP SET-WEIGHT READY DESIRED
// UP-TO-DATE AVAILABLE (NAMESPACE first across namespaces).

import { wellFormed } from './well-formed.js';
import type { Rollout } from '../api/types.js';
import { rolloutSummary } from './rollout-summary.js';
import { alignColumns, type Line, type Segment } from './text.js';

const HEADERS = ['NAME', 'STRATEGY', 'STATUS', 'STEP', 'SET-WEIGHT', 'READY', 'DESIRED', 'UP-TO-DATE', 'AVAILABLE'];

export function rolloutRow(rollout: Rollout): Segment[] {
  const s = rolloutSummary(rollout, []);
  return [
    { text: s.name },
    { text: s.strategy },
    { text: s.phase, tone: s.mark.tone },
    { text: s.step ?? '-' },
    { text: s.setWeight === undefined ? '-' : String(s.setWeight) },
    { text: `${s.replicas.ready}/${s.replicas.current}` },
    { text: String(s.replicas.desired) },
    { text: String(s.replicas.updated) },
    { text: String(s.replicas.available) },
  ];
}

/** The table, sorted by namespace then name; `withNamespace` adds the NAMESPACE column. */
export function rolloutsTable(raw: readonly Rollout[], withNamespace = false): Line[] {
  const sorted = raw.map(wellFormed).sort((a, b) =>
    `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}` < `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}` ? -1 : 1);
  const header = (withNamespace ? ['NAMESPACE', ...HEADERS] : HEADERS).map((text) => ({ text }));
  const rows = sorted.map((r) => (withNamespace ? [{ text: r.metadata.namespace ?? '' }, ...rolloutRow(r)] : rolloutRow(r)));
  return alignColumns([header, ...rows]);
}
