// Fault 2: the leader stopped (SIGSTOP) mid-update with a standby running. The standby takes
// over within the failover aim (5 s with the default timings), the Rollout carries on with the
// invariants intact, and the old leader, resumed, sends not one write (its proxy is its audit
// log) and exits after draining.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../harness.js';
import { FaultCase, report } from './fault-case.js';

let f: FaultCase | undefined;
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && f) console.error(f.logs());
  await f?.close();
  f = undefined;
});

describe('fault: the leader stopped with a standby running', () => {
  it('fails over within 5 s; the resumed old leader writes nothing and exits', async () => {
    f = await FaultCase.open('fault-failover', ['setWeight: 20', 'pause: {duration: 3s}', 'setWeight: 60', 'pause: {duration: 3s}']);
    const lease = ['--leader-elect', '--leader-election-namespace', f.ns];
    const a = await f.startController(lease);
    await waitFor('the first controller to lead', async () => (await f!.leaseHolder()).includes(`_${a.proc.child.pid}_`), { timeoutMs: 30_000 });
    const b = await f.startController(lease);
    await f.reach('Healthy');
    await waitFor('the standby to be ready', async () => b.proc.log().includes('kanary-controller') || b.proxy.requests.length > 0);

    await f.setImage('demo:2');
    await f.reach('Paused', { step: 1 });
    const stoppedAt = Date.now();
    a.proc.child.kill('SIGSTOP');
    const holder = await waitFor('the standby to take the lease', async () => {
      const h = await f!.leaseHolder();
      return h.includes(`_${b.proc.child.pid}_`) ? h : undefined;
    }, { timeoutMs: 30_000, intervalMs: 25 });
    const failover = Date.now() - stoppedAt;
    report('failover (leader SIGSTOP -> standby holds the lease), default timings', failover);
    expect(holder).toContain(`_${b.proc.child.pid}_`);
    // By design at most lease duration + one retry period (4 s + 0.5 s); the rest is room for a
    // loaded test machine (seen 5.02 s with two cores shared by several suites).
    expect(failover).toBeLessThan(5_500);

    // The standby carries the update on while the old leader is still stopped.
    await f.reach('Healthy', { timeoutMs: 60_000 });
    const recovered = Date.now() - stoppedAt;
    report('update completed after the leader was stopped (includes 2 timed pauses)', recovered);

    const resumedAt = Date.now();
    a.proc.child.kill('SIGCONT');
    const code = await waitFor('the old leader to exit', async () => a.proc.child.exitCode ?? undefined, { timeoutMs: 20_000 });
    expect(code).toBe(1);
    expect(a.proc.log()).toMatch(/lost leadership/);
    expect(a.proxy.writes(resumedAt)).toEqual([]);
    // The standby did the writing after the failover.
    expect(b.proxy.writes(stoppedAt).some((w) => w.url.includes('/rollouts/web/status'))).toBe(true);
    f.assertInvariants();
  });
});
