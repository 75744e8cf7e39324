import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setPath, validAnalysisTemplate, validExperiment, validRollout } from '../../../test/unit/objects.js';
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

describe('semanticProblems on arbitrary input (property)', () => {
  const kinds = fc.constantFrom('Rollout', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun', 'Experiment');
  it('never throws, and every problem has a path and a message', () => {
    fc.assert(fc.property(kinds, fc.jsonValue(), (kind, spec) => {
      for (const p of semanticProblems({ kind, spec })) {
        expect(typeof p.path).toBe('string');
        expect(p.message.length).toBeGreaterThan(0);
      }
    }), { numRuns: 500 });
  });

  it('never throws when one field of a valid Rollout is replaced by anything', () => {
    const paths = ['spec.selector', 'spec.strategy.canary.steps', 'spec.strategy.canary.steps[0]', 'spec.strategy.canary.trafficRouting',
      'spec.strategy.canary.trafficRouting.managedRoutes', 'spec.template', 'spec.strategy.canary.analysis'];
    fc.assert(fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, v) => {
      expect(() => semanticProblems(setPath(validRollout(), path, v))).not.toThrow();
    }), { numRuns: 500 });
  });
});
