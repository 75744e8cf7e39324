// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: acquire when the lease
// is free or expired, renew every retry period, give up when no renew succeeded within the renew
// deadline, release on shutdown. Concurrency is the Lease's resourceVersion: a 409 lost the race.
import { formatMicroTime } from '../api/timestamp.js';
import type { KubernetesObject } from '@kubernetes/client-node';
import { realClock, sleep, type Clock } from './clock.js';
import type { ResourceClient } from './client.js';
import { classify } from './errors.js';

export interface LeaderElectorOptions {
  leases: Pick<ResourceClient<Lease>, 'get' | 'create' | 'replace'>;
  namespace: string;
  name: string;
  /** Unique per process (pod name plus a random suffix). */
  identity: string;
  /** How long a lease holds without renewal. Default 15. */
  leaseDurationSeconds?: number;
  /** A leader that could not renew for this long stops leading. Default 10. */
  renewDeadlineSeconds?: number;
  /** Time between attempts to acquire or renew. Default 2. */
  retryPeriodSeconds?: number;
  clock?: Clock;
  /** Called on becoming leader; `signal` aborts when leadership ends. */
  onStartedLeading?: (signal: AbortSignal) => void;
  onStoppedLeading?: () => void;
  /** Called whenever the observed holder changes (including to ourselves). */
  onNewLeader?: (identity: string) => void;
  log?: { warn(obj: object, msg: string): void };
}

/** A coordination.k8s.io/v1 Lease as it travels as JSON (MicroTime fields are strings). */
export interface Lease extends KubernetesObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

type Attempt = 'held' | 'other' | 'error';

export class LeaderElector {
  private readonly clock: Clock;
  private readonly stop$ = new AbortController();
  private leading = false;
  private observedKey = '';
  private observedAt = 0;
  private lastHolder = '';
  private lastLease?: Lease;
  private running?: Promise<void>;

  constructor(private readonly opts: LeaderElectorOptions) {
    this.clock = opts.clock ?? realClock;
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The holder last seen on the lease ('' when none). */
  get leader(): string {
    return this.lastHolder;
  }

  /** Starts campaigning; resolves when stopped. */
  run(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  /** Stops campaigning, releases the lease if held, and resolves once onStoppedLeading has run. */
  async stop(): Promise<void> {
    this.stop$.abort();
    await this.running;
  }

  private get durations() {
    return {
      lease: (this.opts.leaseDurationSeconds ?? 15) * 1000,
      renew: (this.opts.renewDeadlineSeconds ?? 10) * 1000,
      retry: (this.opts.retryPeriodSeconds ?? 2) * 1000,
    };
  }

  private async loop(): Promise<void> {
    const stopped = this.stop$.signal;
    const d = this.durations;
    while (!stopped.aborted) {
      while (!stopped.aborted && (await this.tryAcquireOrRenew()) !== 'held') {
        await sleep(this.clock, d.retry * (1 + Math.random() * 0.2), stopped);
      }
      if (stopped.aborted) break;
      this.leading = true;
      const term = new AbortController();
      this.call(() => this.opts.onStartedLeading?.(term.signal));
      let lastRenew = this.clock.now();
      while (!stopped.aborted) {
        await sleep(this.clock, d.retry, stopped);
        if (stopped.aborted) break;
        const r = await this.tryAcquireOrRenew();
        if (r === 'held') lastRenew = this.clock.now();
        else if (r === 'other' || this.clock.now() - lastRenew >= d.renew) break;
      }
      this.leading = false;
      term.abort();
      if (stopped.aborted) await this.release();
      this.call(() => this.opts.onStoppedLeading?.());
    }
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.log?.warn({ err: String(err) }, 'leader election callback threw');
    }
  }

  private observe(lease: Lease): void {
    this.lastLease = lease;
    const holder = lease.spec?.holderIdentity ?? '';
    // Expiry is judged by our own clock from when we saw the record change, never by the
    // holder's renewTime, so clock skew between nodes cannot steal a live lease.
    const key = `${holder}|${String(lease.spec?.renewTime ?? '')}|${lease.metadata?.resourceVersion ?? ''}`;
    if (key !== this.observedKey) {
      this.observedKey = key;
      this.observedAt = this.clock.now();
    }
    if (holder !== this.lastHolder) {
      this.lastHolder = holder;
      if (holder) this.call(() => this.opts.onNewLeader?.(holder));
    }
  }

  private async tryAcquireOrRenew(): Promise<Attempt> {
    const { leases, namespace, name, identity } = this.opts;
    const leaseSeconds = this.opts.leaseDurationSeconds ?? 15;
    const now = formatMicroTime(this.clock.now());
    let lease: Lease;
    try {
      lease = await leases.get({ namespace, name });
    } catch (err) {
      const e = classify(err);
      if (e.kind !== 'NotFound') return this.failed('get lease', err);
      try {
        this.observe(await leases.create({
          apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace },
          spec: { holderIdentity: identity, leaseDurationSeconds: leaseSeconds, acquireTime: now, renewTime: now, leaseTransitions: 0 },
        }));
        return 'held';
      } catch (createErr) {
        const k = classify(createErr).kind;
        return k === 'AlreadyExists' || k === 'Conflict' ? 'other' : this.failed('create lease', createErr);
      }
    }
    this.observe(lease);
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const held = holder !== '' && holder !== identity;
    const duration = (spec.leaseDurationSeconds ?? leaseSeconds) * 1000;
    if (held && this.observedAt + duration > this.clock.now()) return 'other';
    const mine = holder === identity;
    try {
      this.observe(await leases.replace({
        ...lease,
        spec: {
          ...spec, holderIdentity: identity, leaseDurationSeconds: leaseSeconds, renewTime: now,
          acquireTime: mine ? spec.acquireTime ?? now : now,
          leaseTransitions: (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
        },
      }));
      return 'held';
    } catch (err) {
      return classify(err).kind === 'Conflict' ? 'other' : this.failed('update lease', err);
    }
  }

  private failed(what: string, err: unknown): Attempt {
    const e = classify(err);
    this.opts.log?.warn({ kind: e.kind, err: e.message }, `leader election: ${what} failed`);
    return 'error';
  }

  /** Hands the lease back (empty holder, 1 s duration) so a standby takes over at once. */
  private async release(): Promise<void> {
    const lease = this.lastLease;
    if (!lease || lease.spec?.holderIdentity !== this.opts.identity) return;
    const now = formatMicroTime(this.clock.now());
    try {
      this.observe(await this.opts.leases.replace({
        ...lease,
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now },
      }));
    } catch (err) {
      this.failed('release lease', err);
    }
  }
}
