import { describe, expect, it } from 'vitest';
import { setPath, validAnalysisTemplate } from '../../../test/unit/objects.js';
import type { Problem } from '../problem.js';
import { analysisTemplateProblems } from './analysis.js';

const M = 'spec.metrics[0]';
type Row = [name: string, changes: Record<string, unknown>, expected: Problem[]];

const rows: Row[] = [
  ['valid template', {}, []],
  ['no metrics', { 'spec.metrics': [] }, [{ path: 'spec.metrics', message: 'must list at least one metric' }]],
  ['duplicate metric names', { 'spec.metrics[1]': { name: 'success-rate', provider: { web: { url: 'http://x' } } } }, [
    { path: 'spec.metrics[1].name', message: 'duplicate metric name "success-rate" (also at index 0)' },
  ]],
  ['count above 1 without interval', { [`${M}.interval`]: undefined }, [
    { path: `${M}.interval`, message: 'is required when count is above 1 (count is 5)' },
  ]],
  ['count 1 without interval', { [`${M}.interval`]: undefined, [`${M}.count`]: 1 }, []],
  ['failureLimit above count', { [`${M}.failureLimit`]: 6 }, [{ path: `${M}.failureLimit`, message: 'must not exceed count (5), got 6' }]],
  ['inconclusiveLimit above count', { [`${M}.inconclusiveLimit`]: 9 }, [{ path: `${M}.inconclusiveLimit`, message: 'must not exceed count (5), got 9' }]],
  ['failureLimit -1 disables the limit', { [`${M}.failureLimit`]: -1 }, []],
  ['failureLimit below -1', { [`${M}.failureLimit`]: -2 }, [{ path: `${M}.failureLimit`, message: 'must be >= -1, got -2' }]],
  ['failureLimit as an arg placeholder', { [`${M}.failureLimit`]: '{{args.service}}' }, []],
  ['failureLimit as a digit string', { [`${M}.failureLimit`]: '2' }, []],
  ['failureLimit not a number', { [`${M}.failureLimit`]: 'many' }, [
    { path: `${M}.failureLimit`, message: 'must be an integer or an {{args.name}} placeholder, got "many"' },
  ]],
  ['negative consecutiveErrorLimit', { [`${M}.consecutiveErrorLimit`]: -1 }, [{ path: `${M}.consecutiveErrorLimit`, message: 'must be >= 0, got -1' }]],
  ['bad interval', { [`${M}.interval`]: 'often' }, [
    { path: `${M}.interval`, message: 'must be a duration: an integer number of seconds or a string like 30s, 5m, 1h; got "often"' },
  ]],
  ['bad initialDelay', { [`${M}.initialDelay`]: '5 min' }, [
    { path: `${M}.initialDelay`, message: 'must be a duration: an integer number of seconds or a string like 30s, 5m, 1h; got "5 min"' },
  ]],
  ['no provider', { [`${M}.provider`]: {} }, [{ path: `${M}.provider`, message: 'must name one metric provider (prometheus, job, web, ...), found none' }]],
  ['two providers', { [`${M}.provider.web`]: { url: 'http://x' } }, [
    { path: `${M}.provider`, message: 'must name exactly one metric provider, found prometheus, web' },
  ]],
  ['undeclared arg', { 'spec.args': [] }, [
    { path: `${M}.provider.prometheus.query`, message: 'uses {{args.service}} but spec.args declares no arg "service"' },
  ]],
  ['undeclared arg with spaces', { [`${M}.successCondition`]: 'result[0] >= {{ args.threshold }}' }, [
    { path: `${M}.successCondition`, message: 'uses {{args.threshold}} but spec.args declares no arg "threshold" (declared: service)' },
  ]],
  ['duplicate arg names', { 'spec.args[1]': { name: 'service' } }, [{ path: 'spec.args[1].name', message: 'duplicate arg name "service" (also at index 0)' }]],
  ['unclosed placeholder', { [`${M}.successCondition`]: 'result[0] >= {{args.service' }, [
    { path: `${M}.successCondition`, message: 'has an unclosed placeholder "{{args.service": write {{args.name}}' },
  ]],
  ['negative inconclusiveLimit', { [`${M}.inconclusiveLimit`]: -1 }, [{ path: `${M}.inconclusiveLimit`, message: 'must be >= 0, got -1' }]],
];

describe('analysisTemplateProblems', () => {
  it.each(rows)('%s', (_name, changes, expected) => {
    const t = validAnalysisTemplate();
    for (const [path, v] of Object.entries(changes)) setPath(t, path, v);
    expect(analysisTemplateProblems(t)).toEqual(expected);
  });

  it.each([null, 'x', { spec: { metrics: 'x' } }, { spec: { metrics: [null, 1, 'x'] } }])('never throws on %j', (v) => {
    expect(() => analysisTemplateProblems(v)).not.toThrow();
  });
});
