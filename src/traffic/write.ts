// The one writer every router shares: read the router's documents, let its pure transform say
// what changes, write that (a create, or a whole-object replace guarded by resourceVersion).

import type { KubernetesObject } from '@kubernetes/client-node';
import type { Rollout } from '../api/types.js';
import type { KubeClients } from '../kube/client.js';
import { isAlreadyExists, isNotFound } from '../kube/errors.js';
import { kinds } from '../kube/resources.js';
import { routedRollout, routersOf, type ConfiguredRouter } from './index.js';
import { documentKey, type DesiredTraffic, type RoutedWeights, type RoutingDocument } from './router.js';

/** A routing document cannot carry the weights: the problems name the spec field and what is wrong. */
export class TrafficRoutingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'TrafficRoutingError';
  }
}

async function readDocuments(clients: KubeClients, rollout: Rollout, configured: ConfiguredRouter): Promise<Map<string, RoutingDocument | null>> {
  const namespace = rollout.metadata?.namespace ?? 'default';
  const docs = new Map<string, RoutingDocument | null>();
  for (const ref of configured.router.documents(routedRollout(rollout), configured.config)) {
    const doc = await clients.resource<KubernetesObject>(kinds[ref.kind]).get({ namespace, name: ref.name }).catch((err: unknown) => {
      if (isNotFound(err)) return null;
      throw err;
    });
    docs.set(documentKey(ref), doc as RoutingDocument | null);
  }
  return docs;
}

/**
 * Routes `desired` through every router the Rollout names. Throws TrafficRoutingError when a
 * document lacks what the spec names (nothing is written for that router then), and the API's
 * error when a write fails (a Conflict: someone changed the document; the next reconcile retries).
 * Returns how many documents were written.
 */
export async function writeTraffic(clients: KubeClients, rollout: Rollout, desired: DesiredTraffic): Promise<number> {
  const { routers } = routersOf(rollout.spec?.strategy?.canary?.trafficRouting);
  let written = 0;
  for (const configured of routers) {
    const docs = await readDocuments(clients, rollout, configured);
    const result = configured.router.transform(routedRollout(rollout), configured.config, docs, desired);
    if (!result.ok) throw new TrafficRoutingError(result.problems);
    for (const write of result.writes) {
      const client = clients.resource<KubernetesObject>(kinds[write.kind]);
      if (write.op === 'create') {
        await client.create(write.document as KubernetesObject).catch((err: unknown) => {
          if (!isAlreadyExists(err)) throw err;
        });
      } else {
        await client.replace(write.document as KubernetesObject);
      }
      written++;
    }
  }
  return written;
}

/** The weights the Rollout's first router routes now, read from its documents; undefined without one. */
export async function readTraffic(clients: KubeClients, rollout: Rollout): Promise<RoutedWeights | undefined> {
  const first = routersOf(rollout.spec?.strategy?.canary?.trafficRouting).routers[0];
  if (!first) return undefined;
  const docs = await readDocuments(clients, rollout, first);
  return first.router.read(routedRollout(rollout), first.config, docs);
}
