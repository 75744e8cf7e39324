// Every seed manifest (../shared/seeds/manifests beside the repo, or KANARY_SEEDS) and every example lints
// clean. Seeds are linted one file at a time, as their articles apply them; examples/ as a
// whole, since its files are meant to be applied together.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo } from './capture-io.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SEEDS = process.env['KANARY_SEEDS'] ?? join(ROOT, '..', 'shared', 'seeds', 'manifests');
const seedFiles = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => /\.ya?ml$/.test(f)).sort() : [];

async function lint(...paths: string[]) {
  const io = captureIo();
  const code = await main(['node', 'kanary', 'lint', ...paths], io);
  return { code, out: io.out(), err: io.err() };
}

describe('seed manifests', () => {
  it('are there to check', () => {
    expect(seedFiles.length, `no seed manifests in ${SEEDS}`).toBeGreaterThan(5);
  });

  it('lint clean as one directory (kanary lint ../shared/seeds/manifests)', async () => {
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

  it('holds the canonical examples and a copy of every seed manifest', () => {
    const names = readdirSync(join(ROOT, 'examples'));
    for (const f of ['basic-canary.yaml', 'blue-green.yaml', 'prometheus-analysis.yaml', 'experiment.yaml', 'README.md']) {
      expect(names).toContain(f);
    }
    const seeds = readdirSync(join(ROOT, 'examples', 'seeds'));
    for (const f of seedFiles) expect(seeds).toContain(`seed-${f}`);
  });
});
