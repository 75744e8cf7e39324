// "Never plan from a cache older than our own last write" (docs/architecture.md): after each write the
// controller records the resourceVersion the apiserver returned, and waits until the informer's
// copy is at least that new before it plans for the object again.
import { realClock, type Clock } from './clock.js';

/**
 * Whether `have` is at least as new as `want`. resourceVersions are opaque strings; in practice
 * (etcd) they are integers, so they are compared as integers when both parse, else only equality
 * counts.
 */
export function isAtLeastAsNew(have: string | undefined, want: string): boolean {
  if (have === undefined || have === '') return false;
  if (have === want) return true;
  if (/^\d+$/.test(have) && /^\d+$/.test(want)) return BigInt(have) >= BigInt(want);
  return false;
}

/** The part of an informer store the tracker reads. */
export interface VersionedStore {
  get(key: string): { metadata?: { resourceVersion?: string } } | undefined;
}

export interface FreshnessTrackerOptions {
  clock?: Clock;
  /**
   * After this long the record is dropped and the cache trusted again, so an object deleted by
   * someone else after our write cannot hold its key back forever. Default 60 s.
   */
  maxWaitMs?: number;
}

/** Remembers, per object key (`namespace/name`), the resourceVersion of our last write. */
export class FreshnessTracker {
  private readonly written = new Map<string, { resourceVersion: string; at: number }>();
  private readonly clock: Clock;
  private readonly maxWaitMs: number;

  constructor(opts: FreshnessTrackerOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.maxWaitMs = opts.maxWaitMs ?? 60_000;
  }

  /** Records our write; a later (newer) write replaces an older record. */
  record(key: string, resourceVersion: string | undefined): void {
    if (!resourceVersion) return;
    const prev = this.written.get(key);
    if (prev && isAtLeastAsNew(prev.resourceVersion, resourceVersion) && prev.resourceVersion !== resourceVersion) return;
    this.written.set(key, { resourceVersion, at: this.clock.now() });
  }

  /** True when nothing is pending for the key or the store has caught up with our write. */
  isFresh(key: string, store: VersionedStore): boolean {
    const rec = this.written.get(key);
    if (!rec) return true;
    if (isAtLeastAsNew(store.get(key)?.metadata?.resourceVersion, rec.resourceVersion)
      || this.clock.now() - rec.at >= this.maxWaitMs) {
      this.written.delete(key);
      return true;
    }
    return false;
  }

  /** Drops the record (the object was deleted, or the controller stops tracking it). */
  forget(key: string): void {
    this.written.delete(key);
  }

  /** Keys still waiting for the cache: for metrics and debugging. */
  get pending(): number {
    return this.written.size;
  }
}
