// Status words with their icons (Argo Rollouts' CLI symbols) and a tone the renderers colour.

import type { AnalysisPhase, RolloutPhase } from '../api/types.js';

/** How a renderer colours a status: the view model itself has no colour. */
export type Tone = 'ok' | 'bad' | 'progress' | 'paused' | 'waiting' | 'warn' | 'neutral';

export interface StatusMark {
  readonly icon: string;
  readonly word: string;
  readonly tone: Tone;
}

export const ICONS = {
  ok: '✔',
  bad: '✖',
  progress: '◌',
  paused: '॥',
  waiting: '◷',
  warn: '⚠',
  neutral: '•',
  rollout: '⟳',
  revision: '#',
  replicaSet: '⧉',
  pod: '□',
  analysisRun: 'α',
  job: '⊞',
  deployment: '⊡',
} as const;

const mark = (tone: Exclude<Tone, 'neutral'> | 'neutral', word: string): StatusMark => ({ icon: ICONS[tone], word, tone });

export function rolloutMark(phase: RolloutPhase | undefined): StatusMark {
  switch (phase) {
    case 'Healthy': return mark('ok', 'Healthy');
    case 'Paused': return mark('paused', 'Paused');
    case 'Degraded': return mark('bad', 'Degraded');
    default: return mark('progress', 'Progressing');
  }
}

export function analysisMark(phase: AnalysisPhase | undefined): StatusMark {
  switch (phase) {
    case 'Successful': return mark('ok', 'Successful');
    case 'Failed': return mark('bad', 'Failed');
    case 'Error': return mark('warn', 'Error');
    case 'Inconclusive': return mark('warn', 'Inconclusive');
    case 'Running': return mark('progress', 'Running');
    default: return mark('waiting', 'Pending');
  }
}

/** "✔ Healthy": the icon and the word, as a cell. */
export function markText(m: StatusMark): string {
  return `${m.icon} ${m.word}`;
}

export { mark as statusMark };
