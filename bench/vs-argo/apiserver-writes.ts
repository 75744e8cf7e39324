// Writes counted by the API server itself (apiserver_request_total), so neither controller's own
// bookkeeping is trusted: mutating verbs on the kinds a Rollout moves, and events apart.
import type { KubeClients } from '../../src/kube/client.js';

const COUNTED = new Set(['rollouts', 'replicasets', 'analysisruns', 'services', 'ingresses']);
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'APPLY']);

/** Mutating requests the API server has answered so far: the counted kinds (ReplicaSets without subresource), and events apart. */
export async function apiserverWrites(clients: KubeClients): Promise<{ writes: number; events: number }> {
  const res = await clients.transport.request({ method: 'GET', path: '/metrics' });
  const text = typeof res.body === 'string' ? res.body : '';
  let writes = 0;
  let events = 0;
  for (const line of text.split('\n')) {
    const m = /^apiserver_request_total\{([^}]*)\} ([0-9.e+]+)/.exec(line);
    if (!m) continue;
    const label = (k: string) => new RegExp(`${k}="([^"]*)"`).exec(m[1]!)?.[1] ?? '';
    if (!MUTATING.has(label('verb'))) continue;
    const resource = label('resource');
    if (resource === 'events') events += Number(m[2]);
    else if (COUNTED.has(resource) && !(resource === 'replicasets' && label('subresource') !== '')) writes += Number(m[2]);
  }
  return { writes, events };
}
