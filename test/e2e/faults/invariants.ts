// The invariants every fault case checks, on every state observed through watches on the real
// API server (not only at the end). One checker per namespace, shared by the whole suite.
//   I1 availability: available pods >= replicas - maxUnavailable once the Rollout was Healthy
//   I2 a Service never selects a ReplicaSet with no available pods
//   I3 the step index never goes backwards except on abort, retry or a new revision
//   I4 at most one ReplicaSet per revision
//   I5 every measurement of every AnalysisRun counted once (measurement-ledger.ts)
//   I7 the controller never crashes on input (checked on the process by the cases)
// I6 (convergence within a bound) is asserted by each case's waits.
import type { KubernetesObject, V1ReplicaSet, V1Service } from '@kubernetes/client-node';
import type { AnalysisRun, Rollout } from '../../../src/api/types.js';
import type { KubeClients } from '../../../src/kube/client.js';
import { Informer } from '../../../src/kube/informer.js';
import { kinds } from '../../../src/kube/resources.js';
import { MeasurementLedger } from './measurement-ledger.js';

const HASH = 'rollouts-pod-template-hash';
const REVISION = 'rollout.argoproj.io/revision';

type RolloutObject = Rollout & KubernetesObject;
type AnalysisRunObject = AnalysisRun & KubernetesObject;

/** maxUnavailable of a canary as a count: percentages round down (Argo's default is 25%). */
export function maxUnavailableOf(r: RolloutObject): number {
  const replicas = r.spec?.replicas ?? 1;
  const v = (r.spec?.strategy?.canary as { maxUnavailable?: number | string } | undefined)?.maxUnavailable ?? '25%';
  if (typeof v === 'number') return v;
  const pct = Number(String(v).replace('%', ''));
  return Math.floor((replicas * pct) / 100);
}

export class InvariantChecker {
  readonly violations: string[] = [];
  /** Every state change seen, for the failure message. */
  readonly timeline: string[] = [];
  private readonly rollouts: Informer<RolloutObject>;
  private readonly replicaSets: Informer<V1ReplicaSet & KubernetesObject>;
  private readonly services: Informer<V1Service & KubernetesObject>;
  private readonly runs: Informer<AnalysisRunObject>;
  private readonly ledger = new MeasurementLedger();
  private readonly healthySeen = new Set<string>();
  private readonly lastStep = new Map<string, { hash: string; step: number; abort: boolean }>();
  private readonly revisions = new Map<string, Set<string>>();
  private readonly started = Date.now();

  constructor(private readonly clients: KubeClients, readonly namespace: string) {
    const opts = { namespace, initialBackoffMs: 100, maxBackoffMs: 1_000 };
    this.rollouts = new Informer(clients.resource<RolloutObject>(kinds.Rollout), opts);
    this.replicaSets = new Informer(clients.resource<V1ReplicaSet & KubernetesObject>(kinds.ReplicaSet), opts);
    this.services = new Informer(clients.resource<V1Service & KubernetesObject>(kinds.Service), opts);
    const check = (what: string) => () => this.check(what);
    this.rollouts.on({ add: check('rollout'), update: check('rollout') });
    this.replicaSets.on({ add: check('replicaset'), update: check('replicaset') });
    this.services.on({ add: check('service'), update: check('service') });
    this.runs = new Informer(clients.resource<AnalysisRunObject>(kinds.AnalysisRun), opts);
    const measured = (run: AnalysisRunObject) => {
      const c = run.status?.metricResults?.map((r) => `${r.name}:${r.count ?? 0}+${r.error ?? 0}e`).join(' ');
      this.timeline.push(`+${Date.now() - this.started}ms analysisrun ${run.metadata?.name} phase=${run.status?.phase} ${c ?? ''}`);
      for (const p of this.ledger.observe(run)) this.violation(p);
    };
    this.runs.on({ add: measured, update: (_old, run) => measured(run) });
  }

  private get informers() {
    return [this.rollouts, this.replicaSets, this.services, this.runs] as const;
  }

