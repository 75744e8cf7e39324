import { describe, expect, it } from 'vitest';
import { redactSecrets, resolveArgs, substituteArgs, valuesWithoutSecrets } from './args.js';

describe('resolveArgs', () => {
  it('takes defaults from the template', () => {
    const out = resolveArgs([{ name: 'svc', value: 'web' }]);
    expect(out).toMatchObject({ ok: true, values: { svc: 'web' } });
  });

  it('a supplied value overrides the default', () => {
    const out = resolveArgs([{ name: 'svc', value: 'web' }], [{ name: 'svc', value: 'api' }]);
    expect(out).toMatchObject({ ok: true, values: { svc: 'api' }, args: [{ name: 'svc', value: 'api' }] });
  });

  it('a supplied value replaces a template secret ref entirely', () => {
    const out = resolveArgs([{ name: 't', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], [{ name: 't', value: 'x' }]);
    expect(out).toMatchObject({ ok: true, args: [{ name: 't', value: 'x' }], secretRefs: [] });
  });

  it('args the template does not declare are ignored', () => {
    const out = resolveArgs([{ name: 'svc', value: 'web' }], [{ name: 'other', value: 'x' }]);
    expect(out).toMatchObject({ ok: true, values: { svc: 'web' } });
    if (out.ok) expect(out.args).toHaveLength(1);
  });

  it('a required arg without a value is a problem naming it', () => {
    const out = resolveArgs([{ name: 'a', value: '1' }, { name: 'service-name' }]);
    expect(out).toEqual({
      ok: false,
      problems: [{ path: 'spec.args[1].value', message: 'arg "service-name" has no value: the template declares it without one and none was supplied' }],
    });
  });

  it('secret refs are returned to be read, never as values', () => {
    const out = resolveArgs([{ name: 'token', valueFrom: { secretKeyRef: { name: 'dd', key: 'api' } } }]);
    expect(out).toMatchObject({ ok: true, values: {}, secretRefs: [{ argName: 'token', secretName: 'dd', key: 'api' }] });
  });

  it('fieldRefs are returned for the caller to fill', () => {
    const out = resolveArgs([{ name: 'ns', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }]);
    expect(out).toMatchObject({ ok: true, fieldRefs: [{ argName: 'ns', fieldPath: 'metadata.namespace' }] });
  });

  it('value and valueFrom together is a problem', () => {
    const out = resolveArgs([{ name: 'x', value: '1', valueFrom: { fieldRef: { fieldPath: 'a' } } }]);
    expect(out.ok).toBe(false);
  });
});

describe('substituteArgs', () => {
  const cases: { name: string; tree: string; values: Record<string, string>; value: string; unknown: string[] }[] = [
    { name: 'plain reference', tree: 'up{job="{{args.job}}"}', values: { job: 'web' }, value: 'up{job="web"}', unknown: [] },
    { name: 'spaces inside braces', tree: '{{ args.job }}-{{args.job}}', values: { job: 'w' }, value: 'w-w', unknown: [] },
    { name: 'dashes and dots in names', tree: '{{args.service-name}}', values: { 'service-name': 's' }, value: 's', unknown: [] },
    { name: 'unknown left in place and reported once', tree: '{{args.x}} {{args.x}}', values: {}, value: '{{args.x}} {{args.x}}', unknown: ['x'] },
    { name: 'other templates untouched', tree: '{{ .Values.x }}', values: {}, value: '{{ .Values.x }}', unknown: [] },
    { name: 'values with quotes need no escaping', tree: '{{args.q}}', values: { q: 'a"b\nc' }, value: 'a"b\nc', unknown: [] },
    { name: 'a value is not substituted twice', tree: '{{args.a}}', values: { a: '{{args.b}}', b: 'no' }, value: '{{args.b}}', unknown: [] },
  ];
  it.each(cases)('$name', (c) => {
    expect(substituteArgs(c.tree, c.values)).toEqual({ value: c.value, unknown: c.unknown });
  });

  it('walks every string of an object tree, leaving keys, numbers and the input alone', () => {
    const tree = {
      provider: { web: { url: 'http://{{args.host}}/x', headers: [{ key: '{{args.host}}', value: 'Bearer {{ args.token }}' }] } },
      count: '{{args.count}}',
      n: 3,
      flag: true,
      none: null,
    };
    const copy = structuredClone(tree);
    const out = substituteArgs(tree, { host: 'h', token: 't', count: '5' });
    expect(out.value).toEqual({
      provider: { web: { url: 'http://h/x', headers: [{ key: 'h', value: 'Bearer t' }] } },
      count: '5',
      n: 3,
      flag: true,
      none: null,
    });
    expect(tree).toEqual(copy);
  });

  it('secret-backed args become ***** in the copy kept for status', () => {
    const values = valuesWithoutSecrets([{ name: 'token', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, { name: 'a', value: '1' }]);
    expect(substituteArgs('{{args.a}}:{{args.token}}', values).value).toBe('1:*****');
  });
});

describe('redactSecrets', () => {
  it.each([
    { text: '401 for token s3cr3t', secrets: ['s3cr3t'], out: '401 for token *****' },
    { text: 'ab abc', secrets: ['ab', 'abc'], out: '***** *****' },
    { text: 'nothing', secrets: [''], out: 'nothing' },
  ])('$text', ({ text, secrets, out }) => expect(redactSecrets(text, secrets)).toBe(out));
});
