// The SMI router on the local control plane, with smi-sdk-go's real TrafficSplit CRD (it serves
// split.smi-spec.io/v1alpha3 only): Kanary finds the version the API server serves, creates the
// TrafficSplit owned by the Rollout with the rootService as apex, and moves its backends' weights
// step by step, back to the stable on abort.
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, type Cluster } from './harness.js';
import { routedRollout, runRouterFlow, type Weights } from './router-flow.js';
import { installUpstreamCrds } from './upstream-crds.js';

const ROUTING = `        smi:
          rootService: web
          trafficSplitName: web-split`;
const ROOT = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
`;

interface TrafficSplit extends KubernetesObject { spec?: { service?: string; backends?: { service?: string; weight?: number }[] } }

let c: Cluster;
let clients: KubeClients;
let controller: ControllerProcess | undefined;
const namespaces: string[] = [];

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  await installUpstreamCrds(c.kc);
}, 180_000);
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-8000)}`);
  await controller?.stop();
  controller = undefined;
});
afterAll(async () => {
  for (const ns of namespaces) await deleteNamespace(c, ns);
});

async function split(ns: string): Promise<TrafficSplit | undefined> {
  return clients.resource<TrafficSplit>(kinds.TrafficSplit).get({ namespace: ns, name: 'web-split' }).catch(() => undefined);
}

async function weights(ns: string): Promise<Weights | undefined> {
  const backends = (await split(ns))?.spec?.backends;
  if (!backends) return undefined;
  return { canary: backends.find((b) => b.service === 'web-canary')?.weight ?? -1, stable: backends.find((b) => b.service === 'web-stable')?.weight ?? -1 };
}

describe('SMI (TrafficSplit)', () => {
  it('creates the Rollout\'s TrafficSplit at the served version and moves its weights step by step, back to the stable on abort', async () => {
    const ns = await createNamespace(c, 'smi');
    namespaces.push(ns);
    await apply(c, `${ROOT}---\n${routedRollout('web', ROUTING)}`, ns);
    controller = startControllerProcess(c.kubeconfigPath, ns);

    await runRouterFlow(clients, ns, 'web', () => weights(ns));

    const ts = await split(ns);
    expect(ts?.apiVersion).toBe('split.smi-spec.io/v1alpha3');
    expect(ts?.spec?.service).toBe('web');
    expect(ts?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Rollout', name: 'web', controller: true });
  }, 300_000);
});
