// The suite every metric provider runs (docs/architecture.md: small plug-in interfaces, one shared contract
// test): results are started and either Running or finished, failures are Error results and
// never exceptions, aborts end a measurement at once, and messages stay bounded.
import { describe, expect, it } from 'vitest';
import type { Metric } from '../api/types.js';
import type { MetricProvider, ProviderContext, ProviderLogger, ProviderResult } from './provider.js';
import { MAX_MESSAGE_CHARS, toMeasurement } from './result.js';

export const silentLogger: ProviderLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A context for tests: a throwaway run, a live signal, the real clock. */
export function testContext(overrides: Partial<ProviderContext> = {}): ProviderContext {
  return {
    run: { name: 'contract-run', namespace: 'default', uid: '00000000-0000-4000-8000-000000000001', labels: {} },
    signal: new AbortController().signal,
    now: () => Date.now(),
    logger: silentLogger,
    ...overrides,
  };
}

export interface ContractSetup {
  provider: MetricProvider;
  /** A metric that measures without error against the test's own server or cluster. */
  working: Metric;
  /** A metric that cannot be measured (nothing listening, a bad spec). */
  broken: Metric;
  /** A metric whose measurement waits until aborted (a server that never answers). */
  hanging?: Metric;
  /** A metric whose error would carry a huge message. */
  noisy?: Metric;
  /** Context fields the provider needs (credentials, run). */
  context?: Partial<ProviderContext>;
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function expectWellFormed(r: ProviderResult): void {
  expect(r.startedAt).toMatch(RFC3339);
  if (r.phase === 'Running') expect(r.finishedAt).toBeUndefined();
  else expect(r.finishedAt).toMatch(RFC3339);
  if (r.message !== undefined) expect(r.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms); });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Registers the contract tests; `setup` is called inside each test (after beforeAll hooks). */
export function describeProviderContract(name: string, setup: () => ContractSetup): void {
  describe(`${name}: the metric provider contract`, () => {
    const ctx = (extra: Partial<ProviderContext> = {}) => testContext({ ...setup().context, ...extra });

    it('returns a started measurement that is Running or finished', async () => {
      const { provider, working } = setup();
      const r = await provider.run(ctx(), working);
      expectWellFormed(r);
      expect(r.phase, r.message).not.toBe('Error');
      if (r.phase !== 'Running') expect(typeof r.value).toBe('string');
    });

    it('turns failures into Error results with a message, never exceptions', async () => {
      const { provider, broken } = setup();
      const r = await provider.run(ctx(), broken);
      expectWellFormed(r);
      expect(r.phase).toBe('Error');
      expect(r.message).toBeTruthy();
    });

    it('does no work once the signal is aborted', async () => {
      const { provider, working } = setup();
      const r = await within(1000, provider.run(ctx({ signal: AbortSignal.abort() }), working));
      expect(r.phase).toBe('Error');
      expectWellFormed(r);
    });

    it('ends a waiting measurement as soon as it is aborted', async () => {
      const { provider, hanging } = setup();
      if (!hanging) return;
      const r = await within(3000, provider.run(ctx({ signal: AbortSignal.timeout(200) }), hanging));
      expect(r.phase).toBe('Error');
      expectWellFormed(r);
    });

    it('keeps messages bounded', async () => {
      const { provider, noisy } = setup();
      if (!noisy) return;
      const r = await provider.run(ctx(), noisy);
      expect(r.phase).toBe('Error');
      expect(r.message?.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    });

    it('resumes and terminates a stored measurement without throwing', async () => {
      const { provider, working } = setup();
      const first = await provider.run(ctx(), working);
      const stored = toMeasurement(first, first.phase ?? 'Successful');
      const resumed = await provider.resume(ctx(), working, stored);
      expectWellFormed(resumed);
      expect(resumed.startedAt).toBe(first.startedAt);
      const terminated = await provider.terminate(ctx(), working, stored);
      expect(terminated.startedAt).toBe(first.startedAt);
      await expect(provider.garbageCollect(ctx(), working, 0)).resolves.toBeUndefined();
    });
  });
}
