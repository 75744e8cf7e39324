// Runs `kanary lint` over each malformed manifest in lint-fixtures/ and compares the whole
// output with NAME.expected (exit code, stdout, stderr). Set UPDATE_LINT_FIXTURES=1 to rewrite
// the expected files after a deliberate message change, then review the diff.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './capture-io.js';

const DIR = join(import.meta.dirname, 'lint-fixtures');
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

async function lintOutput(file: string): Promise<string> {
  const io = captureIo();
  const code = await main(['node', 'kanary', 'lint', join(DIR, file)], io);
  const strip = (s: string) => s.split(`${DIR}/`).join('');
  return `exit ${code}\n--- stdout\n${strip(io.out())}--- stderr\n${strip(io.err())}`;
}

describe('kanary lint on malformed manifests', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
  });

  it.each(fixtures)('%s', async (file) => {
    const actual = await lintOutput(file);
    const expectedFile = join(DIR, file.replace(/\.yaml$/, '.expected'));
    if (process.env['UPDATE_LINT_FIXTURES'] === '1') writeFileSync(expectedFile, actual);
    expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
    expect(actual).not.toMatch(/^exit 0/);
  });
});
