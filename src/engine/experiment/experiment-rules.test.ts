// Named tables for the Experiment's rules: names, a template's status, and the phase.
import { describe, expect, it } from 'vitest';
import type { ExperimentAnalysisRunStatus, TemplateStatus } from '../../api/types.js';
import { analysisRunName, replicaSetName } from './experiment-names.js';
import { experimentOutcome, REQUIRED_ANALYSES_COMPLETED, TERMINATED_MESSAGE } from './experiment-phase.js';
import { resolveExperimentValue } from './experiment-analysis.js';
import { templateStatusOf, type TemplateStatusInput } from './template-status.js';

describe('names', () => {
  it.each([
    ['no collision', 'exp', 'purple', undefined, 'exp-purple'],
    ['collision count 0', 'exp', 'purple', 0, 'exp-purple'],
    ['collision count 2', 'exp', 'purple', 2, 'exp-purple-2'],
  ])('replicaSetName: %s', (_n, exp, t, count, want) => expect(replicaSetName(exp, t, count)).toBe(want));

  it.each([
    ['free', [], 'exp-pass'],
    ['taken once', ['exp-pass'], 'exp-pass.1'],
    ['taken twice', ['exp-pass', 'exp-pass.1'], 'exp-pass.2'],
  ])('analysisRunName: %s', (_n, taken, want) => expect(analysisRunName('exp', 'pass', new Set(taken))).toBe(want));
});

