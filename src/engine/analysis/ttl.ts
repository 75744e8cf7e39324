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

/**
 * Whether a completed run is due for deletion at `now`: only once its TTL has passed. A run that
 * completed exactly `ttlStrategy` seconds ago is kept, as Argo Rollouts keeps it.
 *
 *   {secondsAfterCompletion: 60}, completed 10:00:00, now 10:01:00.000 -> false
 *   {secondsAfterCompletion: 60}, completed 10:00:00, now 10:01:00.001 -> true
 */
export function runExpired(spec: Pick<AnalysisRunSpec, 'ttlStrategy'>, status: AnalysisRunStatus | undefined, now: number): boolean {
  const at = runExpiresAt(spec, status);
  return at !== undefined && now > at;
}
