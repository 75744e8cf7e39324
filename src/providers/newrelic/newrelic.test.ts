// The newRelic provider against a local server that answers as NerdGraph documents
// (POST /graphql, API-Key header, data.actor.account.nrql.results, GraphQL errors).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../api/types.js';
import { describeProviderContract, testContext } from '../contract.js';
import type { ProviderContext } from '../provider.js';
import { secretsFrom, startVendorServer, type RecordedRequest, type VendorServer } from '../vendor-server.test-support.js';
import { newRelicAccount } from './account.js';
import { newRelicProvider } from './index.js';
import { goJson, NRQL_QUERY, readNrqlAnswer } from './nerdgraph.js';

type Spec = NonNullable<Metric['provider']['newRelic']>;
const KEY = 'NRAK-TESTKEY0001';
const rows = (results: unknown[]) => ({ data: { actor: { account: { nrql: { results } } } } });

let nr: VendorServer;
const reads: string[] = [];

function byQuery(req: RecordedRequest) {
  const nrql = (JSON.parse(req.body || '{}') as { variables?: { nrql?: string } }).variables?.nrql ?? '';
  if (nrql.includes('hang')) return { hang: true };
  if (nrql.includes('noisy')) return { status: 502, body: 'y'.repeat(40_000) };
  return { body: rows([{ count: 12, 'percentage.errors': 0.5 }]) };
}

beforeAll(async () => { nr = await startVendorServer(byQuery); });
afterAll(async () => nr.close());

function ctx(): ProviderContext {
  return testContext({
    readSecret: secretsFrom({
      'argo-rollouts/newrelic': { 'personal-api-key': KEY, 'account-id': '1234567', 'base-url-nerdgraph': `${nr.url}/graphql` },
      'argo-rollouts/nr-eu': { 'personal-api-key': KEY, 'account-id': '7', region: 'eu', 'base-url-nerdgraph': `${nr.url}/eu/graphql` },
      'argo-rollouts/nowhere': { 'personal-api-key': KEY, 'account-id': '7', 'base-url-nerdgraph': 'http://127.0.0.1:1/graphql' },
    }, reads),
  });
}
const metric = (newRelic: Spec): Metric => ({ name: 'errors', provider: { newRelic } });
const run = (newRelic: Spec) => newRelicProvider.run(ctx(), metric(newRelic));

describeProviderContract('newRelic', () => ({
  provider: newRelicProvider,
  working: metric({ query: 'SELECT count(*) FROM Transaction' }),
  broken: metric({ query: 'SELECT 1', profile: 'nowhere' }),
  hanging: metric({ query: 'hang', timeout: 60 }),
  noisy: metric({ query: 'noisy' }),
  context: ctx(),
}));

