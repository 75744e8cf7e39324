import { describe, expect, it } from 'vitest';
import { SUPPORTED } from '../api/supported.js';
import { routersOf, trafficRouters } from './index.js';

describe('the router registry', () => {
  it('names exactly the routers the supported table says Kanary runs', () => {
    const supported = Object.entries(SUPPORTED.trafficRouters).filter(([, yes]) => yes).map(([name]) => name).sort();
    expect(Object.keys(trafficRouters).sort()).toEqual(supported);
  });

  it('reads the routers of a trafficRouting block, leaving its settings and the routers it does not run apart', () => {
    const { routers, unsupported } = routersOf({ istio: { virtualService: { name: 'v' } }, smi: {}, managedRoutes: [{ name: 'h' }], maxTrafficWeight: 1000 });
    expect(routers.map((r) => r.name)).toEqual(['istio']);
    expect(unsupported).toEqual(['smi']);
  });
});
