import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock.js';
import { InformerFactory } from './informer-factory.js';
import { kinds, type ResourceType } from './resources.js';

describe('InformerFactory', () => {
  it('shares one informer per kind, namespace and selector, and starts late ones', async () => {
    const lists: string[] = [];
    const clients = {
      resource: (type: ResourceType) => ({
        list: async (o: { namespace?: string }) => {
          lists.push(`${type.kind}/${o.namespace ?? '*'}`);
          return { items: [], resourceVersion: '1' };
        },
        watch: (_o: unknown, _e: unknown, onClose: () => void) => ({ abort: onClose }),
      }),
    } as unknown as ConstructorParameters<typeof InformerFactory>[0];
    const f = new InformerFactory(clients, { clock: new FakeClock() });
    const pods = f.informer(kinds.Pod, { namespace: 'a' });
    expect(f.informer(kinds.Pod, { namespace: 'a' })).toBe(pods);
    expect(f.informer(kinds.Pod, { namespace: 'b' })).not.toBe(pods);
    expect(f.informer(kinds.Pod, { namespace: 'a', labelSelector: 'x=y' })).not.toBe(pods);
    f.start();
    const late = f.informer(kinds.Rollout);
    expect(await f.waitForCacheSync()).toBe(true);
    expect(late.hasSynced()).toBe(true);
    expect(lists.sort()).toEqual(['Pod/a', 'Pod/a', 'Pod/b', 'Rollout/*']);
    await f.stop();
  });
});

describe('InformerFactory cache shape', () => {
  const managedFields = [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }];
  const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { namespace: 'a', name: 'r', resourceVersion: '1', managedFields }, spec: { replicas: 2 } };
  const pod = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { namespace: 'a', name: 'p', resourceVersion: '1', labels: { app: 'x' }, managedFields, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true }] },
    spec: { containers: [{ name: 'app', image: 'x:1', env: [{ name: 'BIG', value: 'x'.repeat(1000) }] }] },
    status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true }] },
  };

  it('keeps no managedFields, and Pods as metadata, phase and conditions, from the list and from the watch', async () => {
    let send: ((e: { type: string; object: unknown }) => void) | undefined;
    const clients = {
      resource: (type: ResourceType) => ({
        list: async () => ({ items: type.kind === 'Pod' ? [pod] : [rollout], resourceVersion: '1' }),
        watch: (_o: unknown, onEvent: typeof send, onClose: () => void) => {
          if (type.kind === 'Rollout') send = onEvent;
          return { abort: onClose };
        },
      }),
    } as unknown as ConstructorParameters<typeof InformerFactory>[0];
    const f = new InformerFactory(clients, { clock: new FakeClock() });
    const rollouts = f.informer(kinds.Rollout);
    const pods = f.informer(kinds.Pod, { labelSelector: 'rollouts-pod-template-hash' });
    const seen: unknown[] = [];
    rollouts.on({ update: (_o, n) => seen.push(n) });
    f.start();
    expect(await f.waitForCacheSync()).toBe(true);
    expect(rollouts.get('a/r')).toEqual({ ...rollout, metadata: { namespace: 'a', name: 'r', resourceVersion: '1' } });
    const { managedFields: _m, ...podMeta } = pod.metadata;
    expect(pods.get('a/p')).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: podMeta, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
    expect(pods.controlledBy('u1')).toHaveLength(1);
    send!({ type: 'MODIFIED', object: { ...rollout, metadata: { ...rollout.metadata, resourceVersion: '2' }, spec: { replicas: 3 } } });
    expect(rollouts.get('a/r')?.metadata).toEqual({ namespace: 'a', name: 'r', resourceVersion: '2' });
    expect(seen).toEqual([rollouts.get('a/r')]);
    // The object the server sent is left as it was.
    expect(rollout.metadata.managedFields).toBe(managedFields);
    await f.stop();
  });
});
