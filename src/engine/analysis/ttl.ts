// `spec.ttlStrategy`: when a completed AnalysisRun is deleted.
import type { AnalysisRunSpec, AnalysisRunStatus } from '../../api/types.js';
import { parseTimestamp } from '../../api/timestamp.js';

/**
 * The time (ms) a completed run expires, or undefined when it is kept. A Successful run uses
 * `secondsAfterSuccess`, any other outcome `secondsAfterFailure`; either falls back to
 * `secondsAfterCompletion`. Counted from `completedAt`.
 *
 *   {secondsAfterCompletion: 60}, Successful at 10:00:00 -> 10:01:00
 *   {secondsAfterSuccess: 0, secondsAfterFailure: 600}, Failed at 10:00:00 -> 10:10:00
 *   no ttlStrategy                                         -> undefined
 */
export function runExpiresAt(spec: Pick<AnalysisRunSpec, 'ttlStrategy'>, status: AnalysisRunStatus | undefined): number | undefined {
  const ttl = spec.ttlStrategy;
  const completed = parseTimestamp(status?.completedAt);
  if (!ttl || completed === undefined) return undefined;
  const seconds = status?.phase === 'Successful'
    ? ttl.secondsAfterSuccess ?? ttl.secondsAfterCompletion
    : ttl.secondsAfterFailure ?? ttl.secondsAfterCompletion;
  return seconds === undefined ? undefined : completed + seconds * 1000;
}
