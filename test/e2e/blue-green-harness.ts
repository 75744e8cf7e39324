// What the blue-green e2e tests share: the Rollout `web` with its active and preview Services,
// a namespace with the real controller watching it, and readers for sizes, selectors and status.

import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { rolloutFixture } from '../../src/api/rollout-fixture.test-support.js';
import type { Rollout } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

export const SERVICES = `
apiVersion: v1
kind: Service
metadata: {name: web-active}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-preview}
spec: {selector: {app: web}, ports: [{port: 80}]}
---`;

/** The Rollout `web` (3 replicas) with `blueGreen` merged over the two Services. */
export function blueGreenRollout(blueGreen: Record<string, unknown> = {}, replicas = 3): string {
  const rollout = rolloutFixture({
    image: 'demo:1', replicas,
    spec: { strategy: { blueGreen: { activeService: 'web-active', previewService: 'web-preview', ...blueGreen } } },
  });
  return `${SERVICES}\n${stringify(rollout)}`;
}

export class BlueGreenWorld {
  readonly c: Cluster;
  readonly clients: KubeClients;
  controller: ControllerProcess | undefined;
  private readonly namespaces: string[] = [];
  ns = '';

  constructor() {
    this.c = connect();
    this.clients = createKubeClients(this.c.kc);
  }

  async setup(prefix: string, yaml: string): Promise<string> {
    this.ns = await createNamespace(this.c, prefix);
    this.namespaces.push(this.ns);
    await apply(this.c, yaml, this.ns);
    this.start();
    return this.ns;
  }

  start(): void {
    this.controller = startControllerProcess(this.c.kubeconfigPath, this.ns);
  }

  async stop(failed: boolean): Promise<void> {
    if (failed && this.controller) console.error(`controller log:\n${this.controller.log().slice(-6000)}`);
    await this.controller?.stop();
    this.controller = undefined;
  }

  async cleanup(): Promise<void> {
    for (const ns of this.namespaces) await deleteNamespace(this.c, ns);
  }

  ref(name = 'web') {
    return { namespace: this.ns, name };
  }

  async rollout(name = 'web'): Promise<Rollout> {
    return this.clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get(this.ref(name));
  }

  async replicaSets(): Promise<V1ReplicaSet[]> {
    return (await this.clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: this.ns })).items;
  }

  /** ReplicaSet sizes by revision: {1: 3, 2: 1}. */
  async sizes(): Promise<Record<string, number>> {
    return Object.fromEntries((await this.replicaSets()).map((rs) => [rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? '?', rs.spec?.replicas ?? 0]));
  }

  /** The pod-template hash of a revision's ReplicaSet. */
  async hashOf(revision: number): Promise<string | undefined> {
    const rs = (await this.replicaSets()).find((r) => r.metadata?.annotations?.['rollout.argoproj.io/revision'] === String(revision));
    return rs?.metadata?.labels?.['rollouts-pod-template-hash'];
  }

  async selector(service: string): Promise<string | undefined> {
    const svc = await this.c.core.readNamespacedService({ name: service, namespace: this.ns });
    return svc.spec?.selector?.['rollouts-pod-template-hash'];
  }

  async state() {
    const r = await this.rollout();
    return {
      sizes: await this.sizes(), phase: r.status?.phase, message: r.status?.message, blueGreen: r.status?.blueGreen,
      active: await this.selector('web-active'), preview: await this.selector('web-preview'), stableRS: r.status?.stableRS,
    };
  }

  /** Waits until the Rollout has caught up with its spec and `ok` holds for its state. */
  async reach(what: string, ok: (s: Awaited<ReturnType<BlueGreenWorld['state']>>) => boolean, timeoutMs = 60_000) {
    return waitFor(what, async () => {
      const r = await this.rollout();
      if (r.status?.observedGeneration !== String(r.metadata?.generation)) return undefined;
      const s = await this.state();
      return ok(s) ? s : undefined;
    }, { timeoutMs, describe: () => this.state() });
  }

  /** The first revision rolled out: Healthy, both Services on it. */
  async healthy(): Promise<string> {
    const s = await this.reach('the first revision Healthy', (x) => x.phase === 'Healthy' && x.active !== undefined && x.preview === x.active);
    return s.active ?? '';
  }

  async setImage(image: string): Promise<void> {
    const r = await this.rollout();
    const containers = (r.spec.template?.spec as { containers: { name: string; image: string }[] }).containers.map((c) => ({ ...c, image }));
    await this.clients.resource<Rollout & KubernetesObject>(kinds.Rollout).mergePatch(this.ref(), { spec: { template: { spec: { containers } } } });
  }
}

export const same = (a: Record<string, number>, b: Record<string, number>) => JSON.stringify(a) === JSON.stringify(b);
