// Redraws a block of lines in place on a terminal (cursor up, clear each line), or, on anything
// else, prints each new block after a blank line. Hides the cursor while it owns the screen.

import type { TextSink } from './io.js';

const ESC = '\x1b[';

export class Screen {
  private shown = 0;
  private last: string | undefined;

  constructor(private readonly out: TextSink, readonly tty: boolean) {}

  /** Draws the lines unless they are what is already there. */
  draw(lines: readonly string[]): void {
    const text = lines.join('\n');
    if (text === this.last) return;
    if (!this.tty) {
      this.out.write(`${this.last === undefined ? '' : '\n'}${text}\n`);
      this.last = text;
      return;
    }
    let s = this.shown === 0 ? `${ESC}?25l` : `${ESC}${this.shown}A\r`;
    for (const line of lines) s += `${ESC}2K${line}\n`;
    // A shorter block leaves old lines below it: clear to the end of the screen.
    if (lines.length < this.shown) s += `${ESC}J`;
    this.out.write(s);
    this.shown = lines.length;
    this.last = text;
  }

  /** Gives the terminal back: the cursor visible again. */
  close(): void {
    if (this.tty) this.out.write(`${ESC}?25h`);
  }
}

export function terminalColumns(stream: unknown): number | undefined {
  const s = stream as { isTTY?: boolean; columns?: number };
  return s.isTTY && typeof s.columns === 'number' && s.columns > 0 ? s.columns : undefined;
}

export function terminalRows(stream: unknown): number | undefined {
  const s = stream as { isTTY?: boolean; rows?: number };
  return s.isTTY && typeof s.rows === 'number' && s.rows > 0 ? s.rows : undefined;
}

/** At most `rows - 1` lines, so a redraw never scrolls: the cursor cannot move above the top. */
export function fitRows(lines: readonly string[], rows: number | undefined): string[] {
  if (rows === undefined || lines.length < rows) return [...lines];
  const keep = Math.max(1, rows - 2);
  return [...lines.slice(0, keep), `... ${lines.length - keep} more lines: enlarge the window to see them`];
}
