import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KubernetesObject } from '@kubernetes/client-node';
import { FakeClock, flushPromises } from './clock.js';
import type { WatchEvent, WatchOptions } from './client.js';
import { KubeError } from './errors.js';
import { controllerUidOf, Informer, type ListerWatcher } from './informer.js';

/** An in-memory apiserver for one kind: a store, a history of events, and watches on it. */
class FakeServer implements ListerWatcher<KubernetesObject> {
  rv = 100;
  objects = new Map<string, KubernetesObject>();
  history: { rv: number; e: WatchEvent<KubernetesObject> }[] = [];
  /** Watches from a version older than this get 410. */
  compactedBefore = 0;
  watches: { opts: WatchOptions; send: (e: WatchEvent<KubernetesObject>) => void; close: (err?: KubeError) => void }[] = [];
  lists = 0;
  failNextList = false;
  /** While set, open watches receive nothing: a connection that died without closing. */
  deaf = false;
  watchCalls: WatchOptions[] = [];

  write(type: 'ADDED' | 'MODIFIED' | 'DELETED', name: string, data = '', place: { namespace?: string; controller?: string } = {}): void {
    const rv = ++this.rv;
    const namespace = place.namespace ?? 'ns';
    const ownerReferences = place.controller ? [{ apiVersion: 'v1', kind: 'Owner', name: 'o', uid: place.controller, controller: true }] : undefined;
    const obj = { metadata: { namespace, name, resourceVersion: String(rv), ...(ownerReferences ? { ownerReferences } : {}) }, data: { v: data } } as KubernetesObject;
    if (type === 'DELETED') this.objects.delete(`${namespace}/${name}`);
    else this.objects.set(`${namespace}/${name}`, obj);
    const e = { type, object: obj };
    this.history.push({ rv, e });
    for (const w of this.watches) w.send(e);
  }

  async list() {
    this.lists++;
    if (this.failNextList) {
      this.failNextList = false;
      throw new KubeError('Transient', 'apiserver down', 503);
    }
    return { items: [...this.objects.values()], resourceVersion: String(this.rv) };
  }

  watch(opts: WatchOptions, onEvent: (e: WatchEvent<KubernetesObject>) => void, onClose: (err?: KubeError) => void) {
    const from = Number(opts.resourceVersion);
    this.watchCalls.push(opts);
    let open = true;
    const w = {
      opts,
      send: (e: WatchEvent<KubernetesObject>) => open && !this.deaf && onEvent(e),
      close: (err?: KubeError) => {
        if (!open) return;
        open = false;
        this.watches = this.watches.filter((x) => x !== w);
        onClose(err);
      },
    };
    this.watches.push(w);
    queueMicrotask(() => {
      if (from < this.compactedBefore) {
        w.send({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } as KubernetesObject });
        return;
      }
      for (const h of this.history) if (h.rv > from) w.send(h.e);
    });
    return { abort: () => w.close() };
  }
}

function recorder(inf: Informer<KubernetesObject>) {
  const events: string[] = [];
  inf.on({
    add: (o) => events.push(`add ${o.metadata?.name}`),
    update: (a, b) => events.push(`update ${b.metadata?.name} ${a.metadata?.resourceVersion}->${b.metadata?.resourceVersion}`),
    delete: (o) => events.push(`delete ${o.metadata?.name}`),
  });
  return events;
}

