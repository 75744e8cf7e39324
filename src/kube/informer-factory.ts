// Shares one informer per (kind, namespace, label selector) among the reconcilers of a process,
// so two consumers of Pods in a namespace cost one list and one watch. Every informer keeps the
// shape cache-shape.ts gives its kind: no managedFields, and Pods as metadata and conditions.
import type { KubernetesObject } from '@kubernetes/client-node';
import { cacheShapeOf } from './cache-shape.js';
import type { KubeClients } from './client.js';
import { Informer, type InformerOptions } from './informer.js';
import type { ResourceType } from './resources.js';

export interface InformerScope {
  namespace?: string;
  labelSelector?: string;
}

export class InformerFactory {
  private readonly informers = new Map<string, Informer<KubernetesObject>>();
  private started = false;

  constructor(
    private readonly clients: Pick<KubeClients, 'resource'>,
    private readonly defaults: Omit<InformerOptions, 'namespace' | 'labelSelector'> = {},
  ) {}

  /** The shared informer for this type and scope, created on first request (and started if the factory runs). */
  informer<T extends KubernetesObject = KubernetesObject>(type: ResourceType, scope: InformerScope = {}): Informer<T> {
    const key = `${type.group}/${type.version}/${type.kind}|${scope.namespace ?? ''}|${scope.labelSelector ?? ''}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer(this.clients.resource(type), { shape: cacheShapeOf(type.kind), ...this.defaults, ...scope });
      this.informers.set(key, inf);
      if (this.started) inf.start();
    }
    return inf as unknown as Informer<T>;
  }

  start(): void {
    this.started = true;
    for (const inf of this.informers.values()) inf.start();
  }

  /** Resolves true once every informer created so far has synced. */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((i) => i.waitForCacheSync(signal)));
    return results.every(Boolean);
  }

  /** Ends every informer's back-off now (the API server answers again after an outage). */
  retryNow(): void {
    for (const inf of this.informers.values()) inf.retryNow();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