describe('newRelic provider', () => {
  it('POSTs the NRQL to NerdGraph with the API key and account, and takes the row as a map', async () => {
    nr.answer(byQuery);
    const r = await run({ query: "SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE appName = 'web' SINCE 5 minutes ago", timeout: 30 });
    expect(r).toMatchObject({ result: { count: 12, 'percentage.errors': 0.5 }, value: '{"count":12,"percentage.errors":0.5}' });
    expect(r.phase).toBeUndefined();
    const [req] = nr.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/graphql' });
    expect(req!.headers).toMatchObject({ 'api-key': KEY, 'content-type': 'application/json' });
    expect(JSON.parse(req!.body)).toEqual({
      query: NRQL_QUERY,
      variables: { accountId: 1234567, nrql: "SELECT percentage(count(*), WHERE error IS true) FROM Transaction WHERE appName = 'web' SINCE 5 minutes ago", timeout: 30 },
    });
  });

  it('uses the profile Secret named by the metric', async () => {
    nr.answer(byQuery);
    reads.length = 0;
    await run({ query: 'SELECT 1', profile: 'nr-eu' });
    expect(nr.requests[0]!.path).toBe('/eu/graphql');
    expect(reads).toEqual(['argo-rollouts/nr-eu']);
  });

  it('hands several rows on as a list', async () => {
    nr.answer(() => ({ body: rows([{ b: 1, a: 2 }, { b: 3, a: 4 }]) }));
    expect(await run({ query: 'SELECT ... FACET host' })).toMatchObject({ result: [{ b: 1, a: 2 }, { b: 3, a: 4 }], value: '[{"a":2,"b":1},{"a":4,"b":3}]' });
  });

  it.each([['no rows', []], ['one empty row', [{}]]])('gives "no data" for %s', async (_name, results) => {
    nr.answer(() => ({ body: rows(results) }));
    const r = await run({ query: 'SELECT count(*) FROM Nothing' });
    expect(r).toMatchObject({ result: [], value: '[]', noData: { policy: 'Condition' } });
    expect(r.message).toContain('no data returned for query "SELECT count(*) FROM Nothing"');
  });

  it.each([
    ['GraphQL errors', { body: { errors: [{ message: 'NRQL Syntax Error: Error at line 1' }], data: null } }, 'newRelic: NRQL Syntax Error: Error at line 1'],
    ['401', { status: 401, body: { errors: [{ message: 'Invalid API key' }] } }, 'newRelic: received authentication error response code: 401 Unauthorized'],
    ['429', { status: 429, headers: { 'Retry-After': '12' }, body: '' }, 'newRelic: rate limited (429 Too Many Requests), retry after 12s'],
    ['a malformed body', { body: '<html>bad gateway</html>' }, 'newRelic: response is not JSON: <html>bad gateway</html>'],
    ['an answer of another shape', { body: { data: { actor: {} } } }, 'newRelic: the answer has no data.actor.account.nrql.results'],
  ])('makes %s an Error', async (_name, answer, message) => {
    nr.answer(() => answer);
    const r = await run({ query: 'SELECT 1' });
    expect(r.phase).toBe('Error');
    expect(r.message).toContain(message);
    expect(r.message).not.toContain(KEY);
  });

  it('refuses a timeout beyond New Relic\'s 120 seconds', async () => {
    expect(await run({ query: 'SELECT 1', timeout: 300 })).toMatchObject({ phase: 'Error', message: 'provider.newRelic.timeout: must be 1 to 120 seconds, got 300' });
  });
});

describe('the New Relic account and answers', () => {
  it.each([
    [{ 'personal-api-key': 'k', 'account-id': '42' }, { apiKey: 'k', accountId: 42, nerdGraphUrl: 'https://api.newrelic.com/graphql' }],
    [{ 'personal-api-key': 'k', 'account-id': '42', region: 'eu' }, { apiKey: 'k', accountId: 42, nerdGraphUrl: 'https://api.eu.newrelic.com/graphql' }],
    [{ 'personal-api-key': 'k', 'account-id': '42', region: 'eu', 'base-url-nerdgraph': 'https://nr.example/graphql' }, { apiKey: 'k', accountId: 42, nerdGraphUrl: 'https://nr.example/graphql' }],
  ])('%j', (secret, account) => {
    expect(newRelicAccount(secret, 's')).toEqual(account);
  });

  it.each([
    [{ 'account-id': '42' }, 'needs both personal-api-key and account-id'],
    [{ 'personal-api-key': 'k', 'account-id': 'forty-two' }, 'account-id in s is not a number'],
    [{ 'personal-api-key': 'k', 'account-id': '42', region: 'ap' }, 'region "ap" in s is not us or eu'],
  ])('refuses %j', (secret, message) => {
    expect(() => newRelicAccount(secret, 's')).toThrow(message);
  });

  it('writes JSON with sorted keys, as Go does for a map', () => {
    expect(goJson({ z: 1, a: { y: [1, { c: null, b: 'x' }] } })).toBe('{"a":{"y":[1,{"b":"x","c":null}]},"z":1}');
    expect(readNrqlAnswer([])).toEqual({ kind: 'error', message: 'newRelic: expected a JSON object from NerdGraph' });
  });
});
