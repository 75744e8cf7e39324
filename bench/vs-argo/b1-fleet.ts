// B1 and B2: a fleet of Rollouts of 2 replicas updated at once. Time until every one is Healthy
// on the new image, API writes and events per update (the API server's counts, the benchmark's
// own patches taken out), reaction from each patch's answer to its canary's ADDED, peak RSS.
import { percentile, residentMiB, sleep } from '../bench-cluster.js';
import { apiserverWrites } from './apiserver-writes.js';
import { watchCanaries } from './canary-watch.js';
import type { Controller, Setting } from './controllers.js';
import { createRollouts, forEachIndex, setImage, waitAllHealthy } from './fleet.js';
import { inSession, type BenchContext } from './session.js';
import { amount, mebibytes, millis, seconds, type Figure } from './table.js';

const REPLICAS = 2;

export function measureFleet(ctx: BenchContext, which: Controller, setting: Setting, n: number): Promise<Figure[]> {
  return inSession(ctx, which, setting, 'b1', async ({ ns, start }) => {
    await createRollouts(ctx.clients, ns, n, REPLICAS);
    const child = await start();
    await waitAllHealthy(ctx.clients, ns, n, 'bench:1', 1_800_000);
    await sleep(2000);
    const before = await apiserverWrites(ctx.clients);
    const canaries = watchCanaries(ctx.clients, ns, 'bench:2');
    await sleep(1000);
    const answered = new Map<string, number>();
    const t1 = Date.now();
    await forEachIndex(n, 500, async (i) => {
      await setImage(ctx.clients, ns, i, 'bench:2');
      answered.set(`bench-${i}`, Date.now());
    });
    await waitAllHealthy(ctx.clients, ns, n, 'bench:2', 1_800_000);
    const healthyS = (Date.now() - t1) / 1000;
    canaries.stop();
    await sleep(1500);
    const after = await apiserverWrites(ctx.clients);
    const reactions = [...answered].map(([name, at]) => (canaries.added.get(name) ?? NaN) - at).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    return [
      seconds('until all Healthy', healthyS, 'time'),
      amount('writes per update', (after.writes - before.writes - n) / n, 1, 'writes'),
      amount('events per update', (after.events - before.events) / n, 1),
      millis('reaction p50', percentile(reactions, 50)),
      millis('reaction p99', percentile(reactions, 99), 'p99'),
      mebibytes('peak RSS', residentMiB(child.pid, 'VmHWM'), 'RSS'),
    ];
  });
}
