import { describe, expect, it } from 'vitest';
import type { AnalysisTemplate, AnalysisTemplateSpec, ClusterAnalysisTemplate } from '../../api/types.js';
import { mergeTemplates } from './merge-templates.js';
import { metric } from './runs.test-support.js';

const tpl = (name: string, spec: Partial<AnalysisTemplateSpec>): AnalysisTemplate => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name },
  spec,
});
const cluster = (name: string, spec: Partial<AnalysisTemplateSpec>): ClusterAnalysisTemplate => ({ ...tpl(name, spec), kind: 'ClusterAnalysisTemplate' });

describe('mergeTemplates', () => {
  it('concatenates metrics and merges args, then applies supplied values', () => {
    const out = mergeTemplates(
      [tpl('a', { metrics: [metric({ name: 'latency' })], args: [{ name: 'svc' }] }), cluster('b', { metrics: [metric({ name: 'errors' })], args: [{ name: 'svc' }, { name: 'q', value: '1' }] })],
      { args: [{ name: 'svc', value: 'web' }] },
    );
    expect(out).toEqual({
      ok: true,
      spec: { metrics: [metric({ name: 'latency' }), metric({ name: 'errors' })], args: [{ name: 'svc', value: 'web' }, { name: 'q', value: '1' }] },
    });
  });

  it('rejects a metric name used twice, naming both templates', () => {
    const out = mergeTemplates([tpl('a', { metrics: [metric({ name: 'latency' })] }), cluster('b', { metrics: [metric({ name: 'latency' })] })]);
    expect(out).toEqual({
      ok: false,
      problems: [
        {
          path: 'templates[1].spec.metrics[0].name',
          message: 'metric "latency" is defined in AnalysisTemplate "a" and ClusterAnalysisTemplate "b"; metric names must be unique across templates',
        },
      ],
    });
  });

  it('rejects the same arg with different values', () => {
    const out = mergeTemplates([tpl('a', { metrics: [metric({ name: 'x' })], args: [{ name: 'p', value: '1' }] }), tpl('b', { metrics: [metric({ name: 'y' })], args: [{ name: 'p', value: '2' }] })]);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problems[0]?.message).toBe('arg "p" has different values in AnalysisTemplate "a" ("1") and AnalysisTemplate "b" ("2")');
  });

  it('the same arg with the same value is fine; a declaration takes the other template value', () => {
    const out = mergeTemplates([tpl('a', { metrics: [metric({ name: 'x' })], args: [{ name: 'p' }] }), tpl('b', { metrics: [metric({ name: 'y' })], args: [{ name: 'p', value: '2' }] })]);
    expect(out).toMatchObject({ ok: true, spec: { args: [{ name: 'p', value: '2' }] } });
  });

  it('reports an arg left without a value', () => {
    const out = mergeTemplates([tpl('a', { metrics: [metric({ name: 'x' })], args: [{ name: 'svc' }] })]);
    expect(out).toMatchObject({ ok: false, problems: [{ message: expect.stringContaining('arg "svc" has no value') }] });
  });

  it('merges dryRun and measurementRetention with the supplied rules, identical rules once', () => {
    const out = mergeTemplates([tpl('a', { metrics: [metric({ name: 'x' })], dryRun: [{ metricName: 'x' }], measurementRetention: [{ metricName: 'x', limit: 5 }] })], {
      dryRun: [{ metricName: 'x' }, { metricName: '.*' }],
      measurementRetention: [{ metricName: '.*', limit: 20 }],
    });
    expect(out).toMatchObject({
      ok: true,
      spec: { dryRun: [{ metricName: 'x' }, { metricName: '.*' }], measurementRetention: [{ metricName: 'x', limit: 5 }, { metricName: '.*', limit: 20 }] },
    });
  });

  it('rejects two retention rules for one name with different limits', () => {
    const out = mergeTemplates([tpl('a', { metrics: [metric({ name: 'x' })], measurementRetention: [{ metricName: 'x', limit: 5 }] })], {
      measurementRetention: [{ metricName: 'x', limit: 6 }],
    });
    expect(out).toMatchObject({ ok: false, problems: [{ path: 'analysis.measurementRetention[0]' }] });
  });

  it.each([
    { field: 'dryRun', rule: (t: string) => ({ dryRun: [{ metricName: 'errors' }], metrics: [metric({ name: t })] }) },
    { field: 'measurementRetention', rule: (t: string) => ({ measurementRetention: [{ metricName: 'errors', limit: t === 'x' ? 5 : 6 }], metrics: [metric({ name: t })] }) },
  ] as const)('two templates that give metric "errors" a $field rule: an error naming both templates and the metric', ({ field, rule }) => {
    const out = mergeTemplates([tpl('a', rule('x')), cluster('b', rule('y'))]);
    expect(out).toEqual({
      ok: false,
      problems: [
        {
          path: `templates[1].spec.${field}[0].metricName`,
          message: `metric "errors" has a ${field} rule in AnalysisTemplate "a" and in ClusterAnalysisTemplate "b"; give it in one template only (or in the Rollout's analysis)`,
        },
      ],
    });
  });

  it('the same rule twice in one template is an error too, as in Argo', () => {
    const out = mergeTemplates([tpl('a', { metrics: [metric({ name: 'x' })], dryRun: [{ metricName: 'x' }, { metricName: 'x' }] })]);
    expect(out).toMatchObject({ ok: false, problems: [{ path: 'templates[0].spec.dryRun[1].metricName', message: 'metric "x" has a dryRun rule twice in AnalysisTemplate "a"; give it once' }] });
  });

  it('reports every problem at once', () => {
    const out = mergeTemplates([
      tpl('a', { metrics: [metric({ name: 'x' })], args: [{ name: 'p', value: '1' }, { name: 'q' }] }),
      tpl('b', { metrics: [metric({ name: 'x' })], args: [{ name: 'p', value: '2' }] }),
    ]);
    expect(out.ok ? [] : out.problems).toHaveLength(3);
  });
});
