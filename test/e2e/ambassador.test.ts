// The Ambassador (Emissary-ingress) router on the local control plane, with the structural
// Mapping CRD of hack/crds/handwritten/ambassador (v2 stored, v3alpha1 served): Kanary creates
// the canary Mapping beside the user's, owned by the Rollout, moves its weight step by step, and
// deletes it when the update completes or is aborted. The user's Mapping is never written.
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { kinds } from '../../src/kube/resources.js';
import { waitFor } from './harness.js';
import { routedRollout, runRouterFlow, type Weights } from './router-flow.js';
import { routedControllerEnv } from './traffic-routing.js';

const ROUTING = `        ambassador:
          mappings: [web]`;
const MAPPING = `apiVersion: getambassador.io/v2
kind: Mapping
metadata: {name: web, labels: {team: shop}}
spec: {prefix: /web/, host: web.example.com, service: 'web-stable:80', timeout_ms: 3000, ambassador_id: [edge]}
---
apiVersion: getambassador.io/v2
kind: Mapping
metadata: {name: admin}
spec: {prefix: /admin/, service: 'admin:80'}
`;

interface Mapping extends KubernetesObject { spec?: { prefix?: string; service?: string; weight?: number; [field: string]: unknown } }

const env = routedControllerEnv();

async function mapping(ns: string, name: string): Promise<Mapping | undefined> {
  return env.clients.resource<Mapping>(kinds.Mapping).get({ namespace: ns, name }).catch(() => undefined);
}

describe('Ambassador (canary Mapping)', () => {
  it('creates the canary Mapping, moves its weight step by step, and deletes it when the update ends and when it is aborted', async () => {
    const ns = await env.namespace('ambassador', `${MAPPING}---\n${routedRollout('web', ROUTING)}`);
    const before = { web: await mapping(ns, 'web'), admin: await mapping(ns, 'admin') };
    env.startController(ns);

    let first: Mapping | undefined;
    /** Whether the canary Mapping existed, at each change seen: it must go between the two updates. */
    const presence: boolean[] = [];
    const weights = async (): Promise<Weights | undefined> => {
      const base = await mapping(ns, 'web');
      if (!base || base.spec?.weight !== undefined) return undefined;
      const canary = await mapping(ns, 'web-canary');
      first ??= canary;
      if (presence.at(-1) !== (canary !== undefined)) presence.push(canary !== undefined);
      const weight = canary?.spec?.weight ?? 0;
      return { canary: weight, stable: 100 - weight };
    };

    await runRouterFlow(env.clients, ns, 'web', weights);
    await waitFor('the canary Mapping deleted after the abort', async () => (await mapping(ns, 'web-canary')) === undefined, { timeoutMs: 60_000 });
    await weights();
    expect(presence).toEqual([false, true, false, true, false]);

    // The canary Mapping as Kanary wrote it: the user's spec, the canary Service, owned by the Rollout.
    expect(first?.apiVersion).toBe('getambassador.io/v2');
    expect(first?.spec).toEqual({ prefix: '/web/', host: 'web.example.com', service: 'web-canary:80', timeout_ms: 3000, ambassador_id: ['edge'], weight: 25 });
    expect(first?.metadata?.labels).toBeUndefined();
    expect(first?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Rollout', name: 'web', controller: true });
    // The user's Mappings were only read.
    expect((await mapping(ns, 'web'))?.metadata?.resourceVersion).toBe(before.web?.metadata?.resourceVersion);
    expect((await mapping(ns, 'admin'))?.metadata?.resourceVersion).toBe(before.admin?.metadata?.resourceVersion);
  }, 300_000);
});
