// The install base, `kubectl apply -k manifests/`, on the local control plane: it renders and
// applies; its RBAC grants what the controller needs and withholds what it does not; and the
// controller, running as the ServiceAccount the base creates (a real token, no admin
// credentials), drives a canary with an analysis step to Healthy without one forbidden call.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import * as actions from '../../src/actions/rollout-actions.js';
import type { Rollout } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { SMOKE_TEMPLATE } from './smoke-template.js';
import { webRollout } from './web-rollout.js';
import { locateTool } from '../support/tools.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SA = 'system:serviceaccount:kanary:kanary-controller';

let c: Cluster;
let clients: KubeClients;
let controller: ControllerProcess | undefined;
let ns = '';
const kubectl = (...args: string[]) => execFileSync(locateTool('kubectl'), ['--kubeconfig', c.kubeconfigPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(() => {
  c = connect();
  clients = createKubeClients(c.kc);
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && controller) console.error(`controller log:\n${controller.log().slice(-6000)}`);
  await controller?.stop();
  controller = undefined;
});
afterAll(async () => {
  if (ns) await deleteNamespace(c, ns);
  // The base's own objects, but not its CRDs: the other tests share them.
  for (const file of ['deployment.yaml', 'rbac.yaml', 'namespace.yaml']) {
    try {
      kubectl('delete', '--ignore-not-found', '--wait=false', '-f', path.join(repo, 'manifests', file));
    } catch {
      // best effort
    }
  }
});

/** A kubeconfig for the cluster that authenticates with a bearer token only. */
function tokenKubeconfig(token: string): string {
  const cluster = c.kc.getCurrentCluster()!;
  const dir = mkdtempSync(path.join(tmpdir(), 'kanary-sa-'));
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(file, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'sa',
    clusters: [{ name: 'local', cluster: { server: cluster.server, ...(cluster.caFile ? { 'certificate-authority': cluster.caFile } : { 'certificate-authority-data': cluster.caData }) } }],
    users: [{ name: 'sa', user: { token } }],
    contexts: [{ name: 'sa', context: { cluster: 'local', user: 'sa' } }],
  }));
  return file;
}

