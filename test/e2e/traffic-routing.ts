// What the traffic-routing e2e tests read back from the cluster: ReplicaSet sizes by revision,
// a VirtualService route's weights by host, a canary Ingress's NGINX annotations; and the hooks
// of a router's e2e file.
import type { KubernetesObject, V1Ingress, V1ReplicaSet } from '@kubernetes/client-node';
import type { Rollout } from '../../src/api/types.js';
import type { KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { controllerPerTest, type ControllerPerTest } from './controller-namespace.js';

export async function rolloutNamed(clients: KubeClients, namespace: string, name: string): Promise<Rollout> {
  return clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get({ namespace, name });
}

/** ReplicaSet sizes by revision: {1: 3, 2: 0}. */
export async function sizes(clients: KubeClients, namespace: string): Promise<Record<string, number>> {
  const list = await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace });
  return Object.fromEntries(list.items.map((rs) => [rs.metadata?.annotations?.['rollout.argoproj.io/revision'] ?? '?', rs.spec?.replicas ?? 0]));
}

interface VirtualService extends KubernetesObject {
  spec?: { http?: { name?: string; route?: { destination?: { host?: string }; weight?: number }[] }[] };
}

/** The weights of a VirtualService's HTTP route, by destination host: {'web-stable': 66, 'web-canary': 34}. */
export async function routeWeights(clients: KubeClients, namespace: string, name: string, route: string): Promise<Record<string, number>> {
  const vs = await clients.resource<VirtualService>(kinds.VirtualService).get({ namespace, name });
  const found = vs.spec?.http?.find((r) => r.name === route);
  return Object.fromEntries((found?.route ?? []).map((d) => [d.destination?.host ?? '?', d.weight ?? 0]));
}

/** The NGINX canary annotations of an Ingress, without the prefix; undefined when it does not exist. */
export async function canaryIngressAnnotations(clients: KubeClients, namespace: string, name: string): Promise<Record<string, string> | undefined> {
  try {
    const ingress = await clients.resource<V1Ingress>(kinds.Ingress).get({ namespace, name });
    const prefix = 'nginx.ingress.kubernetes.io/';
    return Object.fromEntries(Object.entries(ingress.metadata?.annotations ?? {}).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  } catch {
    return undefined;
  }
}

/** The hooks of a router's e2e file: the routers' real CRDs installed, a namespace and a controller per test. */
export function routedControllerEnv(): ControllerPerTest {
  return controllerPerTest({ upstreamCrds: true });
}
