import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER } from './contract.js';
import { checkBind, createGuard, isLoopback, TOKEN_COOKIE } from './security.js';

const TOKEN = 'a-long-enough-token-1234';

function req(headers: Record<string, string>): IncomingMessage {
  return { headers: { host: '127.0.0.1:3100', ...headers } } as unknown as IncomingMessage;
}

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true], ['127.1.2.3', true], ['::1', true], ['[::1]', true], ['localhost', true], ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false], ['::', false], ['10.0.0.7', false], ['192.168.1.2', false], ['example.com', false],
  ])('%s -> %s', (address, want) => expect(isLoopback(address)).toBe(want));
});

describe('checkBind', () => {
  it('refuses beyond loopback without a token, naming the flag', () => {
    expect(() => checkBind('0.0.0.0', undefined)).toThrow(/refusing to listen on 0\.0\.0\.0 without a token.*--token-file/);
  });
  it('allows loopback without a token, and anything with one', () => {
    expect(() => checkBind('127.0.0.1', undefined)).not.toThrow();
    expect(() => checkBind('0.0.0.0', TOKEN)).not.toThrow();
  });
});

describe('the guard', () => {
  const open = createGuard(undefined);
  const locked = createGuard(TOKEN);

  it.each<{ name: string; guard: 'open' | 'locked'; headers: Record<string, string>; refusal: RegExp | undefined }>([
    { name: 'loopback, with the CSRF secret', guard: 'open', headers: { [CSRF_HEADER]: 'CSRF' }, refusal: undefined },
    { name: 'loopback, without the CSRF secret', guard: 'open', headers: {}, refusal: /x-kanary-csrf header is missing or wrong/ },
    { name: 'a wrong CSRF secret', guard: 'open', headers: { [CSRF_HEADER]: 'nope' }, refusal: /missing or wrong/ },
    { name: 'another origin', guard: 'open', headers: { [CSRF_HEADER]: 'CSRF', origin: 'http://evil.example' }, refusal: /evil\.example may not act here/ },
    { name: 'the same origin', guard: 'open', headers: { [CSRF_HEADER]: 'CSRF', origin: 'http://127.0.0.1:3100' }, refusal: undefined },
    { name: 'a token needed and missing', guard: 'locked', headers: { [CSRF_HEADER]: 'CSRF' }, refusal: /token is required/ },
    { name: 'the token as a bearer', guard: 'locked', headers: { [CSRF_HEADER]: 'CSRF', authorization: `Bearer ${TOKEN}` }, refusal: undefined },
    { name: 'the token as the cookie', guard: 'locked', headers: { [CSRF_HEADER]: 'CSRF', cookie: `x=1; ${TOKEN_COOKIE}=${TOKEN}` }, refusal: undefined },
    { name: 'a wrong token', guard: 'locked', headers: { [CSRF_HEADER]: 'CSRF', authorization: 'Bearer a-long-enough-token-9999' }, refusal: /token is required/ },
    { name: 'the token but no CSRF secret', guard: 'locked', headers: { authorization: `Bearer ${TOKEN}` }, refusal: /missing or wrong/ },
  ])('$name', ({ guard, headers, refusal }) => {
    const g = guard === 'open' ? open : locked;
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'CSRF' ? g.csrf : v]));
    const got = g.actionRefusal(req(h));
    if (refusal === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(refusal);
  });

  it('each process has its own CSRF secret', () => {
    expect(createGuard(undefined).csrf).not.toBe(createGuard(undefined).csrf);
    expect(open.csrf.length).toBeGreaterThanOrEqual(32);
  });
});
