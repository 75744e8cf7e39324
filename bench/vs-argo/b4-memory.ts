// B4: memory with a large fleet and its history. Rollouts of 1 replica (pods are the control
// plane's cost, not the controllers'), each owning finished AnalysisRuns created directly with
// their status (the AnalysisRun CRD has no status subresource), so both controllers load them
// into their informers at start. Peak RSS while bringing the fleet to Healthy, and settled RSS
// after a quiet half minute.
import type { KubernetesObject } from '@kubernetes/client-node';
import { kinds } from '../../src/kube/resources.js';
import { percentile, residentMiB, sleep } from '../bench-cluster.js';
import type { Controller, Setting } from './controllers.js';
import { createRollouts, forEachIndex, waitAllHealthy, type RolloutObject } from './fleet.js';
import { inSession, type BenchContext } from './session.js';
import { mebibytes, seconds, type Figure } from './table.js';

export const MEMORY_ROLLOUTS = 1000;
export const RUNS_PER_ROLLOUT = 5; // Argo's default successfulRunHistoryLimit: none is garbage-collected
const QUIET_MS = 30_000;

/** A Successful run as Argo leaves one behind: a Prometheus metric measured three times. */
export function finishedRun(owner: RolloutObject, k: number, finishedAt: Date): KubernetesObject {
  const name = owner.metadata!.name!;
  const at = (s: number) => new Date(finishedAt.getTime() - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const measurement = (s: number) => ({ phase: 'Successful', value: '[0.997]', startedAt: at(s + 1), finishedAt: at(s) });
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun',
    metadata: {
      name: `${name}-run-${k}`, namespace: owner.metadata!.namespace!, labels: { 'rollout-type': 'Step', 'step-index': '0' },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      args: [{ name: 'service', value: name }],
      metrics: [{
        name: 'success-rate', interval: '1m', count: 3, successCondition: 'result[0] >= 0.95',
        provider: { prometheus: { address: 'http://prometheus.monitoring:9090',
          query: `sum(rate(http_requests_total{service="${name}",code!~"5.."}[5m])) / sum(rate(http_requests_total{service="${name}"}[5m]))` } },
      }],
    },
    status: {
      phase: 'Successful', startedAt: at(200), runSummary: { count: 1, successful: 1 },
      metricResults: [{ name: 'success-rate', phase: 'Successful', count: 3, successful: 3, measurements: [measurement(120), measurement(60), measurement(0)] }],
    },
  } as KubernetesObject;
}

export function measureMemory(ctx: BenchContext, which: Controller, setting: Setting, n: number): Promise<Figure[]> {
  return inSession(ctx, which, setting, 'b4', async ({ ns, start }) => {
    const owners = await createRollouts(ctx.clients, ns, n, 1);
    const runs = ctx.clients.resource(kinds.AnalysisRun);
    const finishedAt = new Date(Date.now() - 3_600_000);
    await forEachIndex(n * RUNS_PER_ROLLOUT, 50, (j) => runs.create(finishedRun(owners[Math.floor(j / RUNS_PER_ROLLOUT)]!, j % RUNS_PER_ROLLOUT, finishedAt)));
    const child = await start();
    const healthyS = await waitAllHealthy(ctx.clients, ns, n, 'bench:1', 3_600_000);
    const samples: number[] = [];
    for (let t = 0; t < QUIET_MS; t += 1000) {
      await sleep(1000);
      samples.push(residentMiB(child.pid, 'VmRSS'));
    }
    return [
      seconds('until all Healthy', healthyS, 'time'),
      mebibytes('peak RSS', residentMiB(child.pid, 'VmHWM'), 'peak'),
      mebibytes('settled RSS', percentile(samples.slice(-10).sort((a, b) => a - b), 50), 'settled'),
    ];
  });
}