describe('Informer', () => {
  it('lists, then delivers watch events, and keeps the store in step', async () => {
    const clock = new FakeClock();
    const server = new FakeServer();
    server.write('ADDED', 'a');
    const inf = new Informer(server, { clock });
    const events = recorder(inf);
    inf.start();
    expect(await inf.waitForCacheSync()).toBe(true);
    expect(inf.hasSynced()).toBe(true);
    await flushPromises();
    server.write('ADDED', 'b');
    server.write('MODIFIED', 'a', 'x');
    server.write('DELETED', 'b');
    await flushPromises();
    expect(events).toEqual(['add a', 'add b', 'update a 101->103', 'delete b']);
    expect(inf.keys()).toEqual(['ns/a']);
    expect(server.watches[0]?.opts).toMatchObject({ resourceVersion: '101', allowWatchBookmarks: true });
    await inf.stop();
  });

  it('resumes from the last version after a dropped watch, without missing events', async () => {
    const clock = new FakeClock();
    const server = new FakeServer();
    const inf = new Informer(server, { clock, initialBackoffMs: 100 });
    const events = recorder(inf);
    inf.start();
    await inf.waitForCacheSync();
    await flushPromises();
    server.write('ADDED', 'a');
    await flushPromises();
    server.watches[0]?.close(new KubeError('Transient', 'connection reset'));
    server.write('MODIFIED', 'a', 'while away');
    server.write('ADDED', 'b');
    await clock.advance(100);
    expect(events).toEqual(['add a', 'update a 101->102', 'add b']);
    expect(server.lists).toBe(1);
    await inf.stop();
  });

  it('relists after 410 Gone and emits the difference as events', async () => {
    const clock = new FakeClock();
    const server = new FakeServer();
    server.write('ADDED', 'keep');
    server.write('ADDED', 'change');
    server.write('ADDED', 'remove');
    const inf = new Informer(server, { clock });
    const events = recorder(inf);
    inf.start();
    await inf.waitForCacheSync();
    await flushPromises();
    // Disconnected while history is compacted away: the watch cannot resume.
    server.watches[0]?.close();
    server.write('MODIFIED', 'change', 'new');
    server.write('DELETED', 'remove');
    server.write('ADDED', 'new');
    server.compactedBefore = server.rv;
    await clock.advance(5_000);
    expect(events.slice(3).sort()).toEqual(['add new', 'delete remove', 'update change 102->104']);
    expect(server.lists).toBe(2);
    expect(inf.list().map((o) => o.metadata?.name).sort()).toEqual(['change', 'keep', 'new']);
    await inf.stop();
  });

  it('retries a failed list with back-off before it syncs', async () => {
    const clock = new FakeClock();
    const server = new FakeServer();
    server.failNextList = true;
    const inf = new Informer(server, { clock, initialBackoffMs: 200 });
    inf.start();
    await flushPromises();
    expect(inf.hasSynced()).toBe(false);
    await clock.advance(200);
    expect(inf.hasSynced()).toBe(true);
    await inf.stop();
  });

  it('ends a back-off grown during an outage when told the API server answers again', async () => {
    const clock = new FakeClock();
    const server = new FakeServer();
    const inf = new Informer(server, { clock, initialBackoffMs: 200, maxBackoffMs: 30_000, random: () => 0.999 });
    inf.start();
    await inf.waitForCacheSync();
    await flushPromises();
    // Every watch fails at once for a minute: the delays grow to the 30 s ceiling.
    const fail = () => server.watches[0]?.close(new KubeError('Transient', 'connect ECONNREFUSED'));
    for (let t = 0; t < 60_000; t += 100) {
      fail();
      await clock.advance(100);
    }
    const calls = server.watchCalls.length;
    server.write('ADDED', 'made-while-away');
    inf.retryNow();
    await flushPromises();
    expect(server.watchCalls.length).toBe(calls + 1);
    expect(inf.get('ns/made-while-away')).toBeDefined();
    // The next failure waits the first delay again, not the grown one.
    fail();
    await clock.advance(200);
    expect(server.watchCalls.length).toBe(calls + 2);
    await inf.stop();
  });

  it('gives late handlers an add for every cached object', async () => {
    const server = new FakeServer();
    server.write('ADDED', 'a');
    const inf = new Informer(server, { clock: new FakeClock() });
    inf.start();
    await inf.waitForCacheSync();
    expect(recorder(inf)).toEqual(['add a']);
    await inf.stop();
  });
});

