// Fault 4: a person's promote or abort racing the controller's status writes. The controller's
// write, computed before the person acted, is held at its proxy until the person's change has
// landed, then let through: it must not undo the person's change (it is conditional on the
// resourceVersion it read, so it fails with a conflict and the controller plans again).
import { afterEach, describe, expect, it } from 'vitest';
import * as actions from '../../../src/actions/rollout-actions.js';
import { kinds } from '../../../src/kube/resources.js';
import { waitFor } from '../harness.js';
import type { ProxiedRequest } from './api-proxy.js';
import { FaultCase, report, type Proxied, type RolloutObject } from './fault-case.js';

let f: FaultCase | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && f) console.error(`${f.logs()}\n${f.checker.timeline.slice(-30).join('\n')}`);
  await f?.close();
  f = undefined;
});

interface Hold {
  /** Resolves with the held request once the controller sent it. */
  readonly caught: Promise<ProxiedRequest>;
  release(): void;
}

/** Holds the controller's next status write at its proxy until `release`. */
function holdNextStatusWrite(p: Proxied): Hold {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  let caught!: (r: ProxiedRequest) => void;
  const caughtP = new Promise<ProxiedRequest>((r) => { caught = r; });
  let armed = true;
  p.proxy.hooks = {
    before: async (r) => {
      if (!armed || r.method !== 'PATCH' || !(r.url.split('?')[0] ?? '').endsWith('/rollouts/web/status')) return;
      armed = false;
      caught(r);
      await gate;
    },
  };
  return { caught: caughtP, release };
}

describe('fault: a person racing the controller', () => {
  it('an abort made while a controller status write is in flight is kept', async () => {
    const fc = (f = await FaultCase.open('fault-race-abort', ['setWeight: 20', 'pause: {duration: 2s}', 'setWeight: 60', 'pause: {}']));
    const p = await fc.startController();
    await fc.reach('Healthy');
    await fc.setImage('demo:2');
    await fc.reach('Paused', { step: 1 });
    // The write that ends the timed pause is held; the person aborts meanwhile.
    const hold = holdNextStatusWrite(p);
    const held = await hold.caught;
    await actions.abort(fc.clients, fc.ref());
    const releasedAt = Date.now();
    hold.release();
    await waitFor('the held write to be answered', async () => held.status !== 0, { intervalMs: 20 });
    expect(held.status).toBe(409);
    const aborted = await waitFor('the abort to be carried out', async () => {
      const r = await fc.rollout();
      const sets = await fc.replicaSets();
      const sizes = sets.map((s) => s.spec?.replicas ?? 0).sort();
      return r.status?.abort === true && r.status.phase === 'Degraded' && sizes.join() === '0,5' ? r : undefined;
    }, { timeoutMs: 30_000, describe: async () => (await fc.rollout()).status });
    report('abort racing a status write: release -> stable restored', Date.now() - releasedAt);
    expect(aborted.status?.abort).toBe(true);
    // It stays aborted: nothing the controller writes afterwards clears it.
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await fc.rollout()).status?.abort).toBe(true);
    fc.assertInvariants();
  });

  it('a promote made while a controller status write is in flight is kept', async () => {
    const fc = (f = await FaultCase.open('fault-race-promote', ['setWeight: 20', 'pause: {}', 'setWeight: 60', 'pause: {}']));
    const p = await fc.startController();
    await fc.reach('Healthy');
    await fc.setImage('demo:2');
    await fc.reach('Paused', { step: 1 });
    // A spec change that leaves the pod template alone makes the controller write status
    // (observedGeneration); that write is held while the person promotes.
    const hold = holdNextStatusWrite(p);
    await fc.clients.resource<RolloutObject>(kinds.Rollout).mergePatch(fc.ref(), { spec: { revisionHistoryLimit: 4 } });
    const held = await hold.caught;
    expect(await actions.promote(fc.clients, fc.ref())).toBe('skipped-pause');
    const releasedAt = Date.now();
    hold.release();
    await waitFor('the held write to be answered', async () => held.status !== 0, { intervalMs: 20 });
    expect(held.status).toBe(409);
    await fc.reach('Paused', { step: 3, timeoutMs: 30_000 });
    report('promote racing a status write: release -> next pause reached', Date.now() - releasedAt);
    fc.assertInvariants();
  });
});
