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