  async start(): Promise<void> {
    for (const i of this.informers) i.start();
    await Promise.all(this.informers.map((i) => i.waitForCacheSync()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  /** The violations, with the last states seen, as one message ('' when none). */
  report(): string {
    if (this.violations.length === 0) return '';
    return `${this.violations.join('\n')}\n--- last states seen:\n${this.timeline.slice(-40).join('\n')}`;
  }

  private violation(text: string): void {
    const line = `+${Date.now() - this.started}ms ${text}`;
    if (!this.violations.includes(line)) this.violations.push(line);
  }

  private owned(r: RolloutObject): (V1ReplicaSet & KubernetesObject)[] {
    const uid = r.metadata?.uid ?? '';
    return this.replicaSets.controlledBy(uid).filter((rs) => !rs.metadata?.deletionTimestamp);
  }

  private check(what: string): void {
    for (const r of this.rollouts.list(this.namespace)) {
      const name = r.metadata?.name ?? '';
      const rs = this.owned(r);
      const status = r.status ?? {};
      const sizes = rs.map((x) => `${x.metadata?.labels?.[HASH]}:${x.spec?.replicas ?? 0}/${x.status?.availableReplicas ?? 0}`).join(' ');
      this.timeline.push(`+${Date.now() - this.started}ms ${what} ${name} phase=${status.phase} step=${status.currentStepIndex} abort=${status.abort === true} rs=[${sizes}]`);
      if (status.phase === 'Healthy') this.healthySeen.add(name);

      // I1
      if (this.healthySeen.has(name)) {
        const available = rs.reduce((n, x) => n + (x.status?.availableReplicas ?? 0), 0);
        const floor = (r.spec?.replicas ?? 1) - maxUnavailableOf(r);
        if (available < floor) this.violation(`I1 ${name}: ${available} pods available, fewer than ${floor} (replicas - maxUnavailable); rs=[${sizes}]`);
      }

      // I3
      const hash = status.currentPodHash ?? '';
      const step = status.currentStepIndex ?? 0;
      const abort = status.abort === true;
      const last = this.lastStep.get(name);
      if (last && last.hash === hash && step < last.step && !abort && !last.abort) {
        this.violation(`I3 ${name}: step went back from ${last.step} to ${step} on revision ${hash} without abort or retry`);
      }
      if (status.currentPodHash !== undefined) this.lastStep.set(name, { hash, step, abort });

      // I4
      for (const x of rs) {
        const rev = x.metadata?.annotations?.[REVISION];
        if (!rev) continue;
        const key = `${name}#${rev}`;
        const names = this.revisions.get(key) ?? new Set<string>();
        names.add(x.metadata?.name ?? '');
        this.revisions.set(key, names);
        if (names.size > 1) this.violation(`I4 ${name}: revision ${rev} has ${names.size} ReplicaSets: ${[...names].join(', ')}`);
      }
    }

    // I2
    for (const svc of this.services.list(this.namespace)) {
      const hash = svc.spec?.selector?.[HASH];
      if (!hash) continue;
      const target = this.replicaSets.list(this.namespace).find((x) => x.metadata?.labels?.[HASH] === hash);
      const owner = this.rollouts.list(this.namespace).find((r) => r.metadata?.uid && r.metadata.uid === target?.metadata?.ownerReferences?.[0]?.uid);
      if (!owner || !this.healthySeen.has(owner.metadata?.name ?? '')) continue;
      if ((target?.status?.availableReplicas ?? 0) === 0) void this.confirmI2(svc.metadata?.name ?? '', hash, target?.metadata?.name ?? '');
    }
  }

  /**
   * Two informers are two streams: the ReplicaSet's event can arrive before the Service's change
   * that came first in etcd. So a suspected I2 is confirmed by reading both again, in the order
   * that could only hide a violation, never invent one: the ReplicaSet first, then the Service.
   */
  private async confirmI2(service: string, hash: string, replicaSet: string): Promise<void> {
    try {
      const rs = await this.clients.resource<V1ReplicaSet & KubernetesObject>(kinds.ReplicaSet).get({ namespace: this.namespace, name: replicaSet });
      const svc = await this.clients.resource<V1Service & KubernetesObject>(kinds.Service).get({ namespace: this.namespace, name: service });
      if ((rs.status?.availableReplicas ?? 0) === 0 && svc.spec?.selector?.[HASH] === hash) {
        this.violation(`I2 Service ${service} selects ${hash}, which has no available pods`);
      }
    } catch {
      // Deleted meanwhile: nothing selected.
    }
  }
}
