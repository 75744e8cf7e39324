import { describe, expect, it } from 'vitest';
import { SUPPORTED } from '../api/supported.js';
import type { TrafficRouting } from '../api/types.js';
import { routersOf, trafficRouterPlugins, trafficRouters } from './index.js';
import type { TrafficRouter } from './router.js';

describe('the router registry', () => {
  it('names exactly the routers the supported table says Kanary runs', () => {
    const supported = Object.entries(SUPPORTED.trafficRouters).filter(([name, yes]) => yes && name !== 'plugins').map(([name]) => name).sort();
    expect(Object.keys(trafficRouters).sort()).toEqual(supported);
    const plugins = Object.entries(SUPPORTED.trafficRouterPlugins).filter(([, yes]) => yes).map(([name]) => name).sort();
    expect(Object.keys(trafficRouterPlugins).sort()).toEqual(plugins);
  });

  it('runs the Gateway API plugin in-tree and names any other plugin as unsupported', () => {
    const { routers, unsupported } = routersOf({ plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' }, 'acme/router': { x: 1 } } as TrafficRouting['plugins'] });
    expect(routers.map((r) => [r.name, r.config])).toEqual([['argoproj-labs/gatewayAPI', { httpRoute: 'web' }]]);
    expect(unsupported).toEqual(['plugins/acme/router']);
  });

  it('creates header and mirror routes exactly through the routers the supported table says do', () => {
    for (const kind of ['setHeaderRoute', 'setMirrorRoute'] as const) {
      const rows: Readonly<Record<string, boolean>> = SUPPORTED.routeSteps[kind];
      const routeKind = kind === 'setHeaderRoute' ? 'header' : 'mirror';
      for (const [name, router] of Object.entries(trafficRouters) as [string, TrafficRouter<unknown>][]) {
        const implemented = router.managedRoutes?.kinds.includes(routeKind) === true;
        expect({ name, kind, implemented }).toEqual({ name, kind, implemented: rows[name] === true });
      }
      // The `plugins` row speaks for every plugin Kanary runs in-tree.
      for (const [name, plugin] of Object.entries(trafficRouterPlugins) as [string, TrafficRouter<unknown>][]) {
        const implemented = plugin.managedRoutes?.kinds.includes(routeKind) === true;
        expect({ name, kind, implemented }).toEqual({ name, kind, implemented: (rows['plugins'] ?? false) === true });
      }
    }
  });

  it('routes experiment weights exactly through the routers the supported table says do', () => {
    const rows: Readonly<Record<string, boolean>> = SUPPORTED.experimentWeights;
    for (const [name, router] of Object.entries(trafficRouters) as [string, TrafficRouter<unknown>][]) {
      expect({ name, routes: router.routesAdditionalDestinations === true }).toEqual({ name, routes: rows[name] === true });
    }
  });

  it('reads the routers of a trafficRouting block, leaving its settings and the routers it does not run apart', () => {
    const { routers, unsupported } = routersOf({ istio: { virtualService: { name: 'v' } }, appMesh: { virtualService: { name: 'm' } }, managedRoutes: [{ name: 'h' }], maxTrafficWeight: 1000 });
    expect(routers.map((r) => r.name)).toEqual(['istio']);
    expect(unsupported).toEqual(['appMesh']);
  });
});