describe('the install base (kubectl apply -k manifests/)', () => {
  it('renders every part and passes a server-side dry run', () => {
    const rendered = kubectl('kustomize', path.join(repo, 'manifests'));
    const kinds_ = [...rendered.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]).sort();
    expect(kinds_).toEqual(['ClusterRole', 'ClusterRoleBinding', ...Array(5).fill('CustomResourceDefinition'), 'Deployment', 'Namespace', 'Service', 'ServiceAccount']);
    expect(rendered).toContain('--leader-election-namespace=$(POD_NAMESPACE)');
    // A server-side dry run cannot create objects inside a namespace it only pretends to make.
    kubectl('apply', '-f', path.join(repo, 'manifests', 'namespace.yaml'));
    const out = kubectl('apply', '-k', path.join(repo, 'manifests'), '--dry-run=server');
    expect(out).toContain('deployment.apps/kanary-controller');
    expect(out).toContain('customresourcedefinition.apiextensions.k8s.io/rollouts.argoproj.io');
  });

  it('grants the controller what it uses and nothing it does not', () => {
    kubectl('apply', '-f', path.join(repo, 'manifests', 'rbac.yaml'));
    // `resource/sub` names a subresource (kubectl reads `a/b` as resource a, object b).
    const can = (verb: string, resource: string) => {
      const [kind = '', sub] = resource.split('/');
      try {
        return kubectl('auth', 'can-i', verb, kind, ...(sub ? [`--subresource=${sub}`] : []), '-n', 'default', '--as', SA).trim();
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? '').trim();
      }
    };
    const table: [string, string, 'yes' | 'no'][] = [
      ['patch', 'rollouts.argoproj.io', 'yes'],
      ['patch', 'rollouts.argoproj.io/status', 'yes'],
      ['create', 'rollouts.argoproj.io', 'no'],
      ['delete', 'rollouts.argoproj.io', 'no'],
      ['create', 'analysisruns.argoproj.io', 'yes'],
      ['list', 'analysistemplates.argoproj.io', 'yes'],
      ['create', 'analysistemplates.argoproj.io', 'no'],
      ['create', 'replicasets.apps', 'yes'],
      ['delete', 'replicasets.apps', 'yes'],
      ['create', 'deployments.apps', 'no'],
      ['delete', 'deployments.apps', 'no'],
      ['create', 'pods/eviction', 'yes'],
      ['create', 'pods', 'no'],
      ['create', 'jobs.batch', 'yes'],
      ['get', 'secrets', 'yes'],
      ['list', 'secrets', 'no'],
      ['watch', 'secrets', 'no'],
      ['create', 'events', 'yes'],
      ['update', 'rollouts.argoproj.io/status', 'yes'],
      ['update', 'rollouts.argoproj.io/scale', 'no'],
      ['get', 'pods/log', 'no'],
      ['create', 'pods/exec', 'no'],
      ['update', 'leases.coordination.k8s.io', 'yes'],
      ['delete', 'namespaces', 'no'],
      ['create', 'clusterrolebindings.rbac.authorization.k8s.io', 'no'],
    ];
    const got = table.map(([verb, resource]) => [verb, resource, can(verb, resource)]);
    expect(got).toEqual(table);
  });

  it('runs a canary with an analysis step as its ServiceAccount, with no call refused', { timeout: 180_000 }, async () => {
    kubectl('apply', '-f', path.join(repo, 'manifests', 'namespace.yaml'), '-f', path.join(repo, 'manifests', 'rbac.yaml'));
    const token = kubectl('create', 'token', 'kanary-controller', '-n', 'kanary', '--duration', '1h').trim();
    ns = await createNamespace(c, 'install-sa');
    await apply(c, `${SMOKE_TEMPLATE}
---
${webRollout({
      replicas: 4, services: true, steps: ['setWeight: 25', 'pause: {}', 'analysis: {templates: [{templateName: smoke}]}', 'setWeight: 75'],
    })}`, ns);
    controller = startControllerProcess(tokenKubeconfig(token), ns, ['--leader-elect', '--leader-election-namespace', 'kanary']);
    const rollouts = clients.resource<Rollout & KubernetesObject>(kinds.Rollout);
    const ref = { namespace: ns, name: 'web' };
    const phase = (want: string, step?: number) => waitFor(`rollout web ${want}`, async () => {
      const r = await rollouts.get(ref);
      return r.status?.phase === want && (step === undefined || r.status.currentStepIndex === step) ? r : undefined;
    }, { timeoutMs: 60_000, describe: async () => (await rollouts.get(ref)).status });

    await phase('Healthy');
    await actions.setImage(clients, ref, 'web', 'demo:2');
    await phase('Paused', 1);
    expect(await actions.promote(clients, ref)).toBe('skipped-pause');
    const done = await phase('Healthy', 4);
    const sets = (await clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: ns })).items;
    expect(sets.find((rs) => rs.metadata?.labels?.['rollouts-pod-template-hash'] === done.status?.stableRS)?.spec?.replicas).toBe(4);
    const runs = (await clients.resource<KubernetesObject & { status?: { phase?: string } }>(kinds.AnalysisRun).list({ namespace: ns })).items;
    expect(runs.map((r) => r.status?.phase)).toEqual(['Successful']);
    // It led through the Lease in its own namespace, and nothing it asked for was refused.
    const lease = await clients.resource<KubernetesObject & { spec?: { holderIdentity?: string } }>(kinds.Lease).get({ namespace: 'kanary', name: 'kanary-controller-lock' });
    expect(lease.spec?.holderIdentity).toBeTruthy();
    expect(controller.log()).not.toMatch(/forbidden|\b403\b/i);
  });
});
