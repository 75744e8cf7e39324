// A pod template the API server refuses (`memory: invalid`): every ReplicaSet create fails with
// 422. The Rollout reports it as Argo Rollouts does (Progressing False, ReplicaSetCreateError,
// the server's message, a Warning event, observedGeneration) and recovers once the spec is fixed.
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Rollout } from '../../src/api/types.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';

let c: Cluster;
let ns: string;
let controller: ControllerProcess | undefined;

const manifest = (memory: string) => `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "demo:1", resources: {limits: {memory: "${memory}"}}}]}
  strategy: {canary: {steps: [{setWeight: 50}]}}
`;

async function rollout(): Promise<Rollout & KubernetesObject> {
  return (await c.custom.getNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: ns, plural: 'rollouts', name: 'web' })) as Rollout & KubernetesObject;
}

beforeAll(async () => {
  c = connect();
  ns = await createNamespace(c, 'rs-create-error');
  controller = startControllerProcess(c.kubeconfigPath, ns);
});
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-4000)}`);
});
afterAll(async () => {
  await controller?.stop();
  await deleteNamespace(c, ns);
});

describe('a ReplicaSet the API server refuses', () => {
  it('is reported in the status and as an event, not retried in silence; a fixed spec recovers', { timeout: 120_000 }, async () => {
    await apply(c, manifest('invalid'), ns);
    const r = await waitFor('the ReplicaSetCreateError condition', async () => {
      const got = await rollout();
      return got.status?.conditions?.some((x) => x.type === 'Progressing' && x.reason === 'ReplicaSetCreateError') ? got : undefined;
    }, { timeoutMs: 30_000, describe: async () => (await rollout()).status });
    const progressing = r.status?.conditions?.find((x) => x.type === 'Progressing');
    expect(progressing?.status).toBe('False');
    expect(progressing?.message).toMatch(/^Failed to create new replica set "web-[a-z0-9]+": .*quantities must match the regular expression/);
    expect(r.status?.observedGeneration).toBe(String(r.metadata?.generation));
    expect(r.status?.phase).toBeTruthy();
    const events = await waitFor('the Warning event', async () => {
      const list = await c.core.listNamespacedEvent({ namespace: ns, fieldSelector: 'involvedObject.name=web' });
      return list.items.find((e) => e.reason === 'ReplicaSetCreateError');
    });
    expect(events.type).toBe('Warning');
    expect(events.message).toBe(progressing?.message);
    expect((await c.apps.listNamespacedReplicaSet({ namespace: ns })).items).toEqual([]);

    // Not retried in a hot loop: the status stays as written.
    const before = (await rollout()).metadata?.resourceVersion;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await rollout()).metadata?.resourceVersion).toBe(before);

    await c.custom.patchNamespacedCustomObject({
      group: 'argoproj.io', version: 'v1alpha1', namespace: ns, plural: 'rollouts', name: 'web',
      body: [{ op: 'replace', path: '/spec/template/spec/containers/0/resources/limits/memory', value: '64Mi' }],
    });
    const healthy = await waitFor('Healthy after the fix', async () => {
      const got = await rollout();
      return got.status?.phase === 'Healthy' && got.status.observedGeneration === String(got.metadata?.generation) ? got : undefined;
    }, { timeoutMs: 60_000, describe: async () => (await rollout()).status });
    expect(healthy.status?.conditions?.find((x) => x.type === 'Progressing')?.reason).not.toBe('ReplicaSetCreateError');
  });
});
