import { describe, expect, it } from 'vitest';
import { runExpired, runExpiresAt } from './ttl.js';

const at = Date.parse('2026-11-21T10:00:00Z');
describe('runExpiresAt', () => {
  it.each([
    ['completion ttl, Successful', { secondsAfterCompletion: 60 }, 'Successful', at + 60_000],
    ['success ttl wins for Successful', { secondsAfterCompletion: 60, secondsAfterSuccess: 5 }, 'Successful', at + 5_000],
    ['failure ttl for Failed', { secondsAfterSuccess: 0, secondsAfterFailure: 600 }, 'Failed', at + 600_000],
    ['failure ttl for Error', { secondsAfterFailure: 1 }, 'Error', at + 1_000],
    ['success ttl only, Failed run kept', { secondsAfterSuccess: 1 }, 'Failed', undefined],
    ['no ttl', undefined, 'Successful', undefined],
  ])('%s', (_name, ttlStrategy, phase, want) => {
    expect(runExpiresAt({ ttlStrategy }, { phase: phase as 'Successful', completedAt: '2026-11-21T10:00:00Z' })).toBe(want);
  });

  it('keeps a run that has not completed', () => {
    expect(runExpiresAt({ ttlStrategy: { secondsAfterCompletion: 0 } }, { phase: 'Running' })).toBeUndefined();
  });

  it.each([
    ['before the TTL', 59_999, false],
    ['exactly the TTL after completion: kept, as Argo keeps it', 60_000, false],
    ['once the TTL has passed', 60_001, true],
  ])('runExpired %s', (_name, elapsed, want) => {
    expect(runExpired({ ttlStrategy: { secondsAfterCompletion: 60 } }, { phase: 'Successful', completedAt: '2026-11-21T10:00:00Z' }, at + elapsed)).toBe(want);
  });
});
