// B3: reaction among many idle Rollouts. A fleet of Healthy Rollouts of 1 replica sits idle; one
// at a time (spread over the fleet, a few seconds apart) gets a new image, and the time from the
// patch's answer to its canary ReplicaSet's ADDED is taken, each update alone in the queue.
import { percentile, residentMiB, sleep } from '../bench-cluster.js';
import { watchCanaries } from './canary-watch.js';
import type { Controller, Setting } from './controllers.js';
import { createRollouts, setImage, waitAllHealthy } from './fleet.js';
import { inSession, type BenchContext } from './session.js';
import { amount, mebibytes, millis, type Figure } from './table.js';

export const IDLE_ROLLOUTS = 500;
const UPDATES = 20;
const APART_MS = 3000;

export function measureIdleReaction(ctx: BenchContext, which: Controller, setting: Setting, idle: number): Promise<Figure[]> {
  return inSession(ctx, which, setting, 'b3', async ({ ns, start }) => {
    await createRollouts(ctx.clients, ns, idle, 1);
    const child = await start();
    await waitAllHealthy(ctx.clients, ns, idle, 'bench:1', 1_800_000);
    await sleep(5000); // the creation's last status writes and events die down
    const canaries = watchCanaries(ctx.clients, ns, 'bench:2');
    await sleep(1000);
    const updates = Math.min(UPDATES, idle);
    const reactions: number[] = [];
    try {
      for (let k = 0; k < updates; k++) {
        const i = Math.floor((k * idle) / updates);
        await setImage(ctx.clients, ns, i, 'bench:2');
        const answered = Date.now();
        while (!canaries.added.has(`bench-${i}`) && Date.now() - answered < 120_000) await sleep(2);
        reactions.push((canaries.added.get(`bench-${i}`) ?? NaN) - answered);
        await sleep(APART_MS);
      }
    } finally {
      canaries.stop();
    }
    const measured = reactions.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    return [
      amount('updates seen', measured.length, 0),
      millis('reaction p50', percentile(measured, 50), 'p50'),
      millis('reaction p99', percentile(measured, 99), 'p99'),
      mebibytes('peak RSS', residentMiB(child.pid, 'VmHWM'), 'RSS'),
    ];
  });
}
