// The project stands alone: a user's clone has nothing beside it, so no file of the project may
// read or link a folder outside the repository. This fails on any mention of the team's folder
// that sat beside the repository while it was written.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
// Written in pieces so that this file does not match itself.
const OUTSIDE = new RegExp(['\\.\\./', '(\\.\\./)*', 'shared', '(?=[/\'"`\\s)]|$)'].join(''));
const SKIP = new Set(['node_modules', 'dist', '.cluster', '.git']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

describe('the repository stands alone', () => {
  const roots = ['src', 'test', 'scripts', 'bench', 'hack', 'docs', 'examples', 'manifests', '.ci'];
  const all = [...roots.flatMap((r) => files(join(ROOT, r))), join(ROOT, 'README.md'), join(ROOT, 'package.json')];

  it('has files to check', () => expect(all.length).toBeGreaterThan(100));

  it('no file refers to a folder beside the repository', () => {
    const offenders = all.flatMap((f) => readFileSync(f, 'utf8').split('\n')
      .map((line, i) => (OUTSIDE.test(line) ? `${relative(ROOT, f)}:${i + 1}: ${line.trim()}` : undefined))
      .filter((x): x is string => x !== undefined));
    expect(offenders).toEqual([]);
  });

  it('the check itself catches such a reference', () => {
    expect(OUTSIDE.test(['see ..', 'shared/DESIGN.md'].join('/'))).toBe(true);
    expect(OUTSIDE.test('import x from "../shared-things"')).toBe(false);
  });
});
