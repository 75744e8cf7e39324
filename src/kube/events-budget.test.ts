// Events have a rate limit of their own: a burst of them never delays the writes that move a
// Rollout, and past the bounded queue they are dropped and counted.
import { describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { FakeClock } from './clock.js';
import { createKubeClients } from './client.js';
import { EventRecorder, eventsClient, type CoreEvent } from './events.js';
import { kinds } from './resources.js';
import type { HttpRequest, Transport } from './transport.js';

const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', namespace: 'shop', uid: 'u1' } };

function setup(hang = false) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const sent: HttpRequest[] = [];
  const transport: Transport = {
    request: (req) => {
      sent.push(req);
      return hang ? new Promise(() => undefined) : Promise.resolve({ status: 201, body: req.body ?? {} });
    },
    stream: () => ({ abort: () => undefined }),
  };
  const clients = createKubeClients(new KubeConfig(), { transport, clock, registry: new Registry(), qps: 40, burst: 80 });
  return { clock, sent, clients };
}

/** Whether `p` settles once every ready callback has run, without moving the clock. */
async function settlesNow(clock: FakeClock, p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => { done = true; });
  await clock.advance(0);
  return done;
}

describe('events and the writes that move a Rollout', () => {
  it('a burst of 500 events does not delay a Rollout status patch', async () => {
    const { clock, sent, clients } = setup();
    const recorder = new EventRecorder({ events: eventsClient(clients, { qps: 40, burst: 80, clock }), clock });
    for (let i = 0; i < 500; i++) void recorder.normal(rollout, 'Scaled', `scaled canary to ${i}`);
    await clock.advance(0); // the events reach their client before the write is made
    const write = clients.resource(kinds.Rollout).patchStatus({ namespace: 'shop', name: 'web' }, { status: { currentStepIndex: 1 } });
    expect(await settlesNow(clock, write)).toBe(true);
    expect(sent.filter((r) => r.path.includes('/rollouts/')).length).toBe(1);
    // The events trail behind at their own pace: 80 at once, then 40 a second.
    expect(sent.filter((r) => r.path.includes('/events')).length).toBe(80);
    await clock.advance(11_000);
    expect(sent.filter((r) => r.path.includes('/events')).length).toBe(500);
    expect(recorder.pending).toBe(0);
  });

  it('shows the delay it removes: events on the shared client hold the same patch up for 10 s', async () => {
    const { clock, clients } = setup();
    const recorder = new EventRecorder({ events: clients.resource<CoreEvent>(kinds.Event), clock });
    for (let i = 0; i < 500; i++) void recorder.normal(rollout, 'Scaled', `scaled canary to ${i}`);
    await clock.advance(0); // the events reach their client before the write is made
    const write = clients.resource(kinds.Rollout).patchStatus({ namespace: 'shop', name: 'web' }, { status: { currentStepIndex: 1 } });
    expect(await settlesNow(clock, write)).toBe(false);
    await clock.advance(10_000);
    expect(await settlesNow(clock, write)).toBe(false);
    await clock.advance(600);
    expect(await settlesNow(clock, write)).toBe(true);
  });

  it('drops and counts events past the bounded queue, and takes them again once it drains', async () => {
    const { clock, clients } = setup(true);
    const drops: string[] = [];
    const recorder = new EventRecorder({
      events: eventsClient(clients, { qps: 40, burst: 80, clock }), clock, maxQueued: 10, onDrop: (reason) => drops.push(reason),
    });
    for (let i = 0; i < 15; i++) void recorder.warning(rollout, i < 10 ? 'Slow' : 'Late', `message ${i}`);
    expect(recorder.pending).toBe(10);
    expect(recorder.dropped).toBe(5);
    expect(drops).toEqual(['Late', 'Late', 'Late', 'Late', 'Late']);
  });
});
