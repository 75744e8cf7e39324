// The local control plane is as strict as a real kubelet where users' manifests rely on it:
// readiness gates hold a pod unready until their condition is True, an image that cannot be
// pulled leaves the pod Pending in ErrImagePull then ImagePullBackOff, and a Job's pod ends by its
// exit code, which an AnalysisTemplate can pass down as an argument.
import { execFileSync } from 'node:child_process';
import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysisRun } from '../../src/actions/analysis-actions.js';
import type { AnalysisRun } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { locateTool } from '../support/tools.js';

let c: Cluster;
let clients: KubeClients;
let ns = '';
let controller: ControllerProcess | undefined;

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  ns = await createNamespace(c, 'kubelet');
});
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-6000)}`);
});
afterAll(async () => {
  await controller?.stop();
  await deleteNamespace(c, ns);
});

const readPod = (name: string) => c.core.readNamespacedPod({ name, namespace: ns });
const condition = (pod: V1Pod, type: string) => pod.status?.conditions?.find((x) => x.type === type);

function pod(name: string, extra: string): string {
  return `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  ${extra}
  containers: [{name: app, image: app:1}]
`;
}

describe('readiness gates', () => {
  it('hold a pod unready until the gate condition is patched True through the status subresource', async () => {
    await apply(c, pod('gated', 'readinessGates: [{conditionType: argoproj.io/e2e-readiness}]'), ns);
    const running = await waitFor('pod gated Running', async () => {
      const p = await readPod('gated');
      return p.status?.phase === 'Running' ? p : undefined;
    }, { describe: () => readPod('gated').then((p) => p.status) });
    expect(condition(running, 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady' });
    expect(condition(running, 'ContainersReady')?.status).toBe('True');
    // Still unready a moment later: nothing but the gate's condition may change that.
    await new Promise((r) => setTimeout(r, 1500));
    expect(condition(await readPod('gated'), 'Ready')?.status).toBe('False');

    execFileSync(locateTool('kubectl'), ['--kubeconfig', c.kubeconfigPath, '-n', ns, 'patch', 'pod', 'gated',
      '--subresource=status', '--type=strategic', '-p',
      JSON.stringify({ status: { conditions: [{ type: 'argoproj.io/e2e-readiness', status: 'True' }] } })], { stdio: 'pipe' });
    const ready = await waitFor('pod gated Ready', async () => {
      const p = await readPod('gated');
      return condition(p, 'Ready')?.status === 'True' ? p : undefined;
    }, { describe: () => readPod('gated').then((p) => p.status) });
    // The gate's own condition is kept beside the kubelet's.
    expect(condition(ready, 'argoproj.io/e2e-readiness')?.status).toBe('True');
  });

  it('a pod whose gates are already True becomes Ready', async () => {
    await apply(c, pod('no-gates', ''), ns);
    await waitFor('pod no-gates Ready', async () => condition(await readPod('no-gates'), 'Ready')?.status === 'True');
  });
});

describe('images that cannot be pulled', () => {
  it.each([
    ['by its name', 'pull-by-name', '', 'registry.example/app:does-not-exist'],
    ['by its name', 'pull-nonexistent', '', 'nonexistent/app:1'],
    ['by the knob', 'pull-by-knob', 'sim.kanary.io/image-pull: fail', 'app:1'],
  ])('leave the pod Pending in ErrImagePull, then ImagePullBackOff (%s: %s)', async (_how, name, label, image) => {
    await apply(c, `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {${label}}}
spec: {containers: [{name: app, image: "${image}"}]}
`, ns);
    const waiting = (p: V1Pod) => p.status?.containerStatuses?.[0]?.state?.waiting;
    const first = await waitFor(`pod ${name} in ErrImagePull`, async () => {
      const p = await readPod(name);
      return waiting(p)?.reason ? p : undefined;
    }, { describe: () => readPod(name).then((p) => p.status) });
    expect(first.status?.phase).toBe('Pending');
    expect(waiting(first)?.reason).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
    const later = await waitFor(`pod ${name} in ImagePullBackOff`, async () => {
      const p = await readPod(name);
      return waiting(p)?.reason === 'ImagePullBackOff' ? p : undefined;
    }, { describe: () => readPod(name).then((p) => p.status) });
    expect(later.status?.phase).toBe('Pending');
    expect(waiting(later)?.message).toContain(image);
    expect(condition(later, 'Ready')?.status).toBe('False');
  });
});

describe('Job pods end by their exit code', () => {
  const template = `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: exit-code}
spec:
  args: [{name: exit-code}]
  metrics:
    - name: run
      provider:
        job:
          spec:
            backoffLimit: 0
            template:
              metadata:
                annotations: {sim.kanary.io/exit-code: "{{args.exit-code}}"}
              spec:
                restartPolicy: Never
                containers: [{name: check, image: busybox, command: [sh, -c, "exit {{args.exit-code}}"]}]
`;
  type RunObject = AnalysisRun & KubernetesObject;
  const getRun = (name: string) => clients.resource<RunObject>(kinds.AnalysisRun).get({ namespace: ns, name });

  it.each([
    ['0', 'Successful', 'Succeeded', 0],
    ['1', 'Failed', 'Failed', 1],
  ])('exit-code %s: the measurement is %s, the pod %s with that code', async (code, phase, podPhase, exitCode) => {
    if (!controller) {
      await apply(c, template, ns);
      controller = startControllerProcess(c.kubeconfigPath, ns);
    }
    const created = await createAnalysisRun(clients, {
      namespace: ns, from: { name: 'exit-code' }, name: `exit-${code}`, args: { 'exit-code': code },
    });
    const name = created.metadata?.name ?? `exit-${code}`;
    const run = await waitFor(`AnalysisRun ${name} to be ${phase}`, async () => {
      const r = await getRun(name);
      return r.status?.phase === phase ? r : undefined;
    }, { timeoutMs: 90_000, describe: () => getRun(name).then((r) => r.status) });
    const measurement = run.status?.metricResults?.[0]?.measurements?.[0];
    expect(measurement?.phase).toBe(phase);
    const job = measurement?.metadata?.['job-name'] ?? '';
    const pods = await c.core.listNamespacedPod({ namespace: ns, labelSelector: `job-name=${job}` });
    const mine = pods.items.filter((p) => p.metadata?.annotations?.['sim.kanary.io/exit-code'] === code);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.status?.phase).toBe(podPhase);
    expect(mine[0]?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(exitCode);
  });
});
