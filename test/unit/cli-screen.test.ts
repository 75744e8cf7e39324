import { describe, expect, it } from 'vitest';
import { paintLine } from '../../src/cli/paint.js';
import { Screen, fitRows } from '../../src/cli/screen.js';

const sink = () => {
  let text = '';
  return { write: (s: string) => { text += s; return true; }, text: () => text };
};

describe('Screen', () => {
  it('on a terminal draws in place: hide cursor, cursor up over the last block, clear each line', () => {
    const out = sink();
    const screen = new Screen(out, true);
    screen.draw(['a', 'b', 'c']);
    screen.draw(['a', 'b', 'c']); // unchanged: nothing written
    screen.draw(['x', 'y']);
    screen.close();
    expect(out.text()).toBe('\x1b[?25l\x1b[2Ka\n\x1b[2Kb\n\x1b[2Kc\n' + '\x1b[3A\r\x1b[2Kx\n\x1b[2Ky\n\x1b[J' + '\x1b[?25h');
  });

  it('elsewhere prints each changed block after a blank line, with no escapes', () => {
    const out = sink();
    const screen = new Screen(out, false);
    screen.draw(['a']);
    screen.draw(['a']);
    screen.draw(['b']);
    screen.close();
    expect(out.text()).toBe('a\n\nb\n');
  });
});

describe('paintLine', () => {
  const line = [{ text: 'web  ' }, { text: '✔ Healthy', tone: 'ok' as const }, { text: '  5m' }];
  it('colours toned segments only when asked', () => {
    expect(paintLine(line, false)).toBe('web  ✔ Healthy  5m');
    expect(paintLine(line, true)).toBe('web  \x1b[32m✔ Healthy\x1b[0m  5m');
  });
  it('cuts to the terminal width in columns, not bytes', () => {
    expect(paintLine(line, false, 7)).toBe('web  ✔');
  });
});

describe('fitRows', () => {
  it('keeps a block shorter than the terminal, so redrawing never scrolls', () => {
    expect(fitRows(['a', 'b'], undefined)).toEqual(['a', 'b']);
    expect(fitRows(['a', 'b'], 3)).toEqual(['a', 'b']);
    expect(fitRows(['a', 'b', 'c', 'd', 'e'], 4)).toEqual(['a', 'b', '... 3 more lines: enlarge the window to see them']);
  });
});
