// Fault 1: the controller killed (SIGKILL) at chosen points of an update, exactly as the API
// server answered the write that marks the point (its proxy kills it before the answer is
// delivered): after the canary ReplicaSet is created, between a scale-up and the matching
// scale-down, after a status write. A fresh process converges with no extra ReplicaSet, the
// step index never goes back, and every invariant holds on every state seen.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../harness.js';
import type { ProxiedRequest } from './api-proxy.js';
import { FaultCase, report, type Proxied } from './fault-case.js';

let f: FaultCase | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && f) console.error(`${f.logs()}\n${f.checker.timeline.slice(-30).join('\n')}`);
  await f?.close();
  f = undefined;
});

const STEPS = ['setWeight: 20', 'pause: {duration: 2s}', 'setWeight: 60', 'pause: {duration: 2s}'];
const pathOf = (r: ProxiedRequest) => r.url.split('?')[0] ?? '';

/** Arms `p`'s proxy: SIGKILL the process once the server has answered the first request matching `at`. */
function killAt(p: Proxied, at: (r: ProxiedRequest, status: number) => boolean): Promise<ProxiedRequest> {
  return new Promise((resolve) => {
    let done = false;
    p.proxy.hooks = {
      after: async (r, status) => {
        if (done || !at(r, status)) return;
        done = true;
        await p.proc.kill();
        resolve(r);
      },
    };
  });
}

/** The name of the ReplicaSet of revision 2, once it exists. */
async function canaryName(fc: FaultCase): Promise<string> {
  return waitFor('the canary ReplicaSet', async () =>
    (await fc.replicaSets()).find((s) => s.metadata?.annotations?.['rollout.argoproj.io/revision'] === '2')?.metadata?.name,
  { intervalMs: 50 });
}

async function killedAndRestarted(name: string, arm: (fc: FaultCase, p: Proxied) => Promise<ProxiedRequest>): Promise<void> {
  const fc = (f = await FaultCase.open(`fault-kill-${name}`, STEPS));
  const first = await fc.startController();
  await fc.reach('Healthy');
  const killed = arm(fc, first);
  await fc.setImage('demo:2');
  const at = await killed;
  const stepAtKill = (await fc.rollout()).status?.currentStepIndex ?? 0;
  expect(first.proc.child.signalCode).toBe('SIGKILL');
  const restartedAt = Date.now();
  const second = await fc.startController();
  await waitFor('the new process to write', async () => second.proxy.writes().length > 0, { timeoutMs: 30_000, intervalMs: 50 });
  const healthy = await fc.reach('Healthy', { timeoutMs: 60_000 });
  report(`recovery after SIGKILL ${name} (restart -> Healthy, includes the pauses left)`, Date.now() - restartedAt);
  expect(at.method).toMatch(/POST|PATCH/);
  expect(healthy.status?.currentStepIndex).toBe(STEPS.length);
  expect(stepAtKill).toBeLessThanOrEqual(STEPS.length);
  const sets = await fc.replicaSets();
  expect(sets.map((s) => s.metadata?.annotations?.['rollout.argoproj.io/revision']).sort()).toEqual(['1', '2']);
  expect(sets.map((s) => s.spec?.replicas).sort()).toEqual([0, 5]);
  fc.assertInvariants();
}

describe('fault: the controller killed at chosen points', () => {
  it('after the canary ReplicaSet is created', async () => {
    await killedAndRestarted('after-create', async (_fc, p) =>
      killAt(p, (r, status) => r.method === 'POST' && pathOf(r).endsWith('/replicasets') && status === 201));
  });

  it('between the canary scale-up and the stable scale-down', async () => {
    await killedAndRestarted('between-scales', async (fc, p) => {
      // Once the 20% step is paused, the next write to the canary is its scale-up to 60%; the
      // stable's scale-down would be the write after it.
      const ready = (async () => {
        const canary = await canaryName(fc);
        await fc.reach('Paused', { step: 1 });
        return canary;
      })();
      return ready.then((canary) => killAt(p, (r, status) => r.method === 'PATCH' && pathOf(r).endsWith(`/replicasets/${canary}`) && status === 200));
    });
  });

  it('after a status write', async () => {
    await killedAndRestarted('after-status-write', async (_fc, p) =>
      killAt(p, (r, status) => r.method === 'PATCH' && pathOf(r).endsWith('/rollouts/web/status') && status === 200));
  });
});
