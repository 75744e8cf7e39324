// The informer against the real apiserver: events for creates, updates and deletes, a store that
// converges, and no lost events across a forced watch restart or a 410 relist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { createKubeClients, loadKubeConfig, type ResourceClient } from '../../src/kube/client.js';
import { Informer, type ListerWatcher } from '../../src/kube/informer.js';
import { kinds } from '../../src/kube/resources.js';
import { connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

interface ConfigMap extends KubernetesObject {
  data?: Record<string, string>;
}

let c: Cluster;
let ns: string;
let cms: ResourceClient<ConfigMap>;
let registry: Registry;

beforeAll(async () => {
  c = connect();
  ns = await createNamespace(c, 'kube-informer');
  registry = new Registry();
  cms = createKubeClients(loadKubeConfig({ kubeconfig: c.kubeconfigPath }), { registry }).resource<ConfigMap>(kinds.ConfigMap);
});
afterAll(async () => deleteNamespace(c, ns));

/**
 * Wraps the real client so a test can hold new watches back (a disconnection), then let them
 * through or answer them with the apiserver's 410 Expired. (A fresh cluster has not compacted
 * etcd yet, so a real 410 cannot be provoked on demand; the relist after it is real.)
 */
function pausable(inner: ResourceClient<ConfigMap>) {
  let gate: Promise<void> | undefined;
  let open = () => undefined as void;
  let expire = false;
  let lists = 0;
  const lw: ListerWatcher<ConfigMap> = {
    list: (o) => {
      lists++;
      return inner.list(o);
    },
    watch: (o, onEvent, onClose) => {
      if (!gate) return inner.watch(o, onEvent, onClose);
      let handle: { abort(): void } | undefined;
      let aborted = false;
      void gate.then(() => {
        if (aborted) return;
        if (!expire) handle = inner.watch(o, onEvent, onClose);
        else onEvent({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } as ConfigMap });
        expire = false;
      });
      return {
        abort: () => {
          if (handle) return handle.abort();
          if (!aborted) {
            aborted = true;
            onClose();
          }
        },
      };
    },
  };
  return {
    lw,
    get lists() {
      return lists;
    },
    pause() {
      gate = new Promise<void>((r) => {
        open = r;
      });
    },
    resume(opts: { expire?: boolean } = {}) {
      expire = opts.expire ?? false;
      gate = undefined;
      open();
    },
  };
}

function record(inf: Informer<ConfigMap>): string[] {
  const events: string[] = [];
  inf.on({
    add: (o) => events.push(`add ${o.metadata?.name}`),
    update: (_a, b) => events.push(`update ${b.metadata?.name} ${b.data?.v ?? ''}`),
    delete: (o) => events.push(`delete ${o.metadata?.name}`),
  });
  return events;
}

const cm = (name: string, v = '1'): ConfigMap => ({ metadata: { name, namespace: ns }, data: { v } });
const patchV = (name: string, v: string) => cms.mergePatch({ namespace: ns, name }, { data: { v } });

async function seen(events: string[], ...want: string[]): Promise<void> {
  await waitFor(`events ${want.join(', ')}`, async () => want.every((w) => events.includes(w)),
    { timeoutMs: 20_000, describe: async () => events });
}

describe('Informer on ConfigMaps', () => {
  it('delivers add, update and delete events and converges the store', async () => {
    const inf = new Informer(cms, { namespace: ns });
    const events = record(inf);
    await cms.create(cm('pre'));
    inf.start();
    expect(await inf.waitForCacheSync()).toBe(true);
    expect(inf.get(`${ns}/pre`)?.data?.v).toBe('1');
    await cms.create(cm('a'));
    await patchV('a', '2');
    await cms.delete({ namespace: ns, name: 'pre' });
    await seen(events, 'add pre', 'add a', 'update a 2', 'delete pre');
    expect(inf.keys().filter((k) => !k.endsWith('kube-root-ca.crt')).sort()).toEqual([`${ns}/a`]);
    const written = await patchV('a', '3');
    await waitFor('store at our write', async () => inf.get(`${ns}/a`)?.metadata?.resourceVersion === written.metadata?.resourceVersion);
    await inf.stop();
    const watches = (await registry.getSingleMetric('kanary_k8s_api_calls_total')!.get()).values
      .filter((v) => v.labels.verb === 'watch' && v.labels.kind === 'ConfigMap');
    expect(watches.map((v) => v.labels.code)).toEqual(['200']);
  });

  it('delivers the changes made while its watch was down', async () => {
    const p = pausable(cms);
    await cms.create(cm('b1'));
    await cms.create(cm('b2'));
    const inf = new Informer(p.lw, { namespace: ns, labelSelector: '', initialBackoffMs: 50 });
    const events = record(inf);
    inf.start();
    await inf.waitForCacheSync();
    p.pause();
    inf.reconnect();
    await cms.create(cm('b3'));
    await patchV('b1', 'offline');
    await cms.delete({ namespace: ns, name: 'b2' });
    p.resume();
    await seen(events, 'add b3', 'update b1 offline', 'delete b2');
    expect(p.lists).toBe(1);
    await inf.stop();
  });

  it('relists after 410 Gone and emits the difference', async () => {
    const p = pausable(cms);
    await cms.create(cm('c1'));
    await cms.create(cm('c2'));
    const inf = new Informer(p.lw, { namespace: ns, initialBackoffMs: 50 });
    const events = record(inf);
    inf.start();
    await inf.waitForCacheSync();
    p.pause();
    inf.reconnect();
    await cms.create(cm('c3'));
    await patchV('c1', 'relisted');
    await cms.delete({ namespace: ns, name: 'c2' });
    p.resume({ expire: true });
    await seen(events, 'add c3', 'update c1 relisted', 'delete c2');
    expect(p.lists).toBe(2);
    await inf.stop();
  });
});
