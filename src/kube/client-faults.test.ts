// The client under faults: writes fenced when this replica cannot prove its lease (the check runs
// as the request leaves, after any rate-limit wait), 429 answered by waiting for Retry-After, and
// a client with its own limiter that never queues behind the shared one.
import { describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { FakeClock } from './clock.js';
import { createKubeClients, fencedWrite, retryDelayMs } from './client.js';
import { KubeError } from './errors.js';
import { kinds } from './resources.js';
import { TokenBucket } from './token-bucket.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

/** Like the real transport: runs `beforeSend` right before the request would leave. */
function wire(reply: (req: HttpRequest) => HttpResponse) {
  const sent: string[] = [];
  const transport: Transport = {
    request: async (req) => {
      req.beforeSend?.();
      sent.push(`${req.method} ${req.path}`);
      return reply(req);
    },
    stream: () => ({ abort: () => undefined }),
  };
  return { transport, sent };
}

const ok = (): HttpResponse => ({ status: 200, body: { metadata: { name: 'x' } } });

describe('write fence', () => {
  it('refuses writes while the fence says no, lets reads and the Lease through, and resumes when it says yes', async () => {
    const { transport, sent } = wire(ok);
    const clients = createKubeClients(new KubeConfig(), { transport, registry: new Registry(), qps: 0 });
    let proven = false;
    clients.setWriteFence(() => {
      if (!proven) throw fencedWrite('lease not proven');
    });
    const rs = clients.resource(kinds.ReplicaSet);
    const leases = clients.resource(kinds.Lease, { unfenced: true });
    const ref = { namespace: 'n', name: 'x' };
    const refused = await rs.mergePatch(ref, { spec: { replicas: 0 } }).catch((e: unknown) => e as KubeError);
    expect(refused).toBeInstanceOf(KubeError);
    expect([(refused as KubeError).kind, (refused as KubeError).reason, (refused as KubeError).message]).toEqual(['Transient', 'WriteFenced', 'write refused: lease not proven']);
    for (const write of [() => rs.create({ metadata: ref }), () => rs.delete(ref), () => rs.patchStatus(ref, {}), () => rs.replace({ metadata: ref })]) {
      await expect(write()).rejects.toThrow(/write refused/);
    }
    await rs.get(ref);
    await leases.replace({ metadata: { namespace: 'n', name: 'lock' } });
    expect(sent).toEqual(['GET /apis/apps/v1/namespaces/n/replicasets/x', 'PUT /apis/coordination.k8s.io/v1/namespaces/n/leases/lock']);
    proven = true;
    await rs.mergePatch(ref, { spec: { replicas: 0 } });
    expect(sent).toHaveLength(3);
  });

  it('checks the fence after the rate-limit wait, not before it', async () => {
    const clock = new FakeClock(0);
    const { transport, sent } = wire(ok);
    const clients = createKubeClients(new KubeConfig(), { transport, registry: new Registry(), qps: 1, burst: 1, clock });
    let proven = true;
    clients.setWriteFence(() => {
      if (!proven) throw fencedWrite('lease not proven');
    });
    const rs = clients.resource(kinds.ReplicaSet);
    await rs.mergePatch({ namespace: 'n', name: 'a' }, {});
    const queued = rs.mergePatch({ namespace: 'n', name: 'b' }, {}).catch((e: unknown) => e);
    // The lease is lost while the write waits for its token.
    proven = false;
    await clock.advance(1_000);
    expect(await queued).toBeInstanceOf(KubeError);
    expect(sent).toEqual(['PATCH /apis/apps/v1/namespaces/n/replicasets/a']);
  });
});

describe('429 Too Many Requests', () => {
  it.each([
    [{ retryAfterSeconds: 3 }, 3_000],
    [{ body: { kind: 'Status', details: { retryAfterSeconds: 2 } } }, 2_000],
    [{ retryAfterSeconds: 4, body: { kind: 'Status', details: { retryAfterSeconds: 2 } } }, 4_000],
    [{}, 1_000],
    [{ retryAfterSeconds: 3600 }, 60_000],
  ])('waits %o -> %i ms', (res, ms) => expect(retryDelayMs(res)).toBe(ms));

  it('sends the request again after Retry-After, and gives up with a transient error after the retries', async () => {
    const clock = new FakeClock(0);
    let busy = 2;
    const { transport, sent } = wire(() => (busy-- > 0 ? { status: 429, body: { kind: 'Status', code: 429, reason: 'TooManyRequests', message: 'slow down' }, retryAfterSeconds: 2 } : ok()));
    const clients = createKubeClients(new KubeConfig(), { transport, registry: new Registry(), qps: 0, clock, maxRetriesOn429: 3 });
    const rs = clients.resource(kinds.ReplicaSet);
    let done = false;
    const got = rs.get({ namespace: 'n', name: 'x' }).then((r) => { done = true; return r; });
    await clock.advance(3_999);
    expect([sent.length, done]).toEqual([2, false]);
    await clock.advance(1);
    expect((await got).metadata?.name).toBe('x');
    expect(sent).toHaveLength(3);

    busy = 10;
    const failed = rs.get({ namespace: 'n', name: 'x' }).catch((e: unknown) => e as KubeError);
    await clock.advance(6_000);
    const err = (await failed) as KubeError;
    expect([err.kind, err.code, err.message]).toEqual(['Transient', 429, 'slow down']);
    expect(sent).toHaveLength(3 + 4);
  });
});

describe('a client with its own limiter', () => {
  it('is not queued behind the shared bucket', async () => {
    const clock = new FakeClock(0);
    const { transport, sent } = wire(ok);
    const clients = createKubeClients(new KubeConfig(), { transport, registry: new Registry(), qps: 1, burst: 1, clock });
    const rs = clients.resource(kinds.ReplicaSet);
    const leases = clients.resource(kinds.Lease, { limiter: new TokenBucket({ qps: 10, burst: 10, clock }), unfenced: true });
    // A burst of reconciles: 30 s of tokens reserved on the shared bucket.
    const burst = Array.from({ length: 30 }, (_, i) => rs.get({ namespace: 'n', name: `r${i}` }));
    await clock.advance(0);
    await leases.get({ namespace: 'n', name: 'lock' });
    expect(sent.at(-1)).toBe('GET /apis/coordination.k8s.io/v1/namespaces/n/leases/lock');
    expect(sent.length).toBeLessThan(5);
    await clock.advance(30_000);
    await Promise.all(burst);
  });
});
