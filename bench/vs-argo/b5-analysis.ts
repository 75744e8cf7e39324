// B5: many AnalysisRuns measured at once. Runs created directly (no Rollout), each with one web
// metric at a 1 s interval and no count, against a local server answering in 2 s; after a
// window, the interval errors of what the server saw (interval-error.ts).
import type { KubernetesObject } from '@kubernetes/client-node';
import { kinds } from '../../src/kube/resources.js';
import { percentile, residentMiB, sleep } from '../bench-cluster.js';
import type { Controller, Setting } from './controllers.js';
import { forEachIndex } from './fleet.js';
import { intervalErrors } from './interval-error.js';
import { inSession, type BenchContext } from './session.js';
import { startSlowWebMetric } from './slow-web-metric.js';
import { amount, mebibytes, millis, type Figure } from './table.js';

export const CONCURRENT_RUNS = 500;
const INTERVAL_MS = 1000;
const ANSWER_MS = 2000;

function slowRun(ns: string, name: string, url: string): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name, namespace: ns },
    spec: {
      metrics: [{
        name: 'slow', interval: `${INTERVAL_MS / 1000}s`, successCondition: 'result == 1',
        provider: { web: { url: `${url}/${name}`, jsonPath: '{$.value}', timeoutSeconds: 10 } },
      }],
    },
  } as KubernetesObject;
}

export function measureAnalysisRuns(ctx: BenchContext, which: Controller, setting: Setting, n: number, windowS: number): Promise<Figure[]> {
  return inSession(ctx, which, setting, 'b5', async ({ ns, start }) => {
    const web = await startSlowWebMetric(ANSWER_MS);
    try {
      const child = await start();
      const runs = ctx.clients.resource(kinds.AnalysisRun);
      // A controller's start-up is not a measurement's delay: the runs come once it measures a first one.
      await runs.create(slowRun(ns, 'warm-up', web.url));
      for (const since = Date.now(); !web.requests.has('/warm-up'); await sleep(100)) {
        if (Date.now() - since > 300_000) throw new Error(`${which} did not measure a first AnalysisRun within 300 s`);
      }
      const createdAt = await forEachIndex(n, 50, async (i) => {
        await runs.create(slowRun(ns, `slow-${i}`, web.url));
        return Date.now();
      });
      await sleep(windowS * 1000);
      const windowEnd = Date.now();
      const errors = intervalErrors(createdAt.map((at, i) => ({ createdAt: at, requests: web.requests.get(`/slow-${i}`) ?? [] })), INTERVAL_MS, windowEnd);
      const running = (await runs.list({ namespace: ns })).items
        .filter((r) => r.metadata?.name?.startsWith('slow-') && (r as { status?: { phase?: string } }).status?.phase === 'Running').length;
      const windowMin = (windowEnd - Math.min(...createdAt)) / 60_000;
      return [
        amount('runs Running at the end', running, 0),
        amount('measurements per run per minute', errors.measurements / n / windowMin, 1, 'rate'),
        millis('start-to-start - interval p50', percentile(errors.startToStart, 50)),
        millis('start-to-start - interval p99', percentile(errors.startToStart, 99), 'p99'),
        millis('lateness past due p50', percentile(errors.lateness, 50), 'late p50'),
        millis('lateness past due p99', percentile(errors.lateness, 99), 'late p99'),
        mebibytes('peak RSS', residentMiB(child.pid, 'VmHWM'), 'RSS'),
      ];
    } finally {
      await web.close();
    }
  });
}
