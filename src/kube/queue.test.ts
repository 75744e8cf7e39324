import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FakeClock, flushPromises } from './clock.js';
import { WorkQueue } from './queue.js';

/** A handler whose runs finish only when the test says so. */
function gatedHandler() {
  const started: string[] = [];
  const gates = new Map<string, { resolve: () => void; reject: (e: unknown) => void }[]>();
  const handler = (key: string) => {
    started.push(key);
    return new Promise<void>((resolve, reject) => {
      gates.set(key, [...(gates.get(key) ?? []), { resolve, reject }]);
    });
  };
  const finish = async (key: string, err?: unknown) => {
    const g = gates.get(key)?.shift();
    if (!g) throw new Error(`${key} is not running`);
    if (err) g.reject(err);
    else g.resolve();
    await flushPromises();
  };
  return { started, handler, finish };
}

describe('WorkQueue', () => {
  it('processes a key queued twice while waiting once', async () => {
    const q = new WorkQueue({ clock: new FakeClock(), workers: 1 });
    const seen: string[] = [];
    q.add('a');
    q.add('a');
    q.add('b');
    expect(q.length).toBe(2);
    q.start(async (k) => void seen.push(k));
    await flushPromises();
    expect(seen).toEqual(['a', 'b']);
  });

  it('processes a key re-added during processing again after, never concurrently', async () => {
    const q = new WorkQueue({ clock: new FakeClock(), workers: 4 });
    const h = gatedHandler();
    q.start(h.handler);
    q.add('a');
    await flushPromises();
    q.add('a');
    q.add('a');
    await flushPromises();
    expect(h.started).toEqual(['a']);
    await h.finish('a');
    expect(h.started).toEqual(['a', 'a']);
    await h.finish('a');
    expect(h.started).toEqual(['a', 'a']);
    expect(q.inFlight).toBe(0);
  });

  it('puts urgent keys ahead of waiting ones, first come first served among themselves, once each', async () => {
    const q = new WorkQueue({ clock: new FakeClock(), workers: 1 });
    const seen: string[] = [];
    for (const k of ['a', 'b', 'c']) q.add(k);
    q.addUrgent('c');
    q.addUrgent('d');
    q.add('d');
    q.addUrgent('c');
    expect(q.length).toBe(4);
    q.start(async (k) => void seen.push(k));
    await flushPromises();
    expect(seen).toEqual(['c', 'd', 'a', 'b']);
  });

  it('runs a key made urgent while it is processed again right after, ahead of the others', async () => {
    const q = new WorkQueue({ clock: new FakeClock(), workers: 1 });
    const h = gatedHandler();
    q.start(h.handler);
    q.add('a');
    await flushPromises();
    q.add('b');
    q.addUrgent('a');
    await h.finish('a');
    expect(h.started).toEqual(['a', 'a']);
    await h.finish('a');
    expect(h.started).toEqual(['a', 'a', 'b']);
  });

  it('bounds concurrency to the number of workers', async () => {
    const q = new WorkQueue({ clock: new FakeClock(), workers: 2, reservedForUrgent: 0 });
    const h = gatedHandler();
    q.start(h.handler);
    for (const k of ['a', 'b', 'c', 'd']) q.add(k);
    await flushPromises();
    expect(h.started).toEqual(['a', 'b']);
    expect(q.length).toBe(2);
    await h.finish('b');
    expect(h.started).toEqual(['a', 'b', 'c']);
  });

  it('keeps reserved workers for urgent keys: a person\'s change starts while churn fills the rest', async () => {
    const q = new WorkQueue({ clock: new FakeClock(), workers: 3, reservedForUrgent: 1 });
    const h = gatedHandler();
    q.start(h.handler);
    for (const k of ['a', 'b', 'c', 'd']) q.add(k);
    await flushPromises();
    expect(h.started).toEqual(['a', 'b']);
    q.addUrgent('u');
    await flushPromises();
    expect(h.started).toEqual(['a', 'b', 'u']);
    // With the reserved worker busy, churn still waits for one of its own.
    q.addUrgent('v');
    await flushPromises();
    expect(h.started).toEqual(['a', 'b', 'u']);
    await h.finish('a');
    expect(h.started).toEqual(['a', 'b', 'u', 'v']);
    await h.finish('u');
    expect(h.started).toEqual(['a', 'b', 'u', 'v']);
    await h.finish('b');
    expect(h.started).toEqual(['a', 'b', 'u', 'v', 'c']);
  });

  it.each([
    [1, 0], [2, 1], [10, 1], [30, 3], [45, 4],
  ])('reserves a tenth of %i workers for urgent keys by default: %i', async (workers, reserved) => {
    const q = new WorkQueue({ clock: new FakeClock(), workers });
    const h = gatedHandler();
    q.start(h.handler);
    for (let i = 0; i < workers + 5; i++) q.add(`k${i}`);
    await flushPromises();
    expect(h.started).toHaveLength(workers - reserved);
  });

  it('retries a failing key with doubling back-off, capped, and resets it on success', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock, workers: 1, baseDelayMs: 5, maxDelayMs: 60_000 });
    const delays = [0, 1, 2, 3, 20, 40].map((n) => q.backoffFor(n));
    expect(delays).toEqual([5, 10, 20, 40, 60_000, 60_000]);

    let failuresLeft = 3;
    const runs: number[] = [];
    q.start(async () => {
      runs.push(clock.now());
      if (failuresLeft-- > 0) throw new Error('boom');
    });
    q.add('a');
    await clock.advance(1_000);
    // run at 0, fail; retry at 5; fail; retry at 15; fail; retry at 35: success.
    expect(runs).toEqual([0, 5, 15, 35]);
    expect(q.numRequeues('a')).toBe(0);
    failuresLeft = 1;
    q.add('a');
    await clock.advance(1_000);
    expect(runs.slice(4).map((t) => t - 1_000)).toEqual([0, 5]);
  });

  it('runs keys waiting out a grown back-off at once when told the API server is back, and only those', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock, workers: 2, baseDelayMs: 5, maxDelayMs: 60_000 });
    let down = true;
    const runs: [string, number][] = [];
    q.start(async (k) => {
      runs.push([k, clock.now()]);
      if (k === 'failing' && down) throw new Error('connect ECONNREFUSED');
    });
    q.add('failing');
    q.addAfter('planned', 30_000);
    // 14 failures in a row: the next retry waits the whole minute.
    await clock.advance(40_000);
    expect(q.numRequeues('failing')).toBeGreaterThanOrEqual(13);
    const before = runs.length;
    down = false;
    expect(q.retryFailedNow()).toBe(1);
    await flushPromises();
    expect(runs.slice(before)).toEqual([['failing', 40_000]]);
    expect(q.numRequeues('failing')).toBe(0);
    expect(q.delayedCount).toBe(0);
    // A delay a handler asked for is not a failure: it keeps its time.
    expect(runs.filter(([k]) => k === 'planned')).toEqual([['planned', 30_000]]);
    expect(q.retryFailedNow()).toBe(0);
  });

  it('keeps the earliest of two delayed adds', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock, workers: 1 });
    const runs: [string, number][] = [];
    q.start(async (k) => void runs.push([k, clock.now()]));
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 200);
    await clock.advance(1_000);
    expect(runs).toEqual([['a', 50]]);
  });

  it('requeues after the delay a handler asks for', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock, workers: 1 });
    const runs: number[] = [];
    q.start(async () => {
      runs.push(clock.now());
      return runs.length < 3 ? { requeueAfterMs: 30_000 } : undefined;
    });
    q.add('a');
    await clock.advance(120_000);
    expect(runs).toEqual([0, 30_000, 60_000]);
    expect(q.lastProgressAt).toBe(60_000);
  });

  it('drains in-flight work on shutdown and drops the rest', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock, workers: 1 });
    const h = gatedHandler();
    q.start(h.handler);
    q.add('a');
    q.add('b');
    q.addAfter('c', 10);
    await flushPromises();
    let done = false;
    const stopped = q.shutdown().then(() => {
      done = true;
    });
    await flushPromises();
    expect(done).toBe(false);
    q.add('d');
    await h.finish('a');
    await stopped;
    await clock.advance(100);
    expect(h.started).toEqual(['a']);
    expect(q.length).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('processes every key exactly once after its last add (property)', async () => {
    const op = fc.oneof(
      fc.record({ add: fc.constantFrom('a', 'b', 'c', 'd') }),
      fc.record({ addDuringRun: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ tick: fc.integer({ min: 0, max: 20 }) }),
    );
    await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), async (ops, workers) => {
      const clock = new FakeClock();
      const q = new WorkQueue({ clock, workers });
      const log: string[] = [];
      const running = new Set<string>();
      let pendingInner: string | undefined;
      q.start(async (k) => {
        expect(running.has(k)).toBe(false);
        running.add(k);
        log.push(`run:${k}`);
        await new Promise<void>((r) => clock.setTimeout(r, 5));
        if (pendingInner) {
          log.push(`add:${pendingInner}`);
          q.add(pendingInner);
          pendingInner = undefined;
        }
        running.delete(k);
      });
      for (const o of ops) {
        if ('add' in o) {
          log.push(`add:${o.add}`);
          q.add(o.add);
        } else if ('addDuringRun' in o) {
          pendingInner = o.addDuringRun;
        } else {
          await clock.advance(o.tick);
        }
      }
      await clock.advance(10_000);
      for (const key of new Set(log.filter((l) => l.startsWith('add:')).map((l) => l.slice(4)))) {
        const lastAdd = log.lastIndexOf(`add:${key}`);
        const runsAfter = log.slice(lastAdd + 1).filter((l) => l === `run:${key}`).length;
        expect(runsAfter).toBe(1);
      }
    }), { numRuns: 200 });
  });
});
