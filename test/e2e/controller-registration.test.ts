// Controllers register with the manager: a controller added to the list gets its informers,
// its own queue and its reconciler run beside the Rollout and AnalysisRun controllers, and is
// stopped with them. Run in-process against the real API server.
import type { KubernetesObject } from '@kubernetes/client-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { rolloutFixture } from '../../src/api/rollout-fixture.test-support.js';
import type { Rollout } from '../../src/api/types.js';
import type { ControllerRegistration } from '../../src/controller/controller.js';
import { CONTROLLERS } from '../../src/controller/controllers.js';
import { startController, type RunningController } from '../../src/controller/manager.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import type { Informer } from '../../src/kube/informer.js';
import { kinds, objectKey } from '../../src/kube/resources.js';
import { freePort } from '../support/prometheus.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

let c: Cluster;
let clients: KubeClients;
let ns: string;

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  ns = await createNamespace(c, 'registration');
});
afterAll(async () => {
  await deleteNamespace(c, ns);
});

/** A controller of ConfigMaps that records what it was asked to reconcile and when it was stopped. */
function configMapController() {
  const reconciled: string[] = [];
  const events: string[] = [];
  const registration: ControllerRegistration = {
    name: 'configmap',
    queue: () => ({ workers: 2 }),
    setup: (ctx, queue) => {
      const configMaps = ctx.informers.informer<KubernetesObject>(kinds.ConfigMap, { namespace: ctx.namespace });
      configMaps.on({ add: (o) => queue.add(objectKey(o)), update: (_o, n) => queue.add(objectKey(n)), delete: (o) => queue.add(objectKey(o)) });
      return {
        reconcile: async (key) => {
          reconciled.push(key);
          return configMaps.get(key)?.metadata?.name === 'again' && reconciled.filter((k) => k === key).length < 3 ? { requeueAfterMs: 10 } : undefined;
        },
        informers: [configMaps as Informer<KubernetesObject>],
        stopping: () => events.push('stopping'),
      };
    },
  };
  return { registration, reconciled, events };
}

const ROLLOUT = stringify(rolloutFixture({ replicas: 1, steps: [{ setWeight: 50 }] }));

describe('a registered controller', () => {
  it('runs beside the built-in ones with its own informers, queue and reconciler, and stops with them', async () => {
    expect(CONTROLLERS.map((r) => r.name)).toEqual(['rollout', 'analysisrun', 'experiment']);
    const extra = configMapController();
    const healthzPort = await freePort();
    let controller: RunningController | undefined = await startController({
      kubeconfig: c.kubeconfigPath, namespace: ns, metricsPort: 0, healthzPort, logger: pino({ level: 'silent' }),
      controllers: [...CONTROLLERS, extra.registration],
    });
    try {
      await controller.ready;
      await apply(c, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\ndata: {a: "1"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: again}\n`, ns);
      await apply(c, ROLLOUT, ns);
      await waitFor('the ConfigMap controller reconciled "first"', async () => extra.reconciled.includes(`${ns}/first`));
      // The reconciler's requeueAfterMs is honoured by its queue.
      await waitFor('"again" reconciled three times', async () => extra.reconciled.filter((k) => k === `${ns}/again`).length >= 3,
        { describe: async () => extra.reconciled });
      // The built-in controllers still run.
      await waitFor('Rollout web Healthy', async () =>
        (await clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get({ namespace: ns, name: 'web' })).status?.phase === 'Healthy');
      expect((await fetch(`http://127.0.0.1:${healthzPort}/healthz`)).status).toBe(200);
      // Nothing else leaks into its queue.
      expect(extra.reconciled.every((k) => k === `${ns}/first` || k === `${ns}/again` || k.startsWith(`${ns}/kube-root-ca`))).toBe(true);

      await controller.stop();
      controller = undefined;
      expect(extra.events).toEqual(['stopping']);
      const seen = extra.reconciled.length;
      await apply(c, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: after-stop}\n', ns);
      await new Promise((r) => setTimeout(r, 300));
      expect(extra.reconciled.length).toBe(seen);
    } finally {
      await controller?.stop();
    }
  });
});
