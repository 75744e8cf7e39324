import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from './clock.js';
import { KubeError } from './errors.js';
import { formatMicroTime } from '../api/timestamp.js';
import { LeaderElector, leaderTimingProblems, leaseExpired, leaseProven, type Lease } from './leader.js';

/** One Lease with resourceVersion checks, like the apiserver. */
class FakeLeases {
  lease?: Lease;
  rv = 0;
  down = false;
  /** Calls never answer (a dead connection) while set. */
  hang = false;
  /** Milliseconds each call takes on the fake clock. */
  latencyMs = 0;
  calls = 0;

  constructor(private readonly clock?: FakeClock) {}

  private async check(): Promise<void> {
    this.calls++;
    if (this.hang) await new Promise(() => undefined);
    if (this.latencyMs && this.clock) await new Promise((r) => this.clock?.setTimeout(() => r(undefined), this.latencyMs));
    if (this.down) throw new KubeError('Transient', 'apiserver down', 503);
  }

  async get(): Promise<Lease> {
    await this.check();
    if (!this.lease) throw new KubeError('NotFound', 'not found', 404);
    return structuredClone(this.lease);
  }

  async create(l: Lease): Promise<Lease> {
    await this.check();
    if (this.lease) throw new KubeError('AlreadyExists', 'exists', 409, [], 'AlreadyExists');
    this.lease = { ...l, metadata: { ...l.metadata, resourceVersion: String(++this.rv) } };
    return structuredClone(this.lease);
  }

  async replace(l: Lease): Promise<Lease> {
    await this.check();
    if (l.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) throw new KubeError('Conflict', 'conflict', 409);
    this.lease = { ...l, metadata: { ...l.metadata, resourceVersion: String(++this.rv) } };
    return structuredClone(this.lease);
  }
}

/** Argo Rollouts' timings (15 / 10 / 2 s), so the arithmetic in the tests reads easily. */
function elector(leases: FakeLeases, clock: FakeClock, identity: string, log: string[]) {
  return new LeaderElector({
    leases, clock, identity, namespace: 'kube-system', name: 'kanary', random: () => 0,
    leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2,
    onStartedLeading: () => log.push(`${identity} started`),
    onStoppedLeading: () => log.push(`${identity} stopped`),
  });
}

