// The work queue between the informers and the reconcilers: one entry per object key, never two
// workers on the same key, delayed and rate-limited re-adds, and a drain on shutdown.
import { realClock, type Clock, type TimerHandle } from './clock.js';

/** What a handler asks for after a successful run; a thrown error means "retry with back-off". */
export interface ProcessOutcome {
  /** Look again after this many milliseconds (the plan's `nextCheckAt`). */
  requeueAfterMs?: number;
  /** Look again at once (a conflict: the cache was stale). */
  requeue?: boolean;
}

export type ProcessKey = (key: string) => Promise<ProcessOutcome | void>;

export interface WorkQueueOptions {
  /** Keys processed at the same time, each by one worker. Default 4. */
  workers?: number;
  clock?: Clock;
  /** First retry delay; doubles per failure. Default 5 ms. */
  baseDelayMs?: number;
  /** Retry delay cap. Default 60 s. */
  maxDelayMs?: number;
  /**
   * Workers only urgent keys may use, so a person's change starts at once even while every other
   * worker waits on the API server for status churn. Default: a tenth of the workers (at least
   * one when there are two or more workers).
   */
  reservedForUrgent?: number;
  /** Called when a handler throws, before the key is re-added with back-off. */
  onError?: (key: string, err: unknown, failures: number) => void;
}

/**
 * A de-duplicating work queue with workers. A key added while it waits is processed once; a key
 * added while it is processed is processed again after, never concurrently.
 */
export class WorkQueue {
  private readonly ready: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  /** Keys re-added with addUrgent while they were being processed. */
  private readonly urgent = new Set<string>();
  /** Urgent keys waiting, first come first served, all ahead of `ready`. */
  private readonly urgentReady: string[] = [];
  private readonly delayed = new Map<string, { at: number; timer: TimerHandle }>();
  private readonly failures = new Map<string, number>();
  private readonly clock: Clock;
  private readonly workers: number;
  private readonly reserved: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private handler?: ProcessKey;
  private shuttingDown = false;
  private drained?: () => void;
  private lastProgress: number;

  constructor(private readonly opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.workers = Math.max(1, opts.workers ?? 4);
    const reserved = opts.reservedForUrgent ?? (this.workers >= 2 ? Math.max(1, Math.floor(this.workers / 10)) : 0);
    this.reserved = Math.min(Math.max(0, reserved), this.workers - 1);
    this.baseDelayMs = opts.baseDelayMs ?? 5;
    this.maxDelayMs = opts.maxDelayMs ?? 60_000;
    this.lastProgress = this.clock.now();
  }

  /** Keys ready to be processed (not counting delayed or in-flight ones). */
  get length(): number {
    return this.urgentReady.length + this.ready.length;
  }

  /** Keys being processed right now. */
  get inFlight(): number {
    return this.processing.size;
  }

  /** Keys waiting for a delayed re-add. */
  get delayedCount(): number {
    return this.delayed.size;
  }

  /** Clock time a worker last finished a key (or the queue was created): for health checks. */
  get lastProgressAt(): number {
    return this.lastProgress;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Starts the workers; keys added before this wait until it is called. */
  start(handler: ProcessKey): void {
    if (this.handler) throw new Error('work queue already started');
    this.handler = handler;
    this.dispatch();
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (!this.processing.has(key)) this.ready.push(key);
    this.dispatch();
  }

  /**
   * Adds the key ahead of every waiting key (a person changed the spec: act on that before
   * status churn). A key already waiting moves to the front; one being processed runs again
   * right after, still ahead of the others.
   */
  addUrgent(key: string): void {
    if (this.shuttingDown) return;
    if (this.processing.has(key)) {
      this.urgent.add(key);
      this.dirty.add(key);
      return;
    }
    if (this.urgentReady.includes(key)) return;
    const at = this.ready.indexOf(key);
    if (at >= 0) this.ready.splice(at, 1);
    this.dirty.add(key);
    this.urgentReady.push(key);
    this.dispatch();
  }

  /** Adds the key after `ms`; when it is already waiting for a delayed add, the earlier time wins. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.clock.now() + ms;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return;
    if (existing) this.clock.clearTimeout(existing.timer);
    const timer = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, timer });
  }

  /** Re-adds the key after its back-off: `baseDelayMs * 2^failures`, capped at `maxDelayMs`. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, this.backoffFor(n));
  }

  /** The delay the n-th consecutive failure (0-based) waits. */
  backoffFor(failures: number): number {
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(failures, 40));
  }

  /**
   * Runs every key waiting out a failure's back-off now, with its back-off reset: the API server
   * answers again after an outage, so work that failed while it was gone need not wait (up to
   * `maxDelayMs`) for a back-off grown during the outage. Every key's back-off starts afresh.
   * Returns how many keys it moved.
   */
  retryFailedNow(): number {
    let moved = 0;
    for (const [key, { timer }] of [...this.delayed]) {
      if (!this.failures.has(key)) continue;
      this.clock.clearTimeout(timer);
      this.delayed.delete(key);
      this.add(key);
      moved++;
    }
    // Keys in flight too: their next failure starts from the first delay again.
    this.failures.clear();
    return moved;
  }

  /** Resets the key's back-off (after a success). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Consecutive failures recorded for the key. */
  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /**
   * Stops accepting keys, drops waiting and delayed ones, and resolves once every in-flight key
   * has finished (their re-adds are dropped too).
   */
  shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const { timer } of this.delayed.values()) this.clock.clearTimeout(timer);
    this.delayed.clear();
    this.ready.length = 0;
    this.urgentReady.length = 0;
    this.dirty.clear();
    if (this.processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = resolve;
    });
  }

  private dispatch(): void {
    const handler = this.handler;
    if (!handler) return;
    while (!this.shuttingDown) {
      const busy = this.processing.size;
      let key: string | undefined;
      if (this.urgentReady.length > 0 && busy < this.workers) key = this.urgentReady.shift();
      else if (this.ready.length > 0 && busy < this.workers - this.reserved) key = this.ready.shift();
      if (key === undefined) break;
      this.dirty.delete(key);
      this.processing.add(key);
      void this.process(handler, key);
    }
  }

  private async process(handler: ProcessKey, key: string): Promise<void> {
    let outcome: ProcessOutcome | void = undefined;
    let failed = false;
    try {
      outcome = await handler(key);
    } catch (err) {
      failed = true;
      try {
        this.opts.onError?.(key, err, this.numRequeues(key) + 1);
      } catch {
        // a failing error hook must not wedge the key
      }
    }
    this.processing.delete(key);
    this.lastProgress = this.clock.now();
    // Re-added while processing: now it may run again.
    if (this.dirty.has(key)) {
      if (this.urgent.delete(key)) this.urgentReady.push(key);
      else this.ready.push(key);
    }
    if (failed) {
      this.addRateLimited(key);
    } else {
      this.forget(key);
      if (outcome?.requeue) this.add(key);
      else if (outcome?.requeueAfterMs !== undefined) this.addAfter(key, outcome.requeueAfterMs);
    }
    if (this.shuttingDown && this.processing.size === 0) this.drained?.();
    this.dispatch();
  }
}
