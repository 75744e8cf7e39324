// The canary's weight as the traffic router's own document says it (the VirtualService's route,
// the canary Ingress's annotation): what users check by hand with kubectl. Undefined without a
// router, when the document is missing or unreadable, or when it names no canary destination.
import type { Rollout } from '../api/types.js';
import type { KubeClients } from '../kube/client.js';
import { readTraffic } from '../traffic/write.js';

export async function readRouterWeight(clients: KubeClients, rollout: Rollout): Promise<number | undefined> {
  if (!rollout.spec?.strategy?.canary?.trafficRouting) return undefined;
  try {
    return (await readTraffic(clients, rollout))?.canary;
  } catch {
    // Forbidden, gone, unreachable or malformed: the page shows everything else without it.
    return undefined;
  }
}
