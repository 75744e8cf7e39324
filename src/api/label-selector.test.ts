import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requirementMatches, selectorMatches, selectorString, type LabelSelector } from './label-selector.js';

const web = { app: 'web', tier: 'front' };

describe('requirementMatches: one matchExpressions entry', () => {
  it.each([
    { name: 'In, value listed', req: { key: 'tier', operator: 'In', values: ['front', 'back'] }, labels: web, want: true },
    { name: 'In, value not listed', req: { key: 'tier', operator: 'In', values: ['back'] }, labels: web, want: false },
    { name: 'In, label absent', req: { key: 'zone', operator: 'In', values: ['a'] }, labels: web, want: false },
    { name: 'NotIn, value listed', req: { key: 'tier', operator: 'NotIn', values: ['front'] }, labels: web, want: false },
    { name: 'NotIn, value not listed', req: { key: 'tier', operator: 'NotIn', values: ['back'] }, labels: web, want: true },
    { name: 'NotIn, label absent', req: { key: 'zone', operator: 'NotIn', values: ['a'] }, labels: web, want: true },
    { name: 'Exists, present', req: { key: 'app', operator: 'Exists' }, labels: web, want: true },
    { name: 'Exists, absent', req: { key: 'zone', operator: 'Exists' }, labels: web, want: false },
    { name: 'Exists, no labels at all', req: { key: 'app', operator: 'Exists' }, labels: undefined, want: false },
    { name: 'DoesNotExist, absent', req: { key: 'zone', operator: 'DoesNotExist' }, labels: web, want: true },
    { name: 'DoesNotExist, present', req: { key: 'app', operator: 'DoesNotExist' }, labels: web, want: false },
    { name: 'an unknown operator never widens', req: { key: 'app', operator: 'Like', values: ['web'] }, labels: web, want: false },
    { name: 'a label named like an Object method is not inherited', req: { key: 'toString', operator: 'Exists' }, labels: web, want: false },
  ])('$name', ({ req, labels, want }) => expect(requirementMatches(req, labels)).toBe(want));
});

describe('selectorMatches: matchLabels and matchExpressions together', () => {
  it.each<{ name: string; selector: LabelSelector | undefined; labels: Record<string, string> | undefined; want: boolean }>([
    { name: 'matchLabels only, equal', selector: { matchLabels: { app: 'web' } }, labels: web, want: true },
    { name: 'matchLabels only, different value', selector: { matchLabels: { app: 'api' } }, labels: web, want: false },
    { name: 'matchExpressions only', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] }, labels: web, want: true },
    { name: 'matchExpressions exclude a ReplicaSet matchLabels alone would take',
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels: web, want: false },
    { name: 'both satisfied', selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels: web, want: true },
    { name: 'an empty selector matches nothing', selector: {}, labels: web, want: false },
    { name: 'no selector matches nothing', selector: undefined, labels: web, want: false },
    { name: 'no labels', selector: { matchLabels: { app: 'web' } }, labels: undefined, want: false },
  ])('$name', ({ selector, labels, want }) => expect(selectorMatches(selector, labels)).toBe(want));
});

describe('selectorString: the query form', () => {
  it.each<{ name: string; selector: LabelSelector | undefined; text: string }>([
    { name: 'labels sorted by key', selector: { matchLabels: { tier: 'front', app: 'web' } }, text: 'app=web,tier=front' },
    { name: 'In with sorted values', selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] }, text: 'tier in (a,b)' },
    { name: 'NotIn', selector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }, text: 'tier notin (x)' },
    { name: 'Exists', selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, text: 'app' },
    { name: 'DoesNotExist', selector: { matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }] }, text: '!legacy' },
    { name: 'labels then expressions',
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }] }, text: 'app=web,!legacy' },
    { name: 'none', selector: undefined, text: '' },
  ])('$name', ({ selector, text }) => expect(selectorString(selector)).toBe(text));
});

// A small reference: the string form parsed back and evaluated must agree with selectorMatches.
function matchesText(text: string, labels: Record<string, string>): boolean {
  if (text === '') return false;
  return text.split(/,(?![^(]*\))/).every((part) => {
    let m = /^(\S+) (in|notin) \((.*)\)$/.exec(part);
    if (m) {
      const has = Object.hasOwn(labels, m[1]!);
      const inList = has && m[3]!.split(',').includes(labels[m[1]!]!);
      return m[2] === 'in' ? inList : !inList;
    }
    m = /^(\S+)=(.*)$/.exec(part);
    if (m) return labels[m[1]!] === m[2];
    if (part.startsWith('!')) return !Object.hasOwn(labels, part.slice(1));
    return Object.hasOwn(labels, part);
  });
}

describe('properties', () => {
  const key = fc.constantFrom('app', 'tier', 'zone');
  const value = fc.constantFrom('a', 'b', 'c');
  const labels = fc.dictionary(key, value);
  const requirement = fc.record({
    key,
    operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
    values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }),
  });
  const selector = fc.record({ matchLabels: fc.dictionary(key, value), matchExpressions: fc.array(requirement, { maxLength: 3 }) });

  it('the string form selects exactly what selectorMatches selects', () => {
    fc.assert(fc.property(selector, labels, (sel, l) => {
      expect(matchesText(selectorString(sel), l)).toBe(selectorMatches(sel, l));
    }));
  });

  it('adding a requirement never widens what is selected', () => {
    fc.assert(fc.property(selector, requirement, labels, (sel, req, l) => {
      const narrower = { ...sel, matchExpressions: [...sel.matchExpressions, req] };
      if (selectorMatches(narrower, l)) expect(selectorMatches(sel, l) || (Object.keys(sel.matchLabels).length === 0 && sel.matchExpressions.length === 0)).toBe(true);
    }));
  });
});
