import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFieldPath } from './field-path.js';
import { loadManifests } from './load.js';

const text = `# a comment
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
  namespace: prod
spec:
  strategy:
    canary:
      steps:
      - setWeight: 20
      - pause: {duration: 1m}
---
---
apiVersion: v1
kind: Service
metadata:
  name: demo-stable
  labels:
    app.kubernetes.io/name: demo
`;

describe('parseFieldPath', () => {
  it.each([
    ['spec.strategy.canary.steps[2].setWeight', ['spec', 'strategy', 'canary', 'steps', 2, 'setWeight']],
    ['metadata.labels["app.kubernetes.io/name"]', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['spec.metrics[0][1]', ['spec', 'metrics', 0, 1]],
    ['', []],
  ] as const)('%s', (path, expected) => {
    expect(parseFieldPath(path)).toEqual(expected);
  });
});

describe('loadManifests', () => {
  const { docs, errors } = loadManifests(text, 'demo.yaml');

  it('splits documents, skipping empty ones, and reads their identity', () => {
    expect(errors).toEqual([]);
    expect(docs.map((d) => [d.index, d.apiVersion, d.kind, d.name, d.namespace])).toEqual([
      [0, 'argoproj.io/v1alpha1', 'Rollout', 'demo', 'prod'],
      [2, 'v1', 'Service', 'demo-stable', undefined],
    ]);
  });

  it.each([
    ['spec.strategy.canary.steps[0].setWeight', { line: 11, col: 9 }],
    ['spec.strategy.canary.steps[1].pause.duration', { line: 12, col: 17 }],
    ['spec.strategy.canary.steps[1]', { line: 12, col: 9 }],
    ['spec.strategy.canary.steps[7].setWeight', { line: 10, col: 7 }],
    ['spec.strategy.canary.stableService', { line: 9, col: 5 }],
    ['', { line: 2, col: 1 }],
  ])('locates %s at the deepest existing node', (path, pos) => {
    expect(docs[0]?.locate(path)).toEqual(pos);
  });

  it('locates quoted keys', () => {
    expect(docs[1]?.locate('metadata.labels["app.kubernetes.io/name"]')).toEqual({ line: 20, col: 5 });
  });

  it('reports syntax errors with their position and keeps the good documents', () => {
    const r = loadManifests('kind: A\n---\nkind: B\n  bad: [\n', 'bad.yaml');
    expect(r.docs.map((d) => d.kind)).toEqual(['A']);
    expect(r.errors).toEqual([
      { fileName: 'bad.yaml', line: 3, col: 7, message: 'YAML syntax error: Nested mappings are not allowed in compact mappings' },
    ]);
  });

  it('reports duplicate keys', () => {
    const r = loadManifests('kind: A\nkind: B\n', 'dup.yaml');
    expect(r.errors).toEqual([{ fileName: 'dup.yaml', line: 2, col: 1, message: 'YAML syntax error: Map keys must be unique' }]);
  });

  it('reports documents that are not objects', () => {
    const r = loadManifests('just text\n', 'text.yaml');
    expect(r.errors).toEqual([{ fileName: 'text.yaml', line: 1, col: 1, message: 'expected a Kubernetes object (a mapping), got a string' }]);
  });
});

describe('loadManifests on arbitrary text (property)', () => {
  it('never throws, and locates any path in any document', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('', 'spec', 'spec.a[0].b', 'x["y"]'), (text, path) => {
      const r = loadManifests(text, 'f.yaml');
      for (const d of r.docs) {
        const pos = d.locate(path);
        expect(pos.line).toBeGreaterThanOrEqual(1);
        expect(pos.col).toBeGreaterThanOrEqual(1);
      }
    }), { numRuns: 300 });
  });
});
