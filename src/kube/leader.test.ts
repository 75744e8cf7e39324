import { describe, expect, it } from 'vitest';
import { FakeClock, flushPromises } from './clock.js';
import { KubeError } from './errors.js';
import { formatMicroTime } from '../api/timestamp.js';
import { LeaderElector, type Lease } from './leader.js';

/** One Lease with resourceVersion checks, like the apiserver. */
class FakeLeases {
  lease?: Lease;
  rv = 0;
  down = false;

  private check(): void {
    if (this.down) throw new KubeError('Transient', 'apiserver down', 503);
  }

  async get(): Promise<Lease> {
    this.check();
    if (!this.lease) throw new KubeError('NotFound', 'not found', 404);
    return structuredClone(this.lease);
  }

  async create(l: Lease): Promise<Lease> {
    this.check();
    if (this.lease) throw new KubeError('AlreadyExists', 'exists', 409, [], 'AlreadyExists');
    this.lease = { ...l, metadata: { ...l.metadata, resourceVersion: String(++this.rv) } };
    return structuredClone(this.lease);
  }

  async replace(l: Lease): Promise<Lease> {
    this.check();
    if (l.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) throw new KubeError('Conflict', 'conflict', 409);
    this.lease = { ...l, metadata: { ...l.metadata, resourceVersion: String(++this.rv) } };
    return structuredClone(this.lease);
  }
}

function elector(leases: FakeLeases, clock: FakeClock, identity: string, log: string[]) {
  return new LeaderElector({
    leases, clock, identity, namespace: 'kube-system', name: 'kanary',
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
});
