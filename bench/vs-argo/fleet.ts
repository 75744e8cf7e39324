// The Rollouts every workload starts from: `bench-<i>`, steps setWeight 20/50/80 without pauses,
// image bench:1; created by the benchmark, brought to Healthy by the controller under test.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Rollout } from '../../src/api/types.js';
import type { KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { sleep } from '../bench-cluster.js';

export type RolloutObject = Rollout & KubernetesObject;

export function rolloutObject(ns: string, i: number, replicas: number): RolloutObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: `bench-${i}`, namespace: ns },
    spec: {
      replicas, selector: { matchLabels: { app: `bench-${i}` } },
      template: { metadata: { labels: { app: `bench-${i}` } }, spec: { containers: [{ name: 'app', image: 'bench:1' }] } },
      strategy: { canary: { steps: [{ setWeight: 20 }, { setWeight: 50 }, { setWeight: 80 }] } },
    },
  } as unknown as RolloutObject;
}

/** Runs `make(i)` for i in [0, n), at most `parallel` at a time. */
export async function forEachIndex<T>(n: number, parallel: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, parallel) }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await make(i);
    }
  }));
  return out;
}

/** Creates Rollouts bench-0 .. bench-(n-1) in `ns`; returns them as created (with their UIDs). */
export function createRollouts(clients: KubeClients, ns: string, n: number, replicas: number): Promise<RolloutObject[]> {
  const rollouts = clients.resource<RolloutObject>(kinds.Rollout);
  return forEachIndex(n, 50, (i) => rollouts.create(rolloutObject(ns, i, replicas)));
}

/** Sets bench-i's image; resolves when the API server has answered. */
export async function setImage(clients: KubeClients, ns: string, i: number, image: string): Promise<void> {
  await clients.resource<RolloutObject>(kinds.Rollout).mergePatch({ namespace: ns, name: `bench-${i}` },
    { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });
}

function healthyOn(r: RolloutObject, image: string): boolean {
  return r.status?.phase === 'Healthy' && r.status.stableRS === r.status.currentPodHash
    && r.status.observedGeneration === String(r.metadata?.generation)
    && (r.spec.template?.spec as { containers: { image: string }[] }).containers[0]!.image === image;
}

/**
 * Waits until all `n` Rollouts of `ns` are Healthy on `image`, and returns the time it took in
 * seconds. Polls by list, less often for large fleets; throws after `timeoutMs`.
 */
export async function waitAllHealthy(clients: KubeClients, ns: string, n: number, image: string, timeoutMs: number): Promise<number> {
  const rollouts = clients.resource<RolloutObject>(kinds.Rollout);
  const start = Date.now();
  let healthy = 0;
  while (Date.now() - start < timeoutMs) {
    const list = await rollouts.list({ namespace: ns });
    healthy = list.items.filter((r) => healthyOn(r, image)).length;
    if (list.items.length === n && healthy === n) return (Date.now() - start) / 1000;
    await sleep(Math.max(250, Math.min(5000, n * 4)));
  }
  throw new Error(`only ${healthy} of ${n} Rollouts in ${ns} were Healthy on ${image} after ${timeoutMs / 1000} s`);
}