const NOW = Date.UTC(2026, 11, 3, 10, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const rs = (replicas: number, available: number) => ({ name: 'exp-a', podHash: 'h', replicas, statusReplicas: replicas, ready: available, available });

describe('templateStatusOf', () => {
  const base: TemplateStatusInput = {
    name: 'a', prev: undefined, replicaSet: undefined, desired: 1, ending: false, durationPassed: false,
    progressDeadlineSeconds: 600, touched: false, now: iso(NOW), nowMs: NOW,
  };
  const prev = (status: TemplateStatus['status'], at = NOW - 1000, counts = 0): TemplateStatus => ({
    name: 'a', replicas: counts, updatedReplicas: counts, readyReplicas: counts, availableReplicas: counts, status, lastTransitionTime: iso(at),
  });
  const stuck = (at: number): TemplateStatus => ({ ...prev('Progressing', at, 1), readyReplicas: 0, availableReplicas: 0 });
  const cases: [string, Partial<TemplateStatusInput>, string, string?][] = [
    ['no ReplicaSet yet: Progressing', {}, 'Progressing'],
    ['every replica available: Running', { prev: prev('Progressing'), replicaSet: rs(1, 1) }, 'Running'],
    ['available and the duration passed: Successful', { prev: prev('Running', NOW - 1000, 1), replicaSet: rs(1, 1), durationPassed: true }, 'Successful'],
    ['not available, deadline not reached: Progressing', { prev: stuck(NOW - 599_000), replicaSet: rs(1, 0) }, 'Progressing'],
    ['not available past progressDeadlineSeconds: Failed', { prev: stuck(NOW - 601_000), replicaSet: rs(1, 0) }, 'Failed', "Template 'a' exceeded its progressDeadlineSeconds (600)"],
    ['ending while running: Successful', { prev: prev('Running', NOW - 1000, 1), replicaSet: rs(1, 1), ending: true }, 'Successful'],
    ['ending while still progressing past the deadline: Successful, not Failed', { prev: stuck(NOW - 900_000), replicaSet: rs(1, 0), ending: true }, 'Successful'],
    ['a Failed template stays Failed', { prev: { ...prev('Failed'), message: 'x' }, replicaSet: rs(1, 1) }, 'Failed', 'x'],
    ['a Successful template stays Successful', { prev: prev('Successful'), replicaSet: rs(1, 0) }, 'Successful'],
  ];
  it.each(cases)('%s', (_n, over, status, message) => {
    const out = templateStatusOf({ ...base, ...over });
    expect(out.status).toBe(status);
    if (message !== undefined) expect(out.message).toBe(message);
  });

  it('moves lastTransitionTime only when the counts change', () => {
    const before = { ...prev('Progressing', NOW - 5000, 1), readyReplicas: 0, availableReplicas: 0 };
    expect(templateStatusOf({ ...base, prev: before, replicaSet: rs(1, 0) }).lastTransitionTime).toBe(iso(NOW - 5000));
    expect(templateStatusOf({ ...base, prev: prev('Progressing', NOW - 5000, 0), replicaSet: rs(1, 1) }).lastTransitionTime).toBe(iso(NOW));
  });
});

describe('experimentOutcome', () => {
  const t = (status: TemplateStatus['status'], message?: string): TemplateStatus =>
    ({ name: `t-${status}`, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, status, ...(message ? { message } : {}) });
  const a = (name: string, phase: ExperimentAnalysisRunStatus['phase'], message?: string): ExperimentAnalysisRunStatus =>
    ({ name, analysisRun: `exp-${name}`, phase, ...(message ? { message } : {}) });
  const required = { analyses: [{ name: 'req', templateName: 'x', requiredForCompletion: true }, { name: 'other', templateName: 'x' }] };
  const cases: [string, Parameters<typeof experimentOutcome>[0], string, boolean, string?][] = [
    ['a template progressing: Pending', { spec: {}, templates: [t('Running'), t('Progressing')], analyses: [], durationPassed: false }, 'Pending', false],
    ['every template running: Running', { spec: {}, templates: [t('Running'), t('Running')], analyses: [], durationPassed: false }, 'Running', false],
    ['a template failed: Failed with its message', { spec: {}, templates: [t('Running'), t('Failed', 'deadline')], analyses: [], durationPassed: false }, 'Failed', true, 'deadline'],
    ['an analysis failed: Failed', { spec: {}, templates: [t('Running')], analyses: [a('pass', 'Running'), a('random', 'Failed', 'Metric "m" assessed Failed')], durationPassed: false }, 'Failed', true, "AnalysisRun 'random' Failed: Metric \"m\" assessed Failed"],
    ['an analysis inconclusive: Inconclusive', { spec: {}, templates: [t('Running')], analyses: [a('x', 'Inconclusive')], durationPassed: false }, 'Inconclusive', true],
    ['Failed is worse than Error', { spec: {}, templates: [t('Running')], analyses: [a('x', 'Error'), a('y', 'Failed')], durationPassed: false }, 'Failed', true],
    ['terminated: Successful', { spec: { terminate: true }, templates: [t('Running')], analyses: [a('x', 'Running')], durationPassed: false }, 'Successful', true, TERMINATED_MESSAGE],
    ['required analyses succeeded before the duration: Successful', { spec: required, templates: [t('Running')], analyses: [a('req', 'Successful'), a('other', 'Running')], durationPassed: false }, 'Successful', true, REQUIRED_ANALYSES_COMPLETED],
    ['duration passed, a required analysis running: Running', { spec: required, templates: [t('Successful')], analyses: [a('req', 'Running')], durationPassed: true }, 'Running', false],
    ['duration passed: Successful', { spec: {}, templates: [t('Successful')], analyses: [a('x', 'Running')], durationPassed: true }, 'Successful', true],
    ['no duration, no required analysis, analyses done: still Running', { spec: {}, templates: [t('Running')], analyses: [a('x', 'Successful')], durationPassed: false }, 'Running', false],
  ];
  it.each(cases)('%s', (_n, input, phase, ending, message) => {
    const out = experimentOutcome(input);
    expect(out.phase).toBe(phase);
    expect(out.ending).toBe(ending);
    if (message !== undefined) expect(out.message).toBe(message);
  });
});

describe('resolveExperimentValue', () => {
  const refs = { baseline: { replicaSetName: 'exp-baseline', podTemplateHash: 'abc' } };
  it.each([
    ['a pod hash', '{{templates.baseline.podTemplateHash}}', 'abc'],
    ['a ReplicaSet name', 'rs={{ templates.baseline.replicaset.name }}', 'rs=exp-baseline'],
    ['availableAt', '{{experiment.availableAt}}', '2026-12-03T10:00:00Z'],
    ['plain text', 'orange', 'orange'],
  ])('%s', (_n, value, want) => {
    const out = resolveExperimentValue(value, refs, '2026-12-03T10:00:00Z');
    expect(out).toEqual({ value: want, problems: [] });
  });
  it('names an unknown template', () => {
    expect(resolveExperimentValue('{{templates.nope.podTemplateHash}}', refs, undefined).problems).toEqual(['{{templates.nope.podTemplateHash}}: the experiment has no template "nope"']);
  });
});
