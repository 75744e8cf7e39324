// The SMI router on the local control plane, with smi-sdk-go's real TrafficSplit CRD (it serves
// split.smi-spec.io/v1alpha3 only): Kanary finds the version the API server serves, creates the
// TrafficSplit owned by the Rollout with the rootService as apex, and moves its backends' weights
// step by step, back to the stable on abort.
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { kinds } from '../../src/kube/resources.js';
import { routedRollout, runRouterFlow, type Weights } from './router-flow.js';
import { routedControllerEnv } from './traffic-routing.js';

const ROUTING = `        smi:
          rootService: web
          trafficSplitName: web-split`;
const ROOT = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
`;

interface TrafficSplit extends KubernetesObject { spec?: { service?: string; backends?: { service?: string; weight?: number }[] } }

const env = routedControllerEnv();

async function split(ns: string): Promise<TrafficSplit | undefined> {
  return env.clients.resource<TrafficSplit>(kinds.TrafficSplit).get({ namespace: ns, name: 'web-split' }).catch(() => undefined);
}

async function weights(ns: string): Promise<Weights | undefined> {
  const backends = (await split(ns))?.spec?.backends;
  if (!backends) return undefined;
  return { canary: backends.find((b) => b.service === 'web-canary')?.weight ?? -1, stable: backends.find((b) => b.service === 'web-stable')?.weight ?? -1 };
}

describe('SMI (TrafficSplit)', () => {
  it('creates the Rollout\'s TrafficSplit at the served version and moves its weights step by step, back to the stable on abort', async () => {
    const ns = await env.run('smi', `${ROOT}---\n${routedRollout('web', ROUTING)}`);

    await runRouterFlow(env.clients, ns, 'web', () => weights(ns));

    const ts = await split(ns);
    expect(ts?.apiVersion).toBe('split.smi-spec.io/v1alpha3');
    expect(ts?.spec?.service).toBe('web');
    expect(ts?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Rollout', name: 'web', controller: true });
  }, 300_000);
});
