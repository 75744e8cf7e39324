// Client-side QPS limiting for API calls (like client-go's default limiter), so a burst of
// reconciles after a relist cannot flood the apiserver.
import { realClock, sleep, type Clock } from './clock.js';

export interface TokenBucketOptions {
  /** Sustained requests per second. Default 40. */
  qps?: number;
  /** Requests allowed at once after a quiet period. Default 80. */
  burst?: number;
  clock?: Clock;
}

/**
 * A token bucket with reservations: every `take()` reserves a token at once (the balance may go
 * negative) and waits until that token would have accrued, so callers are served in order.
 */
export class TokenBucket {
  private readonly qps: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private last: number;

  constructor(opts: TokenBucketOptions = {}) {
    this.qps = opts.qps ?? 40;
    this.burst = Math.max(1, opts.burst ?? 80);
    this.clock = opts.clock ?? realClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  /** Milliseconds the next caller would wait, without reserving. */
  delayMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.qps);
  }

  /** Reserves a token and resolves when it may be used. */
  async take(signal?: AbortSignal): Promise<void> {
    if (this.qps <= 0) return;
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    await sleep(this.clock, Math.ceil((-this.tokens * 1000) / this.qps), signal);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000);
    this.last = now;
  }
}
