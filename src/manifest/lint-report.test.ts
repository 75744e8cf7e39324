import { describe, expect, it } from 'vitest';
import { lintSources } from './lint-report.js';

const template = (name: string) => `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: ${name}
spec:
  metrics:
  - name: m
    provider:
      web: {url: "http://x"}
`;

describe('lintSources', () => {
  it('counts documents and checks only argoproj.io ones', () => {
    const r = lintSources([{ fileName: 'a.yaml', text: `${template('t')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n` }]);
    expect(r).toEqual({ problems: [], unsupported: [], errors: [], checked: 1, documents: 2 });
  });

  it('reports a condition comparing a typed helper with another type, with its position; placeholders are left alone', () => {
    const text = template('t')
      .replace('spec:\n', 'spec:\n  args: [{name: limit}]\n')
      .replace('  - name: m\n', '  - name: m\n    successCondition: asFloat(result) == "1.1"\n    failureCondition: len(result) > {{args.limit}}\n');
    const r = lintSources([{ fileName: 'a.yaml', text }]);
    expect(r.problems).toEqual([
      'a.yaml:9:5  AnalysisTemplate/t  spec.metrics[0].successCondition: invalid operation: == (mismatched types float64 and string) at line 1, column 17 of "asFloat(result) == \\"1.1\\""',
    ]);
  });

  it('reports an object defined twice, pointing at the first', () => {
    const r = lintSources([{ fileName: 'a.yaml', text: template('t') }, { fileName: 'b.yaml', text: template('t') }]);
    expect(r.problems).toEqual(['b.yaml:4:3  AnalysisTemplate/t  metadata.name: another AnalysisTemplate named "t" is defined at a.yaml:4:3']);
  });

  it('resolves references across files', () => {
    const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r}
spec:
  selector: {matchLabels: {app: r}}
  template:
    metadata: {labels: {app: r}}
    spec: {containers: [{name: r, image: r}]}
  strategy:
    canary:
      steps:
      - analysis: {templates: [{templateName: missing}]}
`;
    // Another file's templates neither satisfy nor fault the reference: files are applied one by one.
    expect(lintSources([{ fileName: 'r.yaml', text: rollout }, { fileName: 't.yaml', text: template('t') }]).problems).toEqual([]);
    // Found in another file: resolved.
    const found = rollout.replace('templateName: missing', 'templateName: t');
    expect(lintSources([{ fileName: 'r.yaml', text: `${found}---\n${template('u')}` }, { fileName: 't.yaml', text: template('t') }]).problems).toEqual([]);
    // Judged when the Rollout's own file holds templates.
    const r = lintSources([{ fileName: 'r.yaml', text: `${rollout}---\n${template('u')}` }, { fileName: 't.yaml', text: template('t') }]);
    expect(r.problems).toEqual([
      'r.yaml:12:33  Rollout/r  spec.strategy.canary.steps[0].analysis.templates[0].templateName: AnalysisTemplate "missing" not found in the input',
    ]);
  });
});
