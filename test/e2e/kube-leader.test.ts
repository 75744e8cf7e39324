// Leader election against the real apiserver: two candidates on one Lease, exactly one leads, and
// when it releases the lease the other takes over. Also the error taxonomy on real responses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { createKubeClients, loadKubeConfig, type KubeClients } from '../../src/kube/client.js';
import { KubeError } from '../../src/kube/errors.js';
import { EventRecorder, type CoreEvent } from '../../src/kube/events.js';
import { LeaderElector, type Lease } from '../../src/kube/leader.js';
import { kinds, type ResourceType } from '../../src/kube/resources.js';
import { connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

let c: Cluster;
let ns: string;
let clients: KubeClients;

beforeAll(async () => {
  c = connect();
  ns = await createNamespace(c, 'kube-leader');
  clients = createKubeClients(loadKubeConfig({ kubeconfig: c.kubeconfigPath }), { registry: new Registry() });
});
afterAll(async () => deleteNamespace(c, ns));

describe('LeaderElector', () => {
  it('lets exactly one of two candidates lead; the other takes over on release', async () => {
    const leases = clients.resource<Lease>(kinds.Lease);
    const log: string[] = [];
    const make = (identity: string) => new LeaderElector({
      leases, namespace: ns, name: 'kanary-controller', identity,
      leaseDurationSeconds: 4, renewDeadlineSeconds: 3, retryPeriodSeconds: 0.5,
      onStartedLeading: () => log.push(`${identity} started`),
      onStoppedLeading: () => log.push(`${identity} stopped`),
    });
    const a = make('a');
    const b = make('b');
    void a.run();
    void b.run();
    const first = await waitFor('a leader', async () => (a.isLeader() ? a : b.isLeader() ? b : undefined));
    const second = first === a ? b : a;
    // Several renew periods later, still exactly one.
    await new Promise((r) => setTimeout(r, 2_000));
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    const lease = await leases.get({ namespace: ns, name: 'kanary-controller' });
    expect(lease.spec?.holderIdentity).toBe(first === a ? 'a' : 'b');

    await first.stop();
    expect(first.isLeader()).toBe(false);
    await waitFor('the standby to lead', async () => second.isLeader(), { timeoutMs: 10_000 });
    const after = await leases.get({ namespace: ns, name: 'kanary-controller' });
    expect(after.spec?.holderIdentity).toBe(first === a ? 'b' : 'a');
    expect(after.spec?.leaseTransitions).toBe(1);
    await second.stop();
    expect(log).toEqual([`${first === a ? 'a' : 'b'} started`, `${first === a ? 'a' : 'b'} stopped`,
      `${first === a ? 'b' : 'a'} started`, `${first === a ? 'b' : 'a'} stopped`]);
  });
});

describe('ResourceClient on the real apiserver', () => {
  const cm = (name: string, data: Record<string, string> = { v: '1' }) =>
    ({ metadata: { name, namespace: ns }, data }) as KubernetesObject;

  const kindOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e as KubeError).kind);

  it('maps real failures to the taxonomy', async () => {
    const cms = clients.resource(kinds.ConfigMap);
    const created = await cms.create(cm('x'));
    expect(await kindOf(cms.create(cm('x')))).toBe('AlreadyExists');
    expect(await kindOf(cms.get({ namespace: ns, name: 'nope' }))).toBe('NotFound');
    await cms.mergePatch({ namespace: ns, name: 'x' }, { data: { v: '2' } });
    expect(await kindOf(cms.replace(created))).toBe('Conflict');
    const invalid = await cms.create(cm('Not_Valid')).catch((e: unknown) => e as KubeError);
    expect(invalid).toBeInstanceOf(KubeError);
    expect((invalid as KubeError).kind).toBe('Invalid');
    expect((invalid as KubeError).causes.map((x) => x.field)).toContain('metadata.name');
    await cms.jsonPatch({ namespace: ns, name: 'x' }, [{ op: 'replace', path: '/data/v', value: '3' }]);
    expect((await cms.get({ namespace: ns, name: 'x' }) as KubernetesObject & { data: { v: string } }).data.v).toBe('3');
    const applied = await cms.apply({ apiVersion: 'v1', kind: 'ConfigMap', ...cm('x', { w: 'applied' }) }, { fieldManager: 'kanary-e2e', force: true });
    expect((applied as KubernetesObject & { data: Record<string, string> }).data).toEqual({ v: '3', w: 'applied' });
    await cms.delete({ namespace: ns, name: 'x' });
    expect(await kindOf(cms.delete({ namespace: ns, name: 'x' }))).toBe('NotFound');
  });

  it('patches the status subresource of a custom resource', async () => {
    // Its own small CRD, so this test does not depend on Kanary's generated ones.
    const crds = clients.resource({
      group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false,
    });
    const widget: ResourceType = { group: 'e2e.kanary.io', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true };
    const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    await crds.create({
      metadata: { name: 'widgets.e2e.kanary.io' },
      spec: {
        group: 'e2e.kanary.io', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        versions: [{
          name: 'v1', served: true, storage: true, subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: open, status: open } } },
        }],
      },
    } as KubernetesObject).catch((e: unknown) => {
      if ((e as KubeError).kind !== 'AlreadyExists') throw e;
    });
    const widgets = clients.resource<KubernetesObject & { spec?: object; status?: { message?: string } }>(widget);
    await waitFor('the Widget CRD to be served', async () => {
      await widgets.list({ namespace: ns });
      return true;
    });
    await widgets.create({ metadata: { name: 'w', namespace: ns }, spec: { size: 1 } });
    const patched = await widgets.patchStatus({ namespace: ns, name: 'w' }, { status: { message: 'hi' } });
    expect(patched.status?.message).toBe('hi');
    // The main resource ignores status, the status subresource ignores spec.
    const viaMain = await widgets.mergePatch({ namespace: ns, name: 'w' }, { status: { message: 'ignored' } });
    expect(viaMain.status?.message).toBe('hi');
  });

  it('aggregates repeated events on one Event', async () => {
    const events = clients.resource<CoreEvent>(kinds.Event);
    const rec = new EventRecorder({ events, instance: 'e2e' });
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'subject', namespace: ns, uid: 'u-1' } };
    await rec.normal(obj, 'Tested', 'same message');
    await rec.normal(obj, 'Tested', 'same message');
    await rec.warning(obj, 'Tested', 'other message');
    const list = (await events.list({ namespace: ns, fieldSelector: 'involvedObject.name=subject' })).items;
    expect(list.map((e) => [e.type, e.message, e.count]).sort()).toEqual([['Normal', 'same message', 2], ['Warning', 'other message', 1]]);
    expect(list[0]?.reportingComponent).toBe('kanary-controller');
  });
});
