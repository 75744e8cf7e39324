// One Markdown table per workload: a row per controller at each setting, and a last column with
// Kanary's figures divided by Argo's (below 1 is Kanary ahead where less is better).
import { say } from '../bench-cluster.js';
import type { Controller } from './controllers.js';

export interface Figure {
  /** The column's title. */
  readonly column: string;
  readonly value: number;
  readonly text: string;
  /** The short name in the ratio column; figures without one are shown but not divided. */
  readonly ratio?: string;
}

export const seconds = (column: string, s: number, ratio?: string): Figure => ({ column, value: s, text: `${s.toFixed(1)} s`, ratio });
export const millis = (column: string, ms: number, ratio?: string): Figure =>
  ({ column, value: ms, text: ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`, ratio });
export const mebibytes = (column: string, mib: number, ratio?: string): Figure => ({ column, value: mib, text: `${mib.toFixed(0)} MiB`, ratio });
export const amount = (column: string, n: number, digits: number, ratio?: string): Figure => ({ column, value: n, text: n.toFixed(digits), ratio });

export interface TableRow { readonly setting: string; readonly results: Partial<Record<Controller, readonly Figure[]>> }

function ratios(argo: readonly Figure[] | undefined, kanary: readonly Figure[] | undefined): string {
  if (!argo || !kanary) return '';
  return kanary.flatMap((k, i) => {
    const a = argo[i];
    return k.ratio && a && a.value > 0 && Number.isFinite(k.value) ? [`${k.ratio} ${(k.value / a.value).toFixed(2)}x`] : [];
  }).join(', ');
}

/** The table's Markdown lines, `title` first. */
export function tableLines(title: string, rows: readonly TableRow[]): string[] {
  const first = rows.flatMap((r) => Object.values(r.results))[0];
  if (!first) return [title, '(no results)'];
  const cell = (f: readonly Figure[] | undefined) => first.map((_, i) => f?.[i]?.text ?? '-').join(' | ');
  const out = [title, `| setting | controller | ${first.map((f) => f.column).join(' | ')} | Kanary / Argo |`,
    `| --- | --- | ${first.map(() => '---').join(' | ')} | --- |`];
  for (const r of rows) {
    out.push(`| ${r.setting} | Argo Rollouts | ${cell(r.results['Argo Rollouts'])} | |`);
    out.push(`| | Kanary | ${cell(r.results.Kanary)} | ${ratios(r.results['Argo Rollouts'], r.results.Kanary)} |`);
  }
  return out;
}

export function printTable(title: string, rows: readonly TableRow[]): void {
  say('');
  for (const line of tableLines(title, rows)) say(line);
}
