// The NerdGraph (GraphQL) request for one NRQL query and the reading of its answer, as Argo's
// New Relic client makes and reads them. Pure.
import { isRecord } from '../vendor-reply.js';

export const NRQL_QUERY = 'query($accountId: Int!, $nrql: Nrql!, $timeout: Seconds) { actor { account(id: $accountId) { nrql(query: $nrql, timeout: $timeout) { results } } } }';

/** The JSON body POSTed to NerdGraph. */
export function nerdGraphBody(accountId: number, nrql: string, timeoutSeconds?: number): string {
  return JSON.stringify({ query: NRQL_QUERY, variables: { accountId, nrql, ...(timeoutSeconds !== undefined ? { timeout: timeoutSeconds } : {}) } });
}

export type NrqlReading =
  | { kind: 'data'; value: string; result: unknown }
  | { kind: 'empty' }
  | { kind: 'error'; message: string };

/** JSON with object keys sorted, as Go marshals a map. */
export function goJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${goJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/**
 * The NRQL results as Argo hands them on: one row is the result as a map (`result.count`), more
 * rows the list of maps; no rows, or one empty row, is no data. GraphQL errors are errors.
 *
 *   { data: { actor: { account: { nrql: { results: [{ count: 3 }] } } } } } -> data { count: 3 }, value '{"count":3}'
 */
export function readNrqlAnswer(body: unknown): NrqlReading {
  if (!isRecord(body)) return { kind: 'error', message: 'newRelic: expected a JSON object from NerdGraph' };
  const errors = body['errors'];
  if (Array.isArray(errors) && errors.length > 0) {
    const text = errors.map((e) => (isRecord(e) && typeof e['message'] === 'string' ? e['message'] : JSON.stringify(e))).join('; ');
    return { kind: 'error', message: `newRelic: ${text}` };
  }
  const data = body['data'];
  const actor = isRecord(data) ? data['actor'] : undefined;
  const account = isRecord(actor) ? actor['account'] : undefined;
  const nrql = isRecord(account) ? account['nrql'] : undefined;
  const results = isRecord(nrql) ? nrql['results'] : undefined;
  if (!Array.isArray(results)) return { kind: 'error', message: 'newRelic: the answer has no data.actor.account.nrql.results' };
  if (results.length === 0) return { kind: 'empty' };
  if (results.length === 1) {
    const row = results[0] as unknown;
    if (!isRecord(row) || Object.keys(row).length === 0) return { kind: 'empty' };
    return { kind: 'data', value: goJson(row), result: row };
  }
  return { kind: 'data', value: goJson(results), result: results };
}
