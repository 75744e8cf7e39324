// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: acquire when the lease
// is free or expired, renew every retry period, give up when no renew succeeded within the renew
// deadline, release on shutdown. Concurrency is the Lease's resourceVersion: a 409 lost the race.
//
// Why two leaders cannot overlap (docs/reliability.md): a renew proves the lease from the moment
// its request was SENT, and the leader may write only until that moment plus the renew deadline
// (`mayWrite()`, judged by the clock, so it turns false on time even when the event loop was
// stopped). A standby takes over no sooner than a whole lease duration after it SAW that renew,
// which is later than it was sent. The renew deadline is shorter than the lease, so the leader's
// right to write always ends before anyone else's begins; the difference absorbs network delay.
import { formatMicroTime } from '../api/timestamp.js';
import type { KubernetesObject } from '@kubernetes/client-node';
import { realClock, sleep, type Clock } from './clock.js';
import type { ResourceClient } from './client.js';
import { classify } from './errors.js';

export interface LeaderElectorOptions {
  /** A client used for nothing but this Lease, with its own rate limit (never behind reconciles). */
  leases: Pick<ResourceClient<Lease>, 'get' | 'create' | 'replace'>;
  namespace: string;
  name: string;
  /** Unique per process (pod name plus a random suffix). */
  identity: string;
  /** How long a lease holds without renewal. Default 4 (see LEADER_DEFAULTS). */
  leaseDurationSeconds?: number;
  /** A leader whose last renew was sent this long ago stops writing and stops leading. Default 2.5. */
  renewDeadlineSeconds?: number;
  /** Time between attempts to acquire or renew. Default 0.5. */
  retryPeriodSeconds?: number;
  clock?: Clock;
  /** Random numbers in [0, 1) for the retry jitter (tests pass a fixed one). */
  random?: () => number;
  /** Called on becoming leader; `signal` aborts when leadership ends. */
  onStartedLeading?: (signal: AbortSignal) => void;
  onStoppedLeading?: () => void;
  /** Called whenever the observed holder changes (including to ourselves). */
  onNewLeader?: (identity: string) => void;
  log?: { warn(obj: object, msg: string): void };
}

/**
 * Defaults chosen for a failover of about lease + retry (under 5 s), against Argo Rollouts'
 * 15 / 10 / 2 s. Each replica makes two Lease calls per retry period on its own limiter.
 */
export const LEADER_DEFAULTS = { leaseDurationSeconds: 4, renewDeadlineSeconds: 2.5, retryPeriodSeconds: 0.5 } as const;

export interface LeaderTimings {
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retryPeriodSeconds: number;
}

/** The retry jitter's largest share of the retry period (client-go's JitterFactor is 1.2). */
const JITTER = 0.2;

/**
 * Problems with a set of timings, one message per broken rule, naming the option. The rules keep
 * two leaders from overlapping: renew deadline < lease duration, and a renew attempt (retry period
 * plus jitter) fits inside the renew deadline.
 */
export function leaderTimingProblems(t: LeaderTimings): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(t)) {
    if (!Number.isFinite(v) || v <= 0) out.push(`${name} must be a positive number of seconds, got ${String(v)}`);
  }
  if (out.length) return out;
  if (t.renewDeadlineSeconds >= t.leaseDurationSeconds) {
    out.push(`renewDeadlineSeconds (${t.renewDeadlineSeconds}) must be less than leaseDurationSeconds (${t.leaseDurationSeconds}), or two leaders could overlap`);
  }
  if (t.retryPeriodSeconds * (1 + JITTER) >= t.renewDeadlineSeconds) {
    out.push(`retryPeriodSeconds (${t.retryPeriodSeconds}) times ${1 + JITTER} must be less than renewDeadlineSeconds (${t.renewDeadlineSeconds})`);
  }
  return out;
}

/** True while a renew sent at `lastRenewSentAt` still proves the lease at `now`. */
export function leaseProven(lastRenewSentAt: number, renewDeadlineMs: number, now: number): boolean {
  return now < lastRenewSentAt + renewDeadlineMs;
}

