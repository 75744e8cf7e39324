import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CanaryStep } from '../../api/types.js';
import { goJsonOfSteps, stepsHash } from './step-hash.js';

// Hashes computed by Argo Rollouts' own code for seed and example steps, hand-picked corners and
// 300 generated step lists (see test/fixtures/argo-step-hash/generate.go).
const vectors = JSON.parse(readFileSync(new URL('../../../test/fixtures/argo-step-hash/vectors.json', import.meta.url), 'utf8')) as
  { source: string; steps: CanaryStep[] | null; argoHash: string }[];

describe('stepsHash equals Argo Rollouts\' currentStepHash', () => {
  it('has vectors from the seeds, the examples, the corners and generated lists', () => {
    expect(vectors.filter((v) => v.source.startsWith('seeds/')).length).toBeGreaterThan(3);
    expect(vectors.filter((v) => v.source.startsWith('generated')).length).toBe(300);
  });

  it.each(vectors.filter((v) => !v.source.startsWith('generated')).map((v) => [v.source, v] as const))('%s', (_source, v) => {
    expect(stepsHash(v.steps ?? undefined)).toBe(v.argoHash);
  });

  it('for all 300 generated step lists', () => {
    const wrong = vectors.filter((v) => v.source.startsWith('generated') && stepsHash(v.steps ?? undefined) !== v.argoHash);
    expect(wrong.map((v) => `${v.source}: ${goJsonOfSteps(v.steps ?? undefined)}`)).toEqual([]);
  });
});

describe('goJsonOfSteps writes what Go\'s encoder writes', () => {
  it.each([
    ['no steps', undefined, 'null'],
    ['an empty list', [], '[]'],
    ['struct order, not the object\'s', [{ analysis: { args: [{ value: 'v', name: 'n' }], templates: [{ templateName: 't' }] } }],
      '[{"analysis":{"templates":[{"templateName":"t"}],"args":[{"name":"n","value":"v"}],"analysisRunMetadata":{}}}]'],
    ['a pointer keeps its zero, a bool drops its false', [{ setCanaryScale: { replicas: 0, matchTrafficWeight: false } }], '[{"setCanaryScale":{"replicas":0}}]'],
    ['a nil pointer without omitempty is null', [{ setHeaderRoute: { match: [{ headerName: 'h' }] } }], '[{"setHeaderRoute":{"match":[{"headerName":"h","headerValue":null}]}}]'],
    ['HTML-safe strings', [{ plugin: { name: 'a<b>&' } }], '[{"plugin":{"name":"a\\u003cb\\u003e\\u0026"}}]'],
  ])('%s', (_name, steps, want) => {
    expect(goJsonOfSteps(steps as CanaryStep[] | undefined)).toBe(want);
  });
});
