// The result of a query that returned no samples, for every provider: the metric's no-data
// policy (src/api/no-data.ts) attached and a message that says what happened and what to do.
import type { NoData } from '../api/no-data.js';
import type { ProviderResult } from './provider.js';
import { boundedMessage, truncate } from './result.js';

export const NO_DATA_HINT = 'use len(result) > 0 or default(result, 0) in the condition, or set a no-data policy with the kanary.io/no-data annotation';

/**
 * `value`/`result` are what the conditions see under the default policy (`[]` for a list,
 * `null` for a single number, as Argo hands them on).
 */
export function noDataResult(
  noData: NoData,
  query: string,
  empty: { value: string; result: unknown },
  times: { startedAt: string; finishedAt: string },
): ProviderResult {
  const applied = noData.source === 'annotation' ? `; no-data policy ${noData.policy} applies` : '';
  return {
    ...empty, ...times, noData,
    ...(noData.policy === 'Error' ? { phase: 'Error' as const } : {}),
    message: boundedMessage(`no data returned for query ${JSON.stringify(truncate(query, 300))} (${NO_DATA_HINT})${applied}`),
  };
}
