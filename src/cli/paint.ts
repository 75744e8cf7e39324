// The thin colour renderer over the view model's lines: ANSI colours by tone, or plain text.

import type { Line, Tone } from '../views/index.js';

const SGR: Record<Tone, string> = {
  ok: '32', bad: '31', progress: '33', paused: '36', waiting: '33', warn: '35', neutral: '90',
};

/** One line as text; cut to `maxWidth` columns (code points) when given, so it never wraps. */
export function paintLine(line: Line, color: boolean, maxWidth?: number): string {
  let out = '';
  let left = maxWidth ?? Number.POSITIVE_INFINITY;
  for (const seg of line) {
    if (left <= 0) break;
    const chars = [...seg.text];
    const text = chars.length > left ? chars.slice(0, left).join('') : seg.text;
    left -= Math.min(chars.length, left);
    out += color && seg.tone ? `\x1b[${SGR[seg.tone]}m${text}\x1b[0m` : text;
  }
  return out.trimEnd();
}

export function paint(lines: readonly Line[], color: boolean, maxWidth?: number): string[] {
  return lines.map((l) => paintLine(l, color, maxWidth));
}

/** Colour by default on a terminal, unless NO_COLOR is set or --no-color was given. */
export function wantColor(stream: unknown, flag: boolean | undefined): boolean {
  if (flag === false || process.env.NO_COLOR) return false;
  return (stream as { isTTY?: boolean }).isTTY === true;
}
