// One fault case's world: a namespace with the `web` Rollout and its Services, the invariant
// checker watching it, and controller processes each behind its own recording API proxy.
import type { KubeConfig, KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import { expect } from 'vitest';
import type { Rollout } from '../../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../../src/kube/client.js';
import type { Lease } from '../../../src/kube/leader.js';
import { kinds } from '../../../src/kube/resources.js';
import { startControllerProcess, type ControllerProcess } from '../controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from '../harness.js';
import { webRollout } from '../web-rollout.js';
import { startApiProxy, type ApiProxy, type ProxyHooks } from './api-proxy.js';
import { InvariantChecker } from './invariants.js';

export type RolloutObject = Rollout & KubernetesObject;

const revisionOf = (rs: V1ReplicaSet) => Number(rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? 0);

export interface Proxied {
  readonly proc: ControllerProcess;
  readonly proxy: ApiProxy;
}

export class FaultCase {
  readonly controllers: Proxied[] = [];
  checker!: InvariantChecker;
  ns = '';
  /** The revision the Rollout's current template is (1, plus one per setImage). */
  private revision = 1;

  private constructor(readonly c: Cluster, readonly clients: KubeClients) {}

  static async open(prefix: string, steps: readonly string[]): Promise<FaultCase> {
    const c = connect();
    const f = new FaultCase(c, createKubeClients(c.kc));
    f.ns = await createNamespace(c, prefix);
    f.checker = new InvariantChecker(f.clients, f.ns);
    await f.checker.start();
    await apply(c, webRollout({ steps, image: 'demo:1', services: true, revisionHistoryLimit: 3 }), f.ns);
    return f;
  }

  /** Starts `kanary controller` on this namespace behind a fresh proxy to `upstream` (the shared API server by default). */
  async startController(extra: string[] = [], hooks: ProxyHooks = {}, upstream: KubeConfig = this.c.kc): Promise<Proxied> {
    const proxy = await startApiProxy(upstream, hooks);
    const proc = startControllerProcess(proxy.kubeconfigPath, this.ns, extra);
    const p = { proc, proxy };
    this.controllers.push(p);
    return p;
  }

  ref() {
    return { namespace: this.ns, name: 'web' };
  }

  async rollout(): Promise<RolloutObject> {
    return this.clients.resource<RolloutObject>(kinds.Rollout).get(this.ref());
  }

  async replicaSets(): Promise<V1ReplicaSet[]> {
    return (await this.clients.resource<V1ReplicaSet & KubernetesObject>(kinds.ReplicaSet).list({ namespace: this.ns })).items;
  }

  async setImage(image: string): Promise<void> {
    const r = await this.rollout();
    await this.clients.resource<RolloutObject>(kinds.Rollout).jsonPatch(this.ref(), [
      { op: 'test', path: '/metadata/resourceVersion', value: r.metadata?.resourceVersion },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: image },
    ]);
    this.revision++;
  }

  /**
   * Waits until the Rollout is in `phase` (and at `step` when given); returns it. Healthy means
   * on the current revision: its ReplicaSet is the stable one (a status written before a crash
   * may still say Healthy about the previous revision).
   */
  async reach(phase: string, opts: { step?: number; timeoutMs?: number } = {}): Promise<RolloutObject> {
    return waitFor(`Rollout ${this.ns}/web to be ${phase}${opts.step === undefined ? '' : ` at step ${opts.step}`}`, async () => {
      const r = await this.rollout();
      let ok = r.status?.phase === phase && (opts.step === undefined || r.status?.currentStepIndex === opts.step);
      if (ok && phase === 'Healthy') {
        const stable = (await this.replicaSets()).find((x) => x.metadata?.labels?.['rollouts-pod-template-hash'] === r.status?.stableRS);
        ok = r.status?.stableRS === r.status?.currentPodHash && stable !== undefined && revisionOf(stable) === this.revision;
      }
      return ok ? r : undefined;
    }, { timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: 100, describe: async () => (await this.rollout()).status });
  }

  /** The Lease holder's identity, '' when none. */
  async leaseHolder(): Promise<string> {
    try {
      const l = await this.clients.resource<Lease>(kinds.Lease).get({ namespace: this.ns, name: 'kanary-controller-lock' });
      return l.spec?.holderIdentity ?? '';
    } catch {
      return '';
    }
  }

  /** Asserts the shared invariants held on every state seen, and that no controller crashed (I7). */
  assertInvariants(): void {
    expect(this.checker.violations, this.checker.report()).toEqual([]);
    for (const { proc } of this.controllers) {
      expect(proc.log()).not.toMatch(/uncaught|unhandled|TypeError|ReferenceError|FATAL/i);
    }
  }

  /** Logs of every controller, for a failure message. */
  logs(): string {
    return this.controllers.map((p, i) => `--- controller ${i} (pid ${p.proc.child.pid})\n${p.proc.log().slice(-4000)}`).join('\n');
  }

  async close(): Promise<void> {
    for (const { proc, proxy } of this.controllers) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGCONT');
      await proc.kill();
      await proxy.close();
    }
    await this.checker.stop();
    await deleteNamespace(this.c, this.ns);
  }
}

/** Prints one measured figure so `npm test` shows it (the docs quote these lines). */
export function report(figure: string, ms: number): void {
  console.log(`[faults] ${figure}: ${(ms / 1000).toFixed(2)} s`);
}
