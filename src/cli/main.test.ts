import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../test/unit/capture-io.js';
import { main } from './main.js';

const run = async (args: string[], stdin = '') => {
  const io = captureIo(stdin);
  const code = await main(['node', 'kanary', ...args], io);
  return { code, out: io.out(), err: io.err() };
};

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: web:1}]
  strategy:
    canary:
      steps:
      - setWeight: 150
`;

function tempTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kanary-lint-'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'b', 'bad.yml'), ROLLOUT);
  writeFileSync(join(dir, 'a.yaml'), ROLLOUT.replace('150', '50').replace('name: web', 'name: web-a'));
  writeFileSync(join(dir, 'notes.txt'), 'not yaml: [');
  return dir;
}

describe('kanary lint', () => {
  it('prints one line per problem with file:line:col, and exits 2', async () => {
    const dir = tempTree();
    const r = await run(['lint', join(dir, 'b', 'bad.yml')]);
    expect(r.code).toBe(2);
    expect(r.out).toBe(`${join(dir, 'b', 'bad.yml')}:16:9  Rollout/web  spec.strategy.canary.steps[0].setWeight: must be 0-100, got 150\n`);
    expect(r.err).toBe('1 document, 1 problem\n');
  });

  it('walks directories recursively, sorted, *.yaml and *.yml only', async () => {
    const dir = tempTree();
    const r = await run(['lint', dir]);
    expect(r.code).toBe(2);
    expect(r.out.split('\n').filter(Boolean).map((l) => l.split(':')[0])).toEqual([join(dir, 'b', 'bad.yml')]);
    expect(r.err).toBe('2 documents, 1 problem\n');
  });

  it('exits 0 on clean input and says so on stderr', async () => {
    const dir = tempTree();
    const r = await run(['lint', '-f', join(dir, 'a.yaml')]);
    expect(r).toEqual({ code: 0, out: '', err: '1 document, no problems\n' });
  });

  it('reads - from stdin', async () => {
    const r = await run(['lint', '-'], ROLLOUT);
    expect(r.code).toBe(2);
    expect(r.out).toBe('<stdin>:16:9  Rollout/web  spec.strategy.canary.steps[0].setWeight: must be 0-100, got 150\n');
  });

  it('exits 1 on a missing file, still linting the others', async () => {
    const dir = tempTree();
    const r = await run(['lint', join(dir, 'nope.yaml'), join(dir, 'b')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('must be 0-100, got 150');
    expect(r.err).toBe(`${join(dir, 'nope.yaml')}: cannot read: no such file or directory\n1 document, 1 problem; 1 input could not be read\n`);
  });

  it('exits 1 on a YAML syntax error, with its position', async () => {
    const r = await run(['lint', '-'], 'kind: Rollout\nspec:\n  replicas: [1\n  x: 2\n');
    expect(r.code).toBe(1);
    expect(r.err).toBe('<stdin>:4:3  YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]\n0 documents, no problems; 1 input could not be read\n');
  });

  it('skips documents of other API groups', async () => {
    const r = await run(['lint', '-'], 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {selector: {}}\n');
    expect(r).toEqual({ code: 0, out: '', err: '1 document, no problems\n' });
  });

  it('asks for a path when given none', async () => {
    const r = await run(['lint']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('give at least one FILE, DIR or -');
  });
});

describe('kanary', () => {
  it('prints its version', async () => {
    const r = await run(['version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^kanary \d+\.\d+\.\d+ \(argoproj\.io\/v1alpha1\)\n$/);
  });

  it('returns 0 for --help and 2 for an unknown command', async () => {
    expect((await run(['--help'])).code).toBe(0);
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });

  it('runs as the built binary: lint examples/ is clean', () => {
    // tsc emits even when a file elsewhere has type errors; this test is about the binary. The build
    // takes about a minute on a quiet 2-core machine: the limit leaves room for a loaded one.
    spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'ignore' });
    const r = spawnSync('node', ['bin/kanary.js', 'lint', 'examples/'], { encoding: 'utf8' });
    // Valid for Argo Rollouts; the features Kanary holds are listed on stderr, ahead of the summary.
    expect(r.stderr).toMatch(/(^|\n)\d+ documents, no problems\n$/);
    // Blue-green and seed 002's ALB-routed weighted experiment run: not among the held ones.
    expect(r.stderr).not.toContain('examples/blue-green.yaml');
    expect(r.stderr).not.toContain('seed-002-rollout-weighted-experiment.yaml');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  }, 300_000);
});
