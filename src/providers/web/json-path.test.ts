import { describe, expect, it } from 'vitest';
import { evaluateJsonPath } from './json-path.js';

const doc = { data: { ok: true, 'a-b': 1, "it's": 2 }, items: [{ value: 3 }, { value: 4 }], n: null };

describe('evaluateJsonPath', () => {
  it.each([
    ['{$}', doc],
    ['$', doc],
    ['{$.data.ok}', true],
    ['{.data.ok}', true],
    ['{$.items[0].value}', 3],
    ['{$.items[-1].value}', 4],
    ["{$.data['a-b']}", 1],
    ['{$["data"]["it\'s"]}', 2],
    ['{$.items[*].value}', [3, 4]],
    ['{$.n}', null],
  ])('%s', (path, value) => expect(evaluateJsonPath(doc, path)).toEqual({ ok: true, value }));

  it('says where a path stops matching', () => {
    expect(evaluateJsonPath(doc, '{$.data.missing}')).toEqual({
      ok: false, message: 'jsonPath {$.data.missing}: nothing at $.data.missing (found up to $.data)',
    });
    expect(evaluateJsonPath(doc, '{$.items[5]}')).toMatchObject({ ok: false });
  });

  it('rejects what it cannot read', () => {
    expect(evaluateJsonPath(doc, '{$.items[?(@.value > 3)]}')).toMatchObject({ ok: false, message: expect.stringContaining('cannot read') });
  });
});
