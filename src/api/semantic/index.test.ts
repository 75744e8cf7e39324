import { describe, expect, it } from 'vitest';
import { validAnalysisTemplate, validExperiment, validRollout } from '../../../test/unit/objects.js';
import { semanticProblems } from './index.js';

describe('semanticProblems', () => {
  it('chooses the rules by kind', () => {
    expect(semanticProblems(validRollout())).toEqual([]);
    expect(semanticProblems(validExperiment())).toEqual([]);
    expect(semanticProblems(validAnalysisTemplate())).toEqual([]);
    expect(semanticProblems({ ...validAnalysisTemplate(), kind: 'ClusterAnalysisTemplate', spec: { metrics: [] } }))
      .toEqual([{ path: 'spec.metrics', message: 'must list at least one metric' }]);
  });
  it('says nothing about kinds it does not know', () => {
    expect(semanticProblems({ kind: 'Service', spec: { selector: {} } })).toEqual([]);
    expect(semanticProblems(undefined)).toEqual([]);
  });
});
