// When each Rollout's canary ReplicaSet appeared: the first ADDED, on a watch, of a ReplicaSet
// owned by it with the new image. Reaction time is this minus the answer to the patch.
import type { V1ReplicaSet } from '@kubernetes/client-node';
import type { KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';

export interface CanaryWatch {
  /** Rollout name -> epoch ms of its canary ReplicaSet's ADDED. */
  readonly added: ReadonlyMap<string, number>;
  stop(): void;
}

export function watchCanaries(clients: KubeClients, ns: string, image: string): CanaryWatch {
  const added = new Map<string, number>();
  const handle = clients.resource<V1ReplicaSet>(kinds.ReplicaSet).watch({ namespace: ns }, (e) => {
    const owner = e.object.metadata?.ownerReferences?.[0]?.name;
    if (e.type === 'ADDED' && owner && !added.has(owner) && e.object.spec?.template?.spec?.containers?.[0]?.image === image) added.set(owner, Date.now());
  }, () => undefined);
  return { added, stop: () => handle.abort() };
}