/** True when another holder's lease, whose record we first saw at `observedAt`, has run out at `now`. */
export function leaseExpired(observedAt: number, leaseDurationMs: number, now: number): boolean {
  return observedAt + leaseDurationMs <= now;
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
  private readonly random: () => number;
  private readonly stop$ = new AbortController();
  private readonly timings: LeaderTimings;
  private leading = false;
  /** When the request of the last successful acquire or renew was sent. */
  private lastRenewSentAt = 0;
  private observedKey = '';
  private observedAt = 0;
  private lastHolder = '';
  private lastLease?: Lease;
  private running?: Promise<void>;

  constructor(private readonly opts: LeaderElectorOptions) {
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.timings = {
      leaseDurationSeconds: opts.leaseDurationSeconds ?? LEADER_DEFAULTS.leaseDurationSeconds,
      renewDeadlineSeconds: opts.renewDeadlineSeconds ?? LEADER_DEFAULTS.renewDeadlineSeconds,
      retryPeriodSeconds: opts.retryPeriodSeconds ?? LEADER_DEFAULTS.retryPeriodSeconds,
    };
    const problems = leaderTimingProblems(this.timings);
    if (problems.length) throw new Error(`leader election: ${problems.join('; ')}`);
  }

  /** True from acquiring until leadership ends (the loop noticed); see mayWrite for writes. */
  isLeader(): boolean {
    return this.leading;
  }

  /**
   * True only while the lease is proven by a renew sent less than the renew deadline ago. Checked
   * right before every write leaves the process; turns false on time even if no timer has run.
   */
  mayWrite(): boolean {
    return this.leading && leaseProven(this.lastRenewSentAt, this.durations.renew, this.clock.now());
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
      lease: this.timings.leaseDurationSeconds * 1000,
      renew: this.timings.renewDeadlineSeconds * 1000,
      retry: this.timings.retryPeriodSeconds * 1000,
    };
  }

  private async loop(): Promise<void> {
    const stopped = this.stop$.signal;
    const d = this.durations;
    while (!stopped.aborted) {
      for (;;) {
        const sentAt = this.clock.now();
        if ((await this.tryAcquireOrRenew()) === 'held') {
          this.lastRenewSentAt = sentAt;
          break;
        }
        if (stopped.aborted) break;
        await sleep(this.clock, d.retry * (1 + this.random() * JITTER), stopped);
        if (stopped.aborted) break;
      }
      if (stopped.aborted) break;
      // An acquire that took longer than the renew deadline proves nothing: try again.
      if (!leaseProven(this.lastRenewSentAt, d.renew, this.clock.now())) continue;
      this.leading = true;
      const term = new AbortController();
      this.call(() => this.opts.onStartedLeading?.(term.signal));
      while (!stopped.aborted) {
        await sleep(this.clock, d.retry, stopped);
        if (stopped.aborted || !this.mayWrite()) break;
        const sentAt = this.clock.now();
        // The attempt races the deadline: a renew that hangs ends leadership on time.
        const r = await this.beforeDeadline(this.tryAcquireOrRenew());
        if (r === 'held' && leaseProven(sentAt, d.renew, this.clock.now())) this.lastRenewSentAt = sentAt;
        else if (r === 'other' || !this.mayWrite()) break;
      }
      this.leading = false;
      term.abort();
      if (stopped.aborted) await this.release();
      this.call(() => this.opts.onStoppedLeading?.());
    }
  }

  /** The attempt's result, or 'error' once the lease can no longer be proven. */
  private beforeDeadline(attempt: Promise<Attempt>): Promise<Attempt> {
    const left = this.lastRenewSentAt + this.durations.renew - this.clock.now();
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => resolve('error'), left);
      void attempt.then((r) => {
        this.clock.clearTimeout(timer);
        resolve(r);
      });
    });
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
    // The Lease field is whole seconds: round up, so others wait at least as long as we assume.
    const leaseSeconds = Math.ceil(this.timings.leaseDurationSeconds);
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
    if (held && !leaseExpired(this.observedAt, duration, this.clock.now())) return 'other';
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