describe('Informer indexes', () => {
  const op = fc.record({
    type: fc.constantFrom('ADDED' as const, 'MODIFIED' as const, 'DELETED' as const),
    name: fc.constantFrom('a', 'b', 'c', 'd'),
    namespace: fc.constantFrom('n1', 'n2'),
    controller: fc.constantFrom('', 'u1', 'u2'),
    relistAfter: fc.boolean(),
  });

  it('list(namespace) and controlledBy(uid) always equal a scan of the cache, through watch events and relists', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
      const clock = new FakeClock();
      const server = new FakeServer();
      const inf = new Informer(server, { clock, initialBackoffMs: 1 });
      inf.start();
      await inf.waitForCacheSync();
      let relists = 0;
      for (const o of ops) {
        const exists = server.objects.has(`${o.namespace}/${o.name}`);
        if (o.type === 'DELETED' && !exists) continue;
        server.write(o.type === 'DELETED' ? 'DELETED' : exists ? 'MODIFIED' : 'ADDED', o.name, '', { namespace: o.namespace, controller: o.controller || undefined });
        if (o.relistAfter) {
          // Compact the history and drop the watch: the informer relists and diffs.
          server.compactedBefore = server.rv + 1;
          server.rv++;
          server.watches[0]?.close();
          await flushPromises();
          await clock.advance(10);
          await flushPromises();
          relists++;
        }
        await flushPromises();
      }
      const all = [...server.objects.values()];
      const keysOf = (xs: KubernetesObject[]) => xs.map((x) => `${x.metadata?.namespace}/${x.metadata?.name}`).sort();
      expect(keysOf(inf.list())).toEqual(keysOf(all));
      for (const ns of ['n1', 'n2', 'ns']) expect(keysOf(inf.list(ns))).toEqual(keysOf(all.filter((x) => x.metadata?.namespace === ns)));
      for (const uid of ['', 'u1', 'u2']) expect(keysOf(inf.controlledBy(uid))).toEqual(keysOf(all.filter((x) => controllerUidOf(x) === uid)));
      expect(server.lists).toBe(1 + relists);
      await inf.stop();
    }), { numRuns: 100 });
  });

  it('takes a bookmark as the version to resume from, without an event', async () => {
    const clock = new FakeClock();
    const server = new FakeServer();
    server.write('ADDED', 'a');
    const inf = new Informer(server, { clock, initialBackoffMs: 100 });
    const events = recorder(inf);
    inf.start();
    await inf.waitForCacheSync();
    await flushPromises();
    // Other objects changed on the server; the bookmark tells us how far the watch has come.
    server.rv = 500;
    server.watches[0]?.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '500' } } as KubernetesObject });
    expect(inf.resourceVersion).toBe('500');
    server.watches[0]?.close();
    await clock.advance(1_000);
    expect(server.watchCalls.map((w) => w.resourceVersion)).toEqual(['101', '500']);
    expect(events).toEqual(['add a']);
    expect(server.lists).toBe(1);
    await inf.stop();
  });

  it('restarts a silent watch from the last version after the idle timeout, and misses nothing', async () => {
    const clock = new FakeClock();
    const server = new FakeServer();
    const inf = new Informer(server, { clock, idleTimeoutMs: 60_000 });
    const events = recorder(inf);
    inf.start();
    await inf.waitForCacheSync();
    await flushPromises();
    server.write('ADDED', 'a');
    await clock.advance(30_000);
    // The connection dies silently: the server's writes never arrive on it.
    server.deaf = true;
    server.write('MODIFIED', 'a', 'lost on the dead connection');
    // Silent since the last event at t=0: restarted at t=60 s, not before.
    await clock.advance(29_999);
    expect(events).toEqual(['add a']);
    expect(inf.idleRestarts).toBe(0);
    server.deaf = false;
    await clock.advance(1);
    expect(inf.idleRestarts).toBe(1);
    expect(server.watchCalls.map((w) => w.resourceVersion)).toEqual(['100', '101']);
    expect(events).toEqual(['add a', 'update a 101->102']);
    expect(server.lists).toBe(1);
    await inf.stop();
  });

  it('jitters the back-off between half and all of the exponential delay', async () => {
    const retryAt = async (random: number) => {
      const clock = new FakeClock();
      const server = new FakeServer();
      const inf = new Informer(server, { clock, initialBackoffMs: 1_000, random: () => random });
      inf.start();
      await inf.waitForCacheSync();
      await flushPromises();
      server.watches[0]?.close(new KubeError('Transient', 'connection reset'));
      let t = 0;
      while (server.watchCalls.length < 2 && t < 2_000) {
        await clock.advance(10);
        t += 10;
      }
      await inf.stop();
      return t;
    };
    expect(await retryAt(0)).toBe(500);
    expect(await retryAt(0.5)).toBe(750);
    expect(await retryAt(0.999)).toBe(1_000);
  });
});
