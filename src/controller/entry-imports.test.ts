// What the controller process loads at start: every module the entry reaches through imports
// that survive compilation (type-only ones are erased), followed through our own files. Loading
// @kubernetes/client-node's runtime costs about 66 MiB of resident memory and the AWS SDK about
// 19 MiB (docs/performance.md); the CLI and dashboard are other processes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The modules `entry` loads before it runs: our files (relative to src/) and packages. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const js = ts.transpileModule(readFileSync(path.join(src, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 }, fileName: file,
    }).outputText;
    // Static imports and re-exports only: an `import()` inside a function loads on first use.
    for (const m of js.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) visit(path.normalize(path.join(path.dirname(file), spec.replace(/\.js$/, '.ts'))));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the controller entry', () => {
  const { files, packages } = staticGraph('controller/main.ts');

  it('reaches the reconcilers (the walk follows our imports)', () => {
    expect(files).toContain('controller/rollout-reconciler.ts');
    expect(files).toContain('kube/kubeconfig.ts');
    expect(packages).toContain('pino');
  });

  it('does not load @kubernetes/client-node at start', () => {
    expect([...packages].filter((p) => p.startsWith('@kubernetes/'))).toEqual([]);
  });

  it('loads the AWS SDK only when a CloudWatch metric is measured', () => {
    expect(files).toContain('providers/cloudwatch/index.ts');
    expect([...packages].filter((p) => p.startsWith('@aws-sdk/'))).toEqual([]);
  });

  it('does not load the CLI or the dashboard', () => {
    expect([...files].filter((f) => f.startsWith('cli/') || f.startsWith('dashboard/'))).toEqual([]);
  });
});
