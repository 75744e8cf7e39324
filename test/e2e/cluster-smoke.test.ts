// The local control plane behaves like a cluster: Deployments become available, Jobs succeed or
// fail as the kwok stages are asked, the garbage collector removes orphans, and CRDs validate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = connect();
  ns = await createNamespace(c, 'smoke');
});
afterAll(async () => deleteNamespace(c, ns));

describe('local control plane', () => {
  it('has Ready nodes without taints', async () => {
    const nodes = await c.core.listNode();
    const ready = nodes.items.filter((n) =>
      n.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') && !(n.spec?.taints?.length));
    expect(ready.length).toBeGreaterThanOrEqual(1);
  });

  it('makes a 3-replica Deployment 3/3 available', async () => {
    await apply(c, `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
`, ns);
    const d = await waitFor('deployment web 3/3 available', async () => {
      const d = await c.apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      return d.status?.availableReplicas === 3 ? d : undefined;
    }, { timeoutMs: 60_000, describe: () => c.apps.readNamespacedDeployment({ name: 'web', namespace: ns }).then((d) => d.status) });
    expect(d.status?.readyReplicas).toBe(3);
  });

  it('finishes one Job Complete and another Failed with its exit code, as asked', async () => {
    const job = (name: string, labels: string, annotations: string) => `
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  backoffLimit: 0
  template:
    metadata: {labels: {${labels}}, annotations: {${annotations}}}
    spec: {restartPolicy: Never, containers: [{name: probe, image: busybox}]}
`;
    await apply(c, job('good', 'app: probe', ''), ns);
    await apply(c, job('bad', 'app: probe, sim.kanary.io/outcome: fail', 'sim.kanary.io/exit-code: "3"'), ns);
    const condition = (name: string, type: string) => waitFor(`job ${name} ${type}`, async () => {
      const j = await c.batch.readNamespacedJob({ name, namespace: ns });
      return j.status?.conditions?.some((x) => x.type === type && x.status === 'True');
    }, { timeoutMs: 60_000, describe: () => c.batch.readNamespacedJob({ name, namespace: ns }).then((j) => j.status) });
    await condition('good', 'Complete');
    await condition('bad', 'Failed');
    const pods = await c.core.listNamespacedPod({ namespace: ns, labelSelector: 'job-name=bad' });
    const code = pods.items[0]?.status?.containerStatuses?.[0]?.state?.terminated?.exitCode;
    expect(code).toBe(3);
  });

  it('holds a pod not ready when asked', async () => {
    await apply(c, `
apiVersion: v1
kind: Pod
metadata: {name: held, labels: {sim.kanary.io/ready: "false"}}
spec: {containers: [{name: app, image: app:1}]}
`, ns);
    const pod = await waitFor('pod held Running', async () => {
      const p = await c.core.readNamespacedPod({ name: 'held', namespace: ns });
      return p.status?.phase === 'Running' ? p : undefined;
    });
    expect(pod.status?.conditions?.find((x) => x.type === 'Ready')?.status).toBe('False');
  });

  it('garbage-collects the ReplicaSet of a deleted owner', async () => {
    await apply(c, `
apiVersion: apps/v1
kind: Deployment
metadata: {name: gc}
spec:
  replicas: 1
  selector: {matchLabels: {app: gc}}
  template:
    metadata: {labels: {app: gc}}
    spec: {containers: [{name: gc, image: gc:1}]}
`, ns);
    const rsCount = async () => (await c.apps.listNamespacedReplicaSet({ namespace: ns, labelSelector: 'app=gc' })).items.length;
    await waitFor('a ReplicaSet for deployment gc', async () => (await rsCount()) > 0);
    await c.apps.deleteNamespacedDeployment({ name: 'gc', namespace: ns, propagationPolicy: 'Background' });
    await waitFor('the orphaned ReplicaSet to be collected', async () => (await rsCount()) === 0, { timeoutMs: 60_000 });
  });
});
