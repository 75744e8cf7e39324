// A shared informer: list, then watch from the list's resourceVersion, into an in-memory store
// keyed `namespace/name`. A watch that errors or closes is restarted with back-off from the last
// version seen; `410 Gone` relists and diffs the result against the store, so changes made while
// we were disconnected are still delivered as add/update/delete events (docs/architecture.md).
// A watch that stays silent longer than the idle timeout (the apiserver sends a bookmark about
// every minute to watches that ask for them) is taken for a dead connection and restarted from
// the last version seen (docs/reliability.md).
import type { KubernetesObject } from '@kubernetes/client-node';
import { realClock, sleep, type Clock, type TimerHandle } from './clock.js';
import type { ListOptions, ListResult, WatchEvent, WatchOptions } from './client.js';
import { classify, type KubeError, type KubeStatus } from './errors.js';
import { objectKey } from './resources.js';
import type { StreamHandle } from './transport.js';

/** The two calls an informer makes; a ResourceClient is one. */
export interface ListerWatcher<T> {
  list(opts: ListOptions): Promise<ListResult<T>>;
  watch(opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void, onClose: (err?: KubeError) => void): StreamHandle;
}

export interface InformerHandlers<T> {
  add?(obj: T): void;
  update?(oldObj: T, newObj: T): void;
  /** The last state the store held. */
  delete?(obj: T): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  clock?: Clock;
  /** First delay before re-listing or re-watching after an error; doubles up to `maxBackoffMs`. Default 200 ms. */
  initialBackoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
  /** Server-side watch timeout; the watch is then resumed from the last version. Default 300 s. */
  watchTimeoutSeconds?: number;
  /** A watch with no event or bookmark for this long is restarted from the last version. Default 90 s. */
  idleTimeoutMs?: number;
  /** Random numbers in [0, 1) for the jitter of back-off and watch timeouts (tests pass a fixed one). */
  random?: () => number;
  /** Told about list/watch failures (a pino logger fits). */
  log?: { warn(obj: object, msg: string): void };
  /** What the cache keeps of each listed or watched object (cache-shape.ts); whole objects when unset. */
  shape?: <T extends KubernetesObject>(obj: T) => T;
}

/** A read-only view of the informer's cache. */
export interface Store<T> {
  get(key: string): T | undefined;
  list(namespace?: string): T[];
  keys(): string[];
  /**
   * The objects whose controller (the ownerReference with `controller: true`) has this uid;
   * `''` gives the objects without a controller. Indexed: no scan of the cache.
   */
  controlledBy(uid: string): T[];
}

/** The uid of the object's controller, or '' when it has none. */
export function controllerUidOf(obj: KubernetesObject): string {
  return obj.metadata?.ownerReferences?.find((o) => o.controller === true)?.uid ?? '';
}

/** Keys grouped by a value computed from each object; kept in step with the cache. */
class Index<T extends KubernetesObject> {
  private readonly groups = new Map<string, Map<string, T>>();
  constructor(private readonly valueOf: (obj: T) => string) {}

  put(key: string, old: T | undefined, obj: T): void {
    const value = this.valueOf(obj);
    // Same group: replace in place, so a group keeps the cache's order.
    if (old && this.valueOf(old) !== value) this.remove(key, old);
    let group = this.groups.get(value);
    if (!group) this.groups.set(value, (group = new Map()));
    group.set(key, obj);
  }

  remove(key: string, old: T): void {
    const value = this.valueOf(old);
    const group = this.groups.get(value);
    group?.delete(key);
    if (group?.size === 0) this.groups.delete(value);
  }

  get(value: string): T[] {
    const group = this.groups.get(value);
    return group ? [...group.values()] : [];
  }
}

