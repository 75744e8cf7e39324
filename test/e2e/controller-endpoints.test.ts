// The controller process as an operator meets it: /healthz, Prometheus metrics with the names
// Argo Rollouts dashboards query, --instance-id, --leader-elect, and a clean SIGTERM.
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { rolloutFixture } from '../../src/api/rollout-fixture.test-support.js';
import type { Rollout } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { freePort } from '../support/prometheus.js';

let c: Cluster;
let clients: KubeClients;
const running: ControllerProcess[] = [];
const namespaces: string[] = [];


/** A one-replica canary Rollout, with the instance-id label when given. */
const rolloutYaml = (name: string, instanceId?: string) => stringify(rolloutFixture({
  name, replicas: 1, image: 'app:1', steps: [{ setWeight: 50 }],
  metadata: instanceId ? { labels: { 'argo-rollouts.argoproj.io/controller-instance-id': instanceId } } : {},
}));

beforeAll(() => {
  c = connect();
  clients = createKubeClients(c.kc);
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') for (const p of running) console.error(`controller log:\n${p.log().slice(-4000)}`);
  for (const p of running.splice(0)) await p.stop();
});
afterAll(async () => {
  for (const ns of namespaces) await deleteNamespace(c, ns);
});

async function phaseOf(ns: string, name: string): Promise<string | undefined> {
  const r = await clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get({ namespace: ns, name });
  return r.status?.phase;
}

describe('the controller process', () => {
  it('serves /healthz and metrics, honours --instance-id, and exits 0 on SIGTERM', async () => {
    const ns = await createNamespace(c, 'endpoints');
    namespaces.push(ns);
    await apply(c, `${rolloutYaml('mine', 'blue')}---\n${rolloutYaml('theirs', 'green')}`, ns);
    const [metricsPort, healthzPort] = [await freePort(), await freePort()];
    const p = startControllerProcess(c.kubeconfigPath, ns, ['--metrics-port', String(metricsPort), '--healthz-port', String(healthzPort), '--instance-id', 'blue']);
    running.push(p);
    await waitFor('/healthz 200', async () => (await fetch(`http://127.0.0.1:${healthzPort}/healthz`).catch(() => undefined))?.status === 200);
    await waitFor('Rollout mine Healthy', async () => (await phaseOf(ns, 'mine')) === 'Healthy');
    expect(await phaseOf(ns, 'theirs')).toBeUndefined();

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`rollout_info\\{namespace="${ns}",name="mine",strategy="canary",traffic_router="",phase="Healthy"\\} 1`));
    expect(metrics).toContain('rollout_reconcile_bucket{le="10"');
    expect(metrics).toMatch(/kanary_k8s_api_calls_total\{kind="ReplicaSet",verb="create",code="201"\} \d+/);
    expect(metrics).not.toMatch(/kanary_k8s_api_calls_total\{[^}]*name=/);
    expect(await p.stop()).toBe(0);
  });

  it('with --leader-elect, one of two controllers leads and the other takes over when it stops', async () => {
    const ns = await createNamespace(c, 'leader');
    namespaces.push(ns);
    const args = ['--leader-elect', '--leader-election-namespace', ns];
    const a = startControllerProcess(c.kubeconfigPath, ns, args);
    running.push(a);
    await waitFor('a leads', async () => a.log().includes('became leader'), { timeoutMs: 30_000 });
    const b = startControllerProcess(c.kubeconfigPath, ns, args);
    running.push(b);
    await apply(c, rolloutYaml('first'), ns);
    await waitFor('first Healthy', async () => (await phaseOf(ns, 'first')) === 'Healthy');
    expect(b.log()).not.toContain('became leader');
    expect(await a.stop()).toBe(0);
    await waitFor('b takes over', async () => b.log().includes('became leader'), { timeoutMs: 30_000 });
    await apply(c, rolloutYaml('second'), ns);
    await waitFor('second Healthy under b', async () => (await phaseOf(ns, 'second')) === 'Healthy');
  });
});
