// The dashboard's in-cluster manifests (`kubectl apply -k manifests/dashboard/`) on the local
// control plane: they render and pass a server-side dry run; the ServiceAccount's RBAC grants the
// reads its pages need and the writes its actions make, and nothing else; and the dashboard
// server, authenticated only by that ServiceAccount's token and guarded by the token from the
// Secret the Deployment mounts, lists and follows a Rollout and promotes it, recorded as an Event.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import type { Rollout } from '../../src/api/types.js';
import { CSRF_HEADER, type OverviewResponse } from '../../src/dashboard/contract.js';
import { kinds } from '../../src/kube/resources.js';
import { locateTool } from '../support/tools.js';
import { controllerNamespace } from './controller-namespace.js';
import { repo } from './dashboard-browser.js';
import { startDashboard, type DashboardProcess } from './dashboard-process.js';
import { apply, waitFor } from './harness.js';
import { webRollout } from './web-rollout.js';

const DIR = path.join(repo, 'manifests/dashboard');
const SA = 'system:serviceaccount:kanary:kanary-dashboard';
const TOKEN = 'a-dashboard-token-from-the-secret-0123';

const env = controllerNamespace('dash-install');
let dashboard: DashboardProcess | undefined;
const kubectl = (...args: string[]) => execFileSync(locateTool('kubectl'), ['--kubeconfig', env.c.kubeconfigPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(async () => {
  // install.test.ts removes the kanary namespace when it ends: wait until it is gone, if going.
  await waitFor('the kanary namespace not to be terminating', async () => {
    try {
      return JSON.parse(kubectl('get', 'namespace', 'kanary', '-o', 'json')).status?.phase !== 'Terminating';
    } catch {
      return true;
    }
  }, { timeoutMs: 120_000 });
  kubectl('apply', '-f', path.join(repo, 'manifests/namespace.yaml'));
});
afterAll(async () => {
  await dashboard?.stop();
  try {
    kubectl('delete', '--ignore-not-found', '--wait=false', '-k', DIR);
    kubectl('-n', 'kanary', 'delete', 'secret', '--ignore-not-found', 'kanary-dashboard-token');
  } catch {
    // best effort
  }
});

/** A kubeconfig that authenticates with a bearer token only. */
function tokenKubeconfig(token: string): string {
  const cluster = env.c.kc.getCurrentCluster()!;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kanary-dash-sa-')), 'kubeconfig');
  writeFileSync(file, stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'sa',
    clusters: [{ name: 'local', cluster: { server: cluster.server, ...(cluster.caFile ? { 'certificate-authority': cluster.caFile } : { 'certificate-authority-data': cluster.caData }) } }],
    users: [{ name: 'kanary-dashboard', user: { token } }],
    contexts: [{ name: 'sa', context: { cluster: 'local', user: 'kanary-dashboard' } }],
  }));
  return file;
}

