// `get rollout`: the summary block (status, strategy, step, weights, images, replicas, what it
// waits for) above the tree. The dashboard shows the same facts from the same functions.

import { wellFormed } from './well-formed.js';
import type { Line, Segment } from './text.js';
import { padEnd } from './text.js';
import type { RolloutViewInput } from './objects.js';
import { rolloutSummary, type RolloutSummary } from './rollout-summary.js';
import { rolloutTree } from './rollout-tree.js';
import { treeLines } from './tree.js';
import { markText } from './status-icons.js';
import { trafficWeightsView, type TrafficWeightsView } from './traffic-weights.js';
import { waitingFor } from './waiting-for.js';

const LABEL_WIDTH = 17;

const field = (label: string, value: string | Segment): Line => [
  { text: padEnd(label, LABEL_WIDTH) },
  typeof value === 'string' ? { text: value } : value,
];

function trafficLines(t: TrafficWeightsView | undefined): Line[] {
  if (!t) return [];
  return [
    field('Traffic:', ''),
    field('  Set:', t.set),
    field('  Routed:', t.differs ? { text: `${t.routed} (not what was set)`, tone: 'warn' } : t.routed),
    field('  Verified:', t.verified),
  ];
}

function summaryLines(s: RolloutSummary, waiting: string | undefined, traffic: TrafficWeightsView | undefined): Line[] {
  const lines: Line[] = [
    field('Name:', s.name),
    field('Namespace:', s.namespace),
    field('Status:', { text: markText(s.mark), tone: s.mark.tone }),
  ];
  if (s.message) lines.push(field('Message:', s.message));
  if (waiting) lines.push(field('Waiting for:', waiting));
  lines.push(field('Strategy:', s.strategy));
  if (s.step !== undefined) lines.push(field('  Step:', s.step));
  if (s.setWeight !== undefined) lines.push(field('  SetWeight:', String(s.setWeight)));
  if (s.actualWeight !== undefined) lines.push(field('  ActualWeight:', String(s.actualWeight)));
  lines.push(...trafficLines(traffic));
  s.images.forEach((img, i) => {
    lines.push(field(i === 0 ? 'Images:' : '', `${img.image}${img.roles.length > 0 ? ` (${img.roles.join(', ')})` : ''}`));
  });
  lines.push(
    field('Replicas:', ''),
    field('  Desired:', String(s.replicas.desired)),
    field('  Current:', String(s.replicas.current)),
    field('  Updated:', String(s.replicas.updated)),
    field('  Ready:', String(s.replicas.ready)),
    field('  Available:', String(s.replicas.available)),
  );
  return lines;
}

/** The whole `get rollout` screen, without colour: summary, a blank line, the tree. */
export function rolloutView(raw: RolloutViewInput): Line[] {
  const input = { ...raw, rollout: wellFormed(raw.rollout) };
  const summary = rolloutSummary(input.rollout, input.replicaSets);
  const waiting = waitingFor(input.rollout, input.replicaSets, input.analysisRuns, input.now);
  return [...summaryLines(summary, waiting, trafficWeightsView(input.rollout, input.routed)), [], ...treeLines(rolloutTree(input))];
}
