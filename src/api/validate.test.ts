import { describe, expect, it } from 'vitest';
import { setPath, validAnalysisTemplate, validExperiment, validRollout } from '../../test/unit/objects.js';
import { validateManifest } from './validate.js';

describe('validateManifest', () => {
  it('accepts valid objects', () => {
    expect(validateManifest(validRollout())).toEqual([]);
    expect(validateManifest(validAnalysisTemplate())).toEqual([]);
    expect(validateManifest(validExperiment())).toEqual([]);
  });

  it('reports schema problems first, then semantic ones, all of them', () => {
    const r = setPath(setPath(validRollout(), 'spec.replicas', 'three'), 'spec.strategy.canary.steps[0].setWeight', 150);
    const problems = validateManifest(r);
    expect(problems.map((p) => p.path)).toEqual(['spec.replicas', 'spec.strategy.canary.steps[0].setWeight']);
    expect(problems[1]?.message).toBe('must be 0-100, got 150');
  });

  it('reports a one-of field once', () => {
    const r = setPath(validRollout(), 'spec.strategy.canary.steps[0].pause', {});
    const paths = validateManifest(r).map((p) => p.path);
    expect(paths).toEqual(['spec.strategy.canary.steps[0]']);
  });
});
