// Text without colour: a line is a list of segments, each with an optional tone a renderer may
// colour (the CLI with ANSI escapes, the dashboard with CSS classes).

import type { Tone } from './status-icons.js';

export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
}

export type Line = readonly Segment[];

/** Display width: one column per code point (every icon used here is one column wide). */
export function width(text: string): number {
  return [...text].length;
}

export function padEnd(text: string, n: number): string {
  return text + ' '.repeat(Math.max(0, n - width(text)));
}

export function plainLine(line: Line): string {
  return line.map((s) => s.text).join('').trimEnd();
}

/** The lines as plain text, one per row, with a final newline. */
export function plainText(lines: readonly Line[]): string {
  return lines.map((l) => `${plainLine(l)}\n`).join('');
}

/**
 * Aligns rows of cells into columns `gap` spaces apart; the last cell of a row is not padded.
 * Cells keep their tone, so colour can be added after alignment without breaking it.
 */
export function alignColumns(rows: readonly (readonly Segment[])[], gap = 2): Line[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, width(cell.text)); });
  return rows.map((row) => row.flatMap((cell, i) => {
    const pad = i === row.length - 1 ? '' : ' '.repeat((widths[i] ?? 0) + gap - width(cell.text));
    const out: Segment[] = [cell.tone ? { text: cell.text, tone: cell.tone } : { text: cell.text }];
    if (pad) out.push({ text: pad });
    return out;
  }));
}
