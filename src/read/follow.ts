// Following changes: re-reads the state whenever a watched resource changes (and every few seconds
// as a safety net), hands each state on, and ends on the caller's word, a timeout or its signal
// (Ctrl-C for the CLI, a closed browser for the dashboard).

import type { KubeClients } from '../kube/client.js';
import { classify } from '../kube/errors.js';
import type { ResourceType } from '../kube/resources.js';
import type { StreamHandle } from '../kube/transport.js';

export interface WatchTarget {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export type FollowEnd = 'done' | 'timeout' | 'interrupted';

export interface FollowOptions<T> {
  readonly clients: KubeClients;
  /** Resources whose changes trigger a re-read. */
  readonly targets: readonly WatchTarget[];
  readonly fetch: () => Promise<T>;
  /** Each state read; return true to stop following. */
  readonly onData: (data: T) => boolean | void;
  readonly timeoutMs?: number;
  /** Re-read this often even without events. Default 5 s. */
  readonly pollMs?: number;
  /** Called this often between reads (to refresh ages on a terminal). */
  readonly tickMs?: number;
  readonly onTick?: () => void;
  /** Ends the following with 'interrupted' when aborted. */
  readonly signal?: AbortSignal;
}

export function follow<T>(opts: FollowOptions<T>): Promise<FollowEnd> {
  return new Promise<FollowEnd>((resolve, reject) => {
    let ended = false;
    let fetching = false;
    let again = false;
    let seen = false;
    let debounce: NodeJS.Timeout | undefined;
    const handles = new Set<StreamHandle>();
    const timers: NodeJS.Timeout[] = [];

    const finish = (how: FollowEnd, err?: unknown) => {
      if (ended) return;
      ended = true;
      opts.signal?.removeEventListener('abort', onInterrupt);
      for (const t of timers) clearTimeout(t);
      if (debounce) clearTimeout(debounce);
      for (const h of handles) h.abort();
      if (err !== undefined) reject(err);
      else resolve(how);
    };
    const onInterrupt = () => finish('interrupted');

    const refresh = async () => {
      if (ended) return;
      if (fetching) {
        again = true;
        return;
      }
      fetching = true;
      try {
        const data = await opts.fetch();
        seen = true;
        if (!ended && opts.onData(data) === true) finish('done');
      } catch (err) {
        // A blip after the first read is retried by the next event or poll; anything else ends.
        if (!seen || classify(err).kind !== 'Transient') finish('done', err);
      } finally {
        fetching = false;
        if (again && !ended) {
          again = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      if (debounce || ended) return;
      debounce = setTimeout(() => {
        debounce = undefined;
        void refresh();
      }, 50);
    };

    const startWatch = (t: WatchTarget) => {
      if (ended) return;
      const handle = opts.clients.resource(t.type).watch(
        { ...t, timeoutSeconds: 300, allowWatchBookmarks: false },
        (e) => { if (e.type !== 'BOOKMARK') schedule(); },
        (err) => {
          handles.delete(handle);
          // Without permission to watch, the poll alone keeps the view fresh.
          if (!ended && err?.kind !== 'Forbidden') timers.push(setTimeout(() => startWatch(t), 1000));
        },
      );
      handles.add(handle);
    };

    if (opts.signal?.aborted) {
      finish('interrupted');
      return;
    }
    opts.signal?.addEventListener('abort', onInterrupt);
    if (opts.timeoutMs !== undefined) timers.push(setTimeout(() => finish('timeout'), opts.timeoutMs));
    timers.push(setInterval(schedule, opts.pollMs ?? 5000));
    if (opts.tickMs && opts.onTick) {
      const onTick = opts.onTick;
      timers.push(setInterval(() => { if (!ended) onTick(); }, opts.tickMs));
    }
    for (const t of opts.targets) startWatch(t);
    void refresh();
  });
}
