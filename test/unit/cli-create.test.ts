import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../src/cli/create.js';
import { UsageError } from '../../src/read/failure.js';

describe('create -f: parseObjects', () => {
  it('maps each document to its resource type, skipping empty ones', () => {
    const found = parseObjects('kind: Rollout\nmetadata: {name: a}\n---\n---\nkind: ConfigMap\nmetadata: {name: b}\n', 'f.yaml');
    expect(found.map((f) => [f.type.plural, f.obj.metadata?.name])).toEqual([['rollouts', 'a'], ['configmaps', 'b']]);
  });

  it('names the document of a syntax error or an unknown kind', () => {
    expect(() => parseObjects('kind: Widget\n', 'f.yaml')).toThrow(new UsageError('f.yaml: document 1: kanary cannot create kind "Widget"; use kubectl for it'));
    expect(() => parseObjects('kind: Rollout\n---\nkind: [\n', 'f.yaml')).toThrow(/^f\.yaml: document 2: /);
  });
});