export class Informer<T extends KubernetesObject> implements Store<T> {
  private readonly items = new Map<string, T>();
  private readonly byNamespace = new Index<T>((o) => o.metadata?.namespace ?? '');
  private readonly byController = new Index<T>(controllerUidOf);
  private readonly handlers = new Set<InformerHandlers<T>>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly stop$ = new AbortController();
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private running?: Promise<void>;
  private current?: StreamHandle;
  private lastResourceVersion = '';
  private needList = true;
  private failures = 0;
  /** Aborted by retryNow to end the back-off under way. */
  private wake?: AbortController;

  constructor(private readonly lw: ListerWatcher<T>, private readonly opts: InformerOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
  }

  /** Watches restarted because they were silent past the idle timeout. */
  idleRestarts = 0;

  /** Registers handlers; when the cache is already synced, `add` is called for every cached object. */
  on(h: InformerHandlers<T>): () => void {
    this.handlers.add(h);
    if (this.synced) for (const obj of this.items.values()) h.add?.(obj);
    return () => this.handlers.delete(h);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(namespace?: string): T[] {
    return namespace === undefined ? [...this.items.values()] : this.byNamespace.get(namespace);
  }

  controlledBy(uid: string): T[] {
    return this.byController.get(uid);
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  /** True once the first list has been stored. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion the next watch resumes from. */
  get resourceVersion(): string {
    return this.lastResourceVersion;
  }

  /** Resolves true once synced, false when `signal` aborts or the informer stops first. */
  waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => resolve(this.synced);
      this.syncWaiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
      this.stop$.signal.addEventListener('abort', done, { once: true });
    });
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stop$.abort();
    this.current?.abort();
    await this.running;
  }

  /** Drops the current watch; the informer resumes from the last version it saw, as after a network error. */
  reconnect(): void {
    this.current?.abort();
  }

  private async run(): Promise<void> {
    const stopped = this.stop$.signal;
    while (!stopped.aborted) {
      if (this.needList) {
        try {
          await this.relist();
        } catch (err) {
          await this.backoff('list failed', err);
          continue;
        }
      }
      const { err, sawEvents, quick, idle } = await this.watchOnce();
      if (stopped.aborted) break;
      if (sawEvents) this.failures = 0;
      if (idle) {
        this.idleRestarts++;
        this.opts.log?.warn({ resourceVersion: this.lastResourceVersion, idleMs: this.idleTimeoutMs }, 'watch silent past the idle timeout; restarting it from the last version');
      } else if (err?.kind === 'Gone') {
        this.needList = true;
        this.opts.log?.warn({ resourceVersion: this.lastResourceVersion }, 'watch expired (410), relisting');
      } else if (err) {
        await this.backoff('watch failed', err);
      } else if (quick && !sawEvents) {
        // Closed at once without an error: do not spin.
        await this.backoff('watch closed at once', new Error('watch closed without events'));
      }
    }
  }

  /**
   * Ends a back-off now and starts the next one from the first delay: the API server answers
   * again, so a watch that failed during the outage need not wait out a delay grown meanwhile.
   */
  retryNow(): void {
    this.failures = 0;
    this.wake?.abort();
  }

  private async backoff(what: string, err: unknown): Promise<void> {
    const base = this.opts.initialBackoffMs ?? 200;
    const ceiling = Math.min(this.opts.maxBackoffMs ?? 30_000, base * 2 ** Math.min(this.failures, 20));
    // Equal jitter: between half and all of the exponential delay, so informers that failed
    // together (an apiserver restart) do not come back together.
    const delay = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    this.failures++;
    const e = classify(err);
    this.opts.log?.warn({ kind: e.kind, code: e.code, err: e.message, retryInMs: delay }, what);
    if (e.kind === 'Gone') this.needList = true;
    const wake = (this.wake = new AbortController());
    await sleep(this.clock, delay, AbortSignal.any([this.stop$.signal, wake.signal]));
    this.wake = undefined;
  }

  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.lw.list({
      ...(this.opts.namespace ? { namespace: this.opts.namespace } : {}),
      ...(this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {}),
    });
    const shape = this.opts.shape;
    this.replaceAll(shape ? items.map((o) => shape(o)) : items);
    this.lastResourceVersion = resourceVersion;
    this.needList = false;
    this.failures = 0;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  /** Replaces the store with a fresh list and emits the difference as events. */
  private replaceAll(items: T[]): void {
    const fresh = new Map(items.map((o) => [objectKey(o), o] as const));
    for (const [key, old] of this.items) {
      if (!fresh.has(key)) {
        this.remove(key, old);
        this.emit((h) => h.delete?.(old));
      }
    }
    for (const [key, obj] of fresh) {
      const old = this.items.get(key);
      this.put(key, old, obj);
      if (!old) this.emit((h) => h.add?.(obj));
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emit((h) => h.update?.(old, obj));
    }
  }

  private get idleTimeoutMs(): number {
    return this.opts.idleTimeoutMs ?? 90_000;
  }

  private watchOnce(): Promise<{ err?: KubeError; sawEvents: boolean; quick: boolean; idle: boolean }> {
    const started = this.clock.now();
    return new Promise((resolve) => {
      let sawEvents = false;
      let closed = false;
      let idle = false;
      let gone: KubeError | undefined;
      let idleTimer: TimerHandle | undefined;
      const armIdle = () => {
        if (idleTimer !== undefined) this.clock.clearTimeout(idleTimer);
        idleTimer = this.clock.setTimeout(() => {
          idle = true;
          handle.abort();
        }, this.idleTimeoutMs);
      };
      const timeout = this.opts.watchTimeoutSeconds ?? 300;
      const handle: StreamHandle = this.lw.watch({
        ...(this.opts.namespace ? { namespace: this.opts.namespace } : {}),
        ...(this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {}),
        resourceVersion: this.lastResourceVersion,
        allowWatchBookmarks: true,
        // Jitter spreads the reconnects of many informers.
        timeoutSeconds: Math.floor(timeout * (1 + this.random() * 0.1)),
      }, (e) => {
        if (gone) return;
        armIdle();
        if (e.type === 'ERROR') {
          const status = e.object as unknown as KubeStatus;
          gone = classify({ code: status.code ?? 500, body: { ...status, kind: 'Status' } });
          queueMicrotask(() => handle.abort());
          return;
        }
        sawEvents = true;
        this.apply(e);
      }, (err) => {
        closed = true;
        if (idleTimer !== undefined) this.clock.clearTimeout(idleTimer);
        if (this.current === handle) this.current = undefined;
        resolve({ err: gone ?? err, sawEvents, quick: this.clock.now() - started < 1_000, idle });
      });
      if (!closed) {
        this.current = handle;
        armIdle();
      }
      if (this.stop$.signal.aborted) handle.abort();
    });
  }

  private apply(e: WatchEvent<T>): void {
    const rv = e.object.metadata?.resourceVersion;
    if (rv) this.lastResourceVersion = rv;
    if (e.type === 'BOOKMARK') return;
    const obj = this.opts.shape ? this.opts.shape(e.object) : e.object;
    const key = objectKey(obj);
    const old = this.items.get(key);
    if (e.type === 'DELETED') {
      if (old) this.remove(key, old);
      this.emit((h) => h.delete?.(obj));
      return;
    }
    this.put(key, old, obj);
    if (old) this.emit((h) => h.update?.(old, obj));
    else this.emit((h) => h.add?.(obj));
  }

  private put(key: string, old: T | undefined, obj: T): void {
    this.items.set(key, obj);
    this.byNamespace.put(key, old, obj);
    this.byController.put(key, old, obj);
  }

  private remove(key: string, old: T): void {
    this.items.delete(key);
    this.byNamespace.remove(key, old);
    this.byController.remove(key, old);
  }

  private emit(call: (h: InformerHandlers<T>) => void): void {
    for (const h of this.handlers) {
      try {
        call(h);
      } catch (err) {
        this.opts.log?.warn({ err: String(err) }, 'informer handler threw');
      }
    }
  }
}