describe('the dashboard\'s in-cluster manifests', () => {
  it('render a ServiceAccount, its two roles, a Deployment mounting the token Secret and a Service; a server-side dry run passes', () => {
    const docs = parseAllDocuments(kubectl('kustomize', DIR)).map((d) => d.toJS() as KubernetesObject & { spec?: { template?: { spec?: Record<string, unknown> } } });
    expect(docs.map((d) => `${d.kind}/${d.metadata?.name}`).sort()).toEqual([
      'ClusterRole/kanary-dashboard-actions', 'ClusterRole/kanary-dashboard-view',
      'ClusterRoleBinding/kanary-dashboard-actions', 'ClusterRoleBinding/kanary-dashboard-view',
      'Deployment/kanary-dashboard', 'Service/kanary-dashboard', 'ServiceAccount/kanary-dashboard',
    ]);
    const pod = docs.find((d) => d.kind === 'Deployment')!.spec!.template!.spec as { serviceAccountName: string; containers: { args: string[] }[]; volumes: { secret?: { secretName: string } }[] };
    expect(pod.serviceAccountName).toBe('kanary-dashboard');
    expect(pod.containers[0]!.args).toEqual(expect.arrayContaining(['--address=0.0.0.0', '--token-file=/etc/kanary-dashboard/token']));
    expect(pod.volumes.map((v) => v.secret?.secretName)).toEqual(['kanary-dashboard-token']);
    expect(kubectl('apply', '-k', DIR, '--dry-run=server')).toContain('deployment.apps/kanary-dashboard');
  });

  it('grant what the pages read and the actions write, and nothing else', () => {
    kubectl('apply', '-k', DIR);
    const can = (verb: string, resource: string) => {
      const [kind = '', sub] = resource.split('/');
      try {
        return kubectl('auth', 'can-i', verb, kind, ...(sub ? [`--subresource=${sub}`] : []), '-n', env.ns, '--as', SA).trim();
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? '').trim();
      }
    };
    const table: [string, string, 'yes' | 'no'][] = [
      ['list', 'rollouts.argoproj.io', 'yes'],
      ['watch', 'rollouts.argoproj.io', 'yes'],
      ['watch', 'replicasets.apps', 'yes'],
      ['watch', 'pods', 'yes'],
      ['list', 'analysisruns.argoproj.io', 'yes'],
      ['watch', 'experiments.argoproj.io', 'yes'],
      ['list', 'jobs.batch', 'yes'],
      ['list', 'events', 'yes'],
      ['get', 'ingresses.networking.k8s.io', 'yes'],
      ['patch', 'rollouts.argoproj.io', 'yes'],
      ['update', 'rollouts.argoproj.io', 'yes'],
      ['patch', 'rollouts.argoproj.io/status', 'yes'],
      ['create', 'events', 'yes'],
      ['create', 'rollouts.argoproj.io', 'no'],
      ['delete', 'rollouts.argoproj.io', 'no'],
      ['patch', 'analysisruns.argoproj.io', 'no'],
      ['create', 'replicasets.apps', 'no'],
      ['patch', 'replicasets.apps', 'no'],
      ['delete', 'pods', 'no'],
      ['create', 'pods/exec', 'no'],
      ['get', 'pods/log', 'no'],
      ['get', 'secrets', 'no'],
      ['list', 'secrets', 'no'],
      ['update', 'ingresses.networking.k8s.io', 'no'],
      ['create', 'clusterrolebindings.rbac.authorization.k8s.io', 'no'],
    ];
    expect(table.map(([verb, resource]) => [verb, resource, can(verb, resource)])).toEqual(table);
  });

  it('as its ServiceAccount, with the Secret\'s token: lists and follows a Rollout and promotes it, with no call refused', { timeout: 180_000 }, async () => {
    kubectl('apply', '-k', DIR);
    kubectl('-n', 'kanary', 'delete', 'secret', '--ignore-not-found', 'kanary-dashboard-token');
    kubectl('-n', 'kanary', 'create', 'secret', 'generic', 'kanary-dashboard-token', `--from-literal=token=${TOKEN}`);
    // The token file, as the Deployment mounts it from the Secret.
    const tokenFile = path.join(mkdtempSync(path.join(tmpdir(), 'kanary-dash-token-')), 'token');
    writeFileSync(tokenFile, Buffer.from(JSON.parse(kubectl('-n', 'kanary', 'get', 'secret', 'kanary-dashboard-token', '-o', 'json')).data.token, 'base64'));
    const saToken = kubectl('create', 'token', 'kanary-dashboard', '-n', 'kanary', '--duration', '1h').trim();
    await apply(env.c, webRollout({ steps: ['setWeight: 20', 'pause: {}'], replicas: 5 }), env.ns);
    dashboard = await startDashboard(['--kubeconfig', tokenKubeconfig(saToken), '-A', '--address', '0.0.0.0', '--token-file', tokenFile]);
    const base = dashboard.url.replace('0.0.0.0', '127.0.0.1');
    const auth = { authorization: `Bearer ${TOKEN}` };

    expect((await fetch(`${base}healthz`)).status).toBe(200);
    expect((await fetch(`${base}api/rollouts`)).status).toBe(401);
    const overview = () => fetch(`${base}api/rollouts`, { headers: auth }).then((r) => r.json() as Promise<OverviewResponse>);
    const phaseOf = async () => (await overview()).rollouts.find((c) => c.namespace === env.ns && c.name === 'web')?.phase;
    await waitFor('the overview to show web Healthy', async () => (await phaseOf()) === 'Healthy', { timeoutMs: 60_000 });
    kubectl('-n', env.ns, 'patch', 'rollout', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"demo:2"}]');
    // Followed through the shared informers (watch), not a reload of the list.
    await waitFor('the overview to follow web to its pause', async () => (await phaseOf()) === 'Paused', { timeoutMs: 60_000 });
    const detail = await fetch(`${base}api/rollouts/${env.ns}/web`, { headers: auth });
    expect(detail.status).toBe(200);

    const html = await (await fetch(base, { headers: auth })).text();
    const csrf = /name="kanary-csrf" content="([^"]+)"/.exec(html)?.[1] ?? '';
    const promoted = await fetch(`${base}api/rollouts/${env.ns}/web/promote`, { method: 'POST', headers: { ...auth, [CSRF_HEADER]: csrf, 'content-type': 'application/json' }, body: '{}' });
    expect(await promoted.json()).toEqual({ message: 'rollout "web" promoted: the pause is over' });
    expect(promoted.status).toBe(200);
    await waitFor('web to be Healthy after the promote', async () => {
      const r = await env.clients.resource<Rollout & KubernetesObject>(kinds.Rollout).get({ namespace: env.ns, name: 'web' });
      return r.status?.phase === 'Healthy' && r.status.currentStepIndex === 2;
    }, { timeoutMs: 60_000 });
    const events = await env.c.core.listNamespacedEvent({ namespace: env.ns });
    expect(events.items.some((e) => e.reason === 'DashboardAction' && /^promote by "kanary-dashboard" from /.test(e.message ?? ''))).toBe(true);
    expect(dashboard.output()).not.toMatch(/forbidden|\b403\b/i);
  });
});
