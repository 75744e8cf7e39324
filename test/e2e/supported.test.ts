// The table of what this version runs, end to end: a Rollout whose analysis names a metric
// provider Kanary does not run is held with InvalidSpec naming the field, and no AnalysisRun
// is ever created for it (a run would fail and abort the update instead).
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { rolloutFixture } from '../../src/api/rollout-fixture.test-support.js';
import type { AnalysisRun, Rollout } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

let c: Cluster;
let clients: KubeClients;
let ns: string;
let controller: ControllerProcess | undefined;

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  ns = await createNamespace(c, 'supported');
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-4000)}`);
  await controller?.stop();
  controller = undefined;
});
afterAll(async () => {
  await deleteNamespace(c, ns);
});

const MANIFESTS = `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: plugin-errors}
spec:
  metrics:
  - name: errors
    successCondition: result < 5
    provider:
      plugin:
        argoproj-labs/sample-prometheus:
          query: sum(errors)
---
${stringify(rolloutFixture({ replicas: 2, steps: [{ setWeight: 50 }, { pause: {} }], canary: { analysis: { templates: [{ templateName: 'plugin-errors' }] } } }))}`;

describe('an unsupported metric provider', () => {
  it('holds the Rollout with InvalidSpec naming the field, and no AnalysisRun is created', async () => {
    await apply(c, MANIFESTS, ns);
    controller = startControllerProcess(c.kubeconfigPath, ns);
    const rollouts = clients.resource<Rollout & KubernetesObject>(kinds.Rollout);
    const held = await waitFor('Rollout web held with InvalidSpec', async () => {
      const r = await rollouts.get({ namespace: ns, name: 'web' });
      const condition = r.status?.conditions?.find((x) => x.type === 'InvalidSpec');
      return condition?.status === 'True' ? { r, condition } : undefined;
    }, { timeoutMs: 60_000 });
    expect(held.r.status?.phase).toBe('Degraded');
    expect(held.condition.message).toBe('spec.strategy.canary.analysis.templates[0].templateName: AnalysisTemplate "plugin-errors" '
      + 'spec.metrics[0].provider.plugin: metric provider "plugin" is not supported by this version of Kanary yet; the rollout is held as it is');
    // Held as it is: no ReplicaSet, no AnalysisRun, now or a moment later.
    await new Promise((r) => setTimeout(r, 1_000));
    const runs = await clients.resource<AnalysisRun & KubernetesObject>(kinds.AnalysisRun).list({ namespace: ns });
    expect(runs.items).toEqual([]);
    expect((await c.apps.listNamespacedReplicaSet({ namespace: ns })).items).toEqual([]);
  });
});
