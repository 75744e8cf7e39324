// Every seed scenario's manifest (examples/seeds/) and every example lints clean. Seeds are linted
// one file at a time, as their articles apply them; examples/ as a whole, since its files are
// meant to be applied together.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './capture-io.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SEEDS = join(ROOT, 'examples', 'seeds');
const seedFiles = readdirSync(SEEDS).filter((f) => /\.ya?ml$/.test(f)).sort();

async function lint(...paths: string[]) {
  const io = captureIo();
  const code = await main(['node', 'kanary', 'lint', ...paths], io);
  return { code, out: io.out(), err: io.err() };
}

describe('seed manifests', () => {
  it('are there to check', () => {
    // The five seed articles' nine manifests, 000 to 004.
    expect(seedFiles).toHaveLength(9);
    expect(new Set(seedFiles.map((f) => f.slice(0, 'seed-00x'.length)))).toEqual(
      new Set(['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']));
  });

  it('lint clean as one directory (kanary lint examples/seeds)', async () => {
    const r = await lint(SEEDS);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it.each(seedFiles)('%s lints clean', async (file) => {
    const r = await lint(join(SEEDS, file));
    expect(r.out).toBe('');
    expect(r.err).toMatch(/, no problems\n$/);
    expect(r.code).toBe(0);
  });
});

describe('examples/', () => {
  it('lints clean as a whole', async () => {
    const r = await lint(join(ROOT, 'examples'));
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('holds the canonical examples and the seed scenarios', () => {
    const names = readdirSync(join(ROOT, 'examples'));
    for (const f of ['basic-canary.yaml', 'blue-green.yaml', 'prometheus-analysis.yaml', 'experiment.yaml', 'README.md', 'seeds']) {
      expect(names).toContain(f);
    }
  });
});
