// The dashboard's shared view of the cluster: one informer for Rollouts and one for their
// ReplicaSets per namespace (or one each for all), however many browsers are open. Changes are
// coalesced into one push at most every `debounceMs`, carrying the keys that moved. Each
// Rollout's set and actual weights are kept as they change (a bounded history per Rollout) for
// the weight-over-time chart.

import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import { POD_TEMPLATE_HASH_LABEL } from '../api/labels.js';
import type { Rollout } from '../api/types.js';
import type { KubeClients } from '../kube/client.js';
import type { Informer } from '../kube/informer.js';
import { InformerFactory } from '../kube/informer-factory.js';
import { kinds } from '../kube/resources.js';
import { recordWeight, rolloutCard, sortCards, type ReplicaSetLike, type WeightSample } from '../views/index.js';
import type { ChangePush, RolloutCard } from './contract.js';

type RolloutObject = Rollout & KubernetesObject;

export interface LiveRolloutsOptions {
  readonly clients: KubeClients;
  /** Empty: every namespace. */
  readonly namespaces: readonly string[];
  readonly now?: () => number;
  readonly debounceMs?: number;
  /** Weight samples kept per Rollout (only changes are recorded). Default 240. */
  readonly weightHistory?: number;
}

export class LiveRollouts {
  private readonly factory: InformerFactory;
  private readonly rollouts: Informer<RolloutObject>[] = [];
  private readonly replicaSets: Informer<V1ReplicaSet>[] = [];
  private readonly listeners = new Set<(push: ChangePush) => void>();
  private readonly changed = new Set<string>();
  private readonly weights = new Map<string, readonly WeightSample[]>();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: LiveRolloutsOptions) {
    this.now = opts.now ?? Date.now;
    this.factory = new InformerFactory(opts.clients);
    const scopes = opts.namespaces.length > 0 ? opts.namespaces.map((namespace) => ({ namespace })) : [{}];
    for (const scope of scopes) {
      const r = this.factory.informer<RolloutObject>(kinds.Rollout, scope);
      const rs = this.factory.informer<V1ReplicaSet>(kinds.ReplicaSet, { ...scope, labelSelector: POD_TEMPLATE_HASH_LABEL });
      const onRollout = (o: RolloutObject) => this.touch(`${o.metadata?.namespace}/${o.metadata?.name}`);
      const onGone = (o: RolloutObject) => {
        this.weights.delete(`${o.metadata?.namespace}/${o.metadata?.name}`);
        onRollout(o);
      };
      r.on({ add: onRollout, update: (_a, b) => onRollout(b), delete: onGone });
      const onReplicaSet = (o: V1ReplicaSet) => {
        const owner = o.metadata?.ownerReferences?.find((x) => x.controller === true && x.kind === 'Rollout');
        if (owner) this.touch(`${o.metadata?.namespace}/${owner.name}`);
      };
      rs.on({ add: onReplicaSet, update: (_a, b) => onReplicaSet(b), delete: onReplicaSet });
      this.rollouts.push(r);
      this.replicaSets.push(rs);
    }
  }

  async start(signal?: AbortSignal): Promise<boolean> {
    this.factory.start();
    return this.factory.waitForCacheSync(signal);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
    await this.factory.stop();
  }

  /** Every Rollout in scope as a card, those needing attention first. */
  cards(): RolloutCard[] {
    const now = this.now();
    const cards = this.rollouts.flatMap((inf) => inf.list()).map((r) => {
      const uid = r.metadata?.uid ?? '';
      const sets = this.replicaSets.flatMap((inf) => (uid ? inf.controlledBy(uid) : []));
      return rolloutCard(r, sets as unknown as ReplicaSetLike[], now);
    });
    return sortCards(cards);
  }

  /** The set and actual weights seen for `namespace/name`, oldest first. */
  weightSamples(key: string): readonly WeightSample[] {
    return this.weights.get(key) ?? [];
  }

  /** How many Rollouts have a weight history (bounded by the Rollouts in scope). */
  get trackedWeights(): number {
    return this.weights.size;
  }

  has(namespace: string, name: string): boolean {
    return this.rollouts.some((inf) => inf.get(`${namespace}/${name}`) !== undefined);
  }

  /** Calls `listener` with each coalesced change; returns the unsubscribe. */
  subscribe(listener: (push: ChangePush) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Marks a Rollout as changed outside the informers (an action just written). */
  touch(key: string): void {
    this.changed.add(key);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.opts.debounceMs ?? 200);
  }

  private flush(): void {
    this.timer = undefined;
    const at = this.now();
    const cards = this.cards();
    this.recordWeights(cards, at);
    const changed = [...this.changed];
    this.changed.clear();
    if (this.listeners.size === 0) return;
    const push: ChangePush = { type: 'rollouts', rollouts: cards, changed, at };
    for (const l of this.listeners) l(push);
  }

  private recordWeights(cards: readonly RolloutCard[], at: number): void {
    const limit = this.opts.weightHistory ?? 240;
    for (const card of cards) {
      const key = `${card.namespace}/${card.name}`;
      if (!this.changed.has(key) || card.setWeight === undefined) continue;
      const sample: WeightSample = { at, setWeight: card.setWeight, ...(card.actualWeight !== undefined ? { actualWeight: card.actualWeight } : {}) };
      this.weights.set(key, recordWeight(this.weights.get(key) ?? [], sample, limit));
    }
  }
}
