import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock.js';
import type { ObjectRef } from './client.js';
import { KubeError } from './errors.js';
import { EventRecorder, type CoreEvent } from './events.js';

class FakeEvents {
  stored = new Map<string, CoreEvent>();
  calls: string[] = [];

  async create(e: CoreEvent): Promise<CoreEvent> {
    this.calls.push('create');
    this.stored.set(e.metadata?.name ?? '', e);
    return e;
  }

  async mergePatch(ref: ObjectRef, patch: unknown): Promise<CoreEvent> {
    this.calls.push('patch');
    const e = this.stored.get(ref.name);
    if (!e) throw new KubeError('NotFound', 'gone', 404);
    Object.assign(e, patch);
    return e;
  }
}

const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', namespace: 'shop', uid: 'u1' } };

describe('EventRecorder', () => {
  it('creates an Event, then counts repeats on it', async () => {
    const clock = new FakeClock(Date.UTC(2025, 0, 1));
    const events = new FakeEvents();
    const rec = new EventRecorder({ events, clock, instance: 'pod-1' });
    await rec.normal(rollout, 'RolloutPaused', 'paused at step 2');
    await clock.advance(60_000);
    await rec.normal(rollout, 'RolloutPaused', 'paused at step 2');
    await rec.normal(rollout, 'RolloutPaused', 'paused at step 2');
    expect(events.calls).toEqual(['create', 'patch', 'patch']);
    const [e] = [...events.stored.values()];
    expect(e).toMatchObject({
      type: 'Normal', reason: 'RolloutPaused', message: 'paused at step 2', count: 3,
      firstTimestamp: '2025-01-01T00:00:00Z', lastTimestamp: '2025-01-01T00:01:00Z',
      involvedObject: { kind: 'Rollout', name: 'web', namespace: 'shop', uid: 'u1' },
      reportingComponent: 'kanary-controller', source: { component: 'kanary-controller', host: 'pod-1' },
      metadata: { namespace: 'shop' },
    });
  });

  it('starts a new series for another message, and when the old Event expired', async () => {
    const events = new FakeEvents();
    const rec = new EventRecorder({ events, clock: new FakeClock() });
    await rec.warning(rollout, 'AnalysisFailed', 'a');
    await rec.warning(rollout, 'AnalysisFailed', 'b');
    events.stored.clear();
    await rec.warning(rollout, 'AnalysisFailed', 'a');
    expect(events.calls).toEqual(['create', 'create', 'patch', 'create']);
  });

  it('aggregates concurrent repeats instead of creating twice', async () => {
    const events = new FakeEvents();
    const rec = new EventRecorder({ events, clock: new FakeClock() });
    await Promise.all([1, 2, 3].map(() => rec.normal(rollout, 'Scaled', 'x')));
    expect(events.calls).toEqual(['create', 'patch', 'patch']);
  });

  it('never rejects', async () => {
    const rec = new EventRecorder({
      events: { create: () => Promise.reject(new Error('down')), mergePatch: () => Promise.reject(new Error('down')) },
      clock: new FakeClock(),
    });
    await expect(rec.normal(rollout, 'X', 'y')).resolves.toBeUndefined();
  });
});
