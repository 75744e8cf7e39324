import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ephemeralMetadataRecord, metadataPatch, parseEphemeralMetadata, patchedMetadata, type ObjectMetadata } from './pod-metadata.js';
import type { PodTemplateMetadata } from '../../api/types.js';

describe('metadataPatch (the worked examples)', () => {
  const cases: [string, ObjectMetadata, ObjectMetadata | undefined, PodTemplateMetadata | undefined, ReturnType<typeof metadataPatch>][] = [
    ['a first role', { labels: { app: 'web' } }, undefined, { labels: { role: 'canary' } }, { labels: { role: 'canary' }, annotations: {} }],
    ['a role changes a value', { labels: { app: 'web', role: 'canary' } }, { labels: { role: 'canary' } }, { labels: { role: 'stable' } },
      { labels: { role: 'stable' }, annotations: {} }],
    ['a key the new role lacks is taken off', { labels: { app: 'web', role: 'canary', x: '1' } }, { labels: { role: 'canary', x: '1' } },
      { labels: { role: 'stable' } }, { labels: { role: 'stable', x: null }, annotations: {} }],
    ['no role any more', { labels: { app: 'web', role: 'stable' } }, { labels: { role: 'stable' } }, undefined, { labels: { role: null }, annotations: {} }],
    ['already there', { labels: { app: 'web', role: 'stable' } }, { labels: { role: 'stable' } }, { labels: { role: 'stable' } }, undefined],
    ['annotations alike', { annotations: { a: '1', note: 'x' } }, { annotations: { note: 'x' } }, { annotations: { owner: 'team' } },
      { labels: {}, annotations: { owner: 'team', note: null } }],
    ['a key the role never set is left alone', { labels: { app: 'web', team: 'a' } }, { labels: { role: 'x' } }, undefined, undefined],
  ];
  it.each(cases)('%s', (_name, current, earlier, desired, expected) => {
    expect(metadataPatch(current, earlier, desired)).toEqual(expected);
  });
});

describe('properties', () => {
  const map = fc.dictionary(fc.constantFrom('app', 'role', 'x', 'y', 'team'), fc.constantFrom('a', 'b', 'c'));
  const meta = fc.record({ labels: map, annotations: map });
  it('after the patch the object has every desired key, none of the earlier keys the role lacks, and the rest unchanged; a second patch is empty', () => {
    fc.assert(fc.property(meta, meta, meta, (current, earlier, desired) => {
      const after = patchedMetadata(current, metadataPatch(current, earlier, desired));
      for (const kind of ['labels', 'annotations'] as const) {
        const got = after[kind] ?? {};
        for (const [k, v] of Object.entries(desired[kind])) expect(got[k]).toBe(v);
        for (const k of Object.keys(earlier[kind])) if (!(k in desired[kind])) expect(k in got).toBe(false);
        for (const [k, v] of Object.entries(current[kind])) if (!(k in desired[kind]) && !(k in earlier[kind])) expect(got[k]).toBe(v);
      }
      expect(metadataPatch(after, earlier, desired)).toBeUndefined();
    }));
  });
});

describe('the ephemeral-metadata record', () => {
  it('is what Argo Rollouts writes (Go JSON: labels first, keys sorted, empty maps left out)', () => {
    expect(ephemeralMetadataRecord({ annotations: { z: '1', a: '2' }, labels: { role: 'canary' } })).toBe('{"labels":{"role":"canary"},"annotations":{"a":"2","z":"1"}}');
    expect(ephemeralMetadataRecord({ labels: { role: 'stable' }, annotations: {} })).toBe('{"labels":{"role":"stable"}}');
    expect(ephemeralMetadataRecord({})).toBe('{}');
  });
  it.each([
    ['a record', '{"labels":{"role":"canary"}}', { labels: { role: 'canary' } }],
    ['both maps', '{"labels":{"a":"1"},"annotations":{"b":"2"}}', { labels: { a: '1' }, annotations: { b: '2' } }],
    ['absent', undefined, undefined],
    ['not JSON', '{labels', undefined],
    ['a value not a string', '{"labels":{"a":1}}', undefined],
    ['an array', '[]', undefined],
  ])('reads %s', (_name, record, expected) => {
    expect(parseEphemeralMetadata(record)).toEqual(expected);
  });
});
