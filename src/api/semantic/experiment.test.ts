import { describe, expect, it } from 'vitest';
import { setPath, validExperiment } from '../../../test/unit/objects.js';
import type { Problem } from '../problem.js';
import { experimentProblems } from './experiment.js';

type Row = [name: string, changes: Record<string, unknown>, expected: Problem[]];

const rows: Row[] = [
  ['valid experiment', {}, []],
  ['no templates', { 'spec.templates': [] }, [{ path: 'spec.templates', message: 'must list at least one template' }]],
  ['duplicate template names', { 'spec.templates[1].name': 'purple' }, [
    { path: 'spec.templates[1].name', message: 'duplicate template name "purple" (also at index 0)' },
  ]],
  ['template selector does not match labels', { 'spec.templates[0].selector.matchLabels.color': 'orange' }, [
    { path: 'spec.templates[0].selector.matchLabels.color', message: 'selector color="orange" does not match the template label spec.templates[0].template.metadata.labels.color ("purple")' },
  ]],
  ['negative template replicas', { 'spec.templates[0].replicas': -1 }, [{ path: 'spec.templates[0].replicas', message: 'must be >= 0, got -1' }]],
  ['bad duration', { 'spec.duration': '20 minutes' }, [
    { path: 'spec.duration', message: 'must be a duration: an integer number of seconds or a string like 30s, 5m, 1h; got "20 minutes"' },
  ]],
  ['analysis without templateName', { 'spec.analyses[0].templateName': undefined }, [
    { path: 'spec.analyses[0].templateName', message: 'is required: the AnalysisTemplate or ClusterAnalysisTemplate to run' },
  ]],
  ['duplicate analysis names', { 'spec.analyses[1]': { name: 'bench', templateName: 'x' } }, [
    { path: 'spec.analyses[1].name', message: 'duplicate analysis name "bench" (also at index 0)' },
  ]],
];

describe('experimentProblems', () => {
  it.each(rows)('%s', (_name, changes, expected) => {
    const e = validExperiment();
    for (const [path, v] of Object.entries(changes)) setPath(e, path, v);
    expect(experimentProblems(e)).toEqual(expected);
  });
});