describe('LeaderElector', () => {
  it('formats MicroTime with microseconds', () => {
    expect(formatMicroTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678))).toBe('2024-01-02T03:04:05.678000Z');
  });

  it('lets exactly one of two candidates lead, and hands over on release', async () => {
    const clock = new FakeClock(1_000_000);
    const leases = new FakeLeases();
    const log: string[] = [];
    const a = elector(leases, clock, 'a', log);
    const b = elector(leases, clock, 'b', log);
    void a.run();
    await flushPromises();
    void b.run();
    await clock.advance(30_000);
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    expect(leases.lease?.spec?.holderIdentity).toBe('a');
    await a.stop();
    expect(leases.lease?.spec?.holderIdentity).toBe('');
    await clock.advance(3_000);
    expect(b.isLeader()).toBe(true);
    expect(leases.lease?.spec?.leaseTransitions).toBe(1);
    expect(log).toEqual(['a started', 'a stopped', 'b started']);
    await b.stop();
  });

  it('takes over an expired lease, judged by its own clock', async () => {
    const clock = new FakeClock(1_000_000);
    const leases = new FakeLeases();
    leases.lease = {
      metadata: { name: 'kanary', namespace: 'kube-system', resourceVersion: '1' },
      spec: { holderIdentity: 'gone', leaseDurationSeconds: 15, renewTime: formatMicroTime(0) },
    };
    const log: string[] = [];
    const b = elector(leases, clock, 'b', log);
    void b.run();
    await clock.advance(14_000);
    expect(b.isLeader()).toBe(false);
    await clock.advance(4_000);
    expect(b.isLeader()).toBe(true);
    await b.stop();
  });

  it('stops leading when it cannot renew within the renew deadline', async () => {
    const clock = new FakeClock(1_000_000);
    const leases = new FakeLeases();
    const log: string[] = [];
    const a = elector(leases, clock, 'a', log);
    void a.run();
    await clock.advance(1_000);
    expect(a.isLeader()).toBe(true);
    leases.down = true;
    // Last renew at t=0 (acquire); retries at 2, 4, 6, 8 s fail; at 10 s the deadline has passed.
    await clock.advance(8_000);
    expect(a.isLeader()).toBe(true);
    await clock.advance(2_000);
    expect(a.isLeader()).toBe(false);
    expect(log).toEqual(['a started', 'a stopped']);
    await a.stop();
  });

  it('stops writing at the renew deadline even when a renew hangs and never answers', async () => {
    const clock = new FakeClock(1_000_000);
    const leases = new FakeLeases();
    const log: string[] = [];
    const a = elector(leases, clock, 'a', log);
    void a.run();
    await clock.advance(0);
    expect(a.mayWrite()).toBe(true);
    leases.hang = true;
    // Acquired at t=0; the renew sent at 2 s hangs. Proof ends at 0 + 10 s, not 2 s + 30 s.
    await clock.advance(9_999);
    expect([a.isLeader(), a.mayWrite()]).toEqual([true, true]);
    await clock.advance(1);
    expect([a.isLeader(), a.mayWrite()]).toEqual([false, false]);
    expect(log).toEqual(['a started', 'a stopped']);
  });

  it('stops writing by the clock alone, before any timer runs (a process stopped and resumed)', async () => {
    const clock = new FakeClock(1_000_000);
    const leases = new FakeLeases();
    const log: string[] = [];
    const a = elector(leases, clock, 'a', log);
    void a.run();
    await clock.advance(0);
    // Nothing ran for 11 s (SIGSTOP): no timer has fired yet, but the proof has run out.
    (clock as unknown as { current: number }).current += 11_000;
    expect(a.isLeader()).toBe(true);
    expect(a.mayWrite()).toBe(false);
    // The first timer to run ends the term (the lease was free, so it may then campaign again).
    await clock.advance(0);
    expect(log.slice(0, 2)).toEqual(['a started', 'a stopped']);
    await a.stop();
  });

  it('counts a renew from when it was sent, not from when its answer came', async () => {
    const clock = new FakeClock(1_000_000);
    const leases = new FakeLeases(clock);
    const a = elector(leases, clock, 'a', []);
    leases.latencyMs = 1_500;
    void a.run();
    // Acquire: get + create, 3 s in all; proven from t=0 until t=10 s.
    await clock.advance(3_000);
    expect(a.mayWrite()).toBe(true);
    leases.down = true;
    await clock.advance(6_999);
    expect(a.mayWrite()).toBe(true);
    await clock.advance(1);
    expect(a.mayWrite()).toBe(false);
    const stopped = a.stop();
    await clock.advance(5_000);
    await stopped;
  });

  it('keeps the standby out for a whole lease after it saw the last renew', async () => {
    const clock = new FakeClock(1_000_000);
    const leases = new FakeLeases();
    const log: string[] = [];
    const a = elector(leases, clock, 'a', log);
    const b = elector(leases, clock, 'b', log);
    void a.run();
    await clock.advance(0);
    void b.run();
    await clock.advance(4_000);
    leases.down = false;
    // a stops renewing (as if stopped); b must not lead while a may still write.
    (a as unknown as { opts: { leases: unknown } }).opts.leases = { get: () => new Promise(() => undefined), create: () => new Promise(() => undefined), replace: () => new Promise(() => undefined) };
    for (let t = 0; t < 40_000; t += 250) {
      await clock.advance(250);
      expect(a.mayWrite() && b.mayWrite()).toBe(false);
    }
    expect(b.isLeader()).toBe(true);
    await b.stop();
  });
});

describe('leader election rules', () => {
  it.each([
    [{ leaseDurationSeconds: 4, renewDeadlineSeconds: 2.5, retryPeriodSeconds: 0.5 }, []],
    [{ leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2 }, []],
    [{ leaseDurationSeconds: 10, renewDeadlineSeconds: 10, retryPeriodSeconds: 2 }, ['renewDeadlineSeconds (10) must be less than leaseDurationSeconds (10), or two leaders could overlap']],
    [{ leaseDurationSeconds: 15, renewDeadlineSeconds: 2, retryPeriodSeconds: 2 }, ['retryPeriodSeconds (2) times 1.2 must be less than renewDeadlineSeconds (2)']],
    [{ leaseDurationSeconds: 0, renewDeadlineSeconds: 2, retryPeriodSeconds: 1 }, ['leaseDurationSeconds must be a positive number of seconds, got 0']],
  ])('%o -> %o', (timings, problems) => {
    expect(leaderTimingProblems(timings)).toEqual(problems);
  });

  it('refuses timings that would let two leaders overlap', () => {
    expect(() => new LeaderElector({
      leases: new FakeLeases(), namespace: 'n', name: 'l', identity: 'a', leaseDurationSeconds: 5, renewDeadlineSeconds: 6,
    })).toThrow(/renewDeadlineSeconds \(6\) must be less than leaseDurationSeconds \(5\)/);
  });

  it('proves a lease until the renew deadline and expires another holder after the duration', () => {
    expect([leaseProven(1_000, 2_500, 3_499), leaseProven(1_000, 2_500, 3_500)]).toEqual([true, false]);
    expect([leaseExpired(1_000, 4_000, 4_999), leaseExpired(1_000, 4_000, 5_000)]).toEqual([false, true]);
  });
});
