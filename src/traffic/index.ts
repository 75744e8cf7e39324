// The traffic routers Kanary implements, keyed by the `trafficRouting` field that selects them
// (`istio`, `nginx`), and the plugins it runs in-tree, keyed by the name under
// `trafficRouting.plugins` (`argoproj-labs/gatewayAPI`). Adding one adds a folder and a line.

import type { GatewayApiTrafficRouting, Rollout, TrafficRouting } from '../api/types.js';
import { albRouter } from './alb/index.js';
import { ambassadorRouter } from './ambassador/index.js';
import { apisixRouter } from './apisix/index.js';
import { gatewayApiRouter } from './gatewayapi/index.js';
import { istioRouter } from './istio/index.js';
import { nginxRouter } from './nginx/index.js';
import { smiRouter } from './smi/index.js';
import { traefikRouter } from './traefik/index.js';
import type { RoutedRollout, TrafficRouter } from './router.js';

export const trafficRouters = {
  istio: istioRouter,
  nginx: nginxRouter,
  alb: albRouter,
  smi: smiRouter,
  apisix: apisixRouter,
  ambassador: ambassadorRouter,
  traefik: traefikRouter,
} as const satisfies { [K in keyof TrafficRouting]?: TrafficRouter<NonNullable<TrafficRouting[K]>> };

/** Argo Rollouts traffic-router plugins Kanary runs itself, by the name users give them in `plugins`. */
export const trafficRouterPlugins = {
  'argoproj-labs/gatewayAPI': gatewayApiRouter,
} as const satisfies Record<string, TrafficRouter<GatewayApiTrafficRouting>>;

export type ImplementedRouterName = keyof typeof trafficRouters | keyof typeof trafficRouterPlugins;

export function isImplementedRouter(name: string): name is keyof typeof trafficRouters {
  return Object.hasOwn(trafficRouters, name);
}

function isImplementedPlugin(name: string): name is keyof typeof trafficRouterPlugins {
  return Object.hasOwn(trafficRouterPlugins, name);
}

/** Fields of `trafficRouting` that are settings, not routers. */
const SETTINGS = new Set(['managedRoutes', 'maxTrafficWeight']);

/** One router a Rollout uses, with its configuration block. */
export interface ConfiguredRouter {
  readonly name: ImplementedRouterName;
  readonly router: TrafficRouter<unknown>;
  readonly config: unknown;
}

/**
 * The routers `trafficRouting` names that Kanary implements, and the names it does not (a plugin
 * as `plugins/<name>`).
 */
export function routersOf(trafficRouting: TrafficRouting | undefined): { routers: ConfiguredRouter[]; unsupported: string[] } {
  const routers: ConfiguredRouter[] = [];
  const unsupported: string[] = [];
  for (const [name, config] of Object.entries(trafficRouting ?? {})) {
    if (SETTINGS.has(name) || config === undefined || config === null) continue;
    if (name === 'plugins') {
      for (const [plugin, pluginConfig] of Object.entries(config as Record<string, unknown>)) {
        if (pluginConfig === undefined || pluginConfig === null) continue;
        if (isImplementedPlugin(plugin)) routers.push({ name: plugin, router: trafficRouterPlugins[plugin] as TrafficRouter<unknown>, config: pluginConfig });
        else unsupported.push(`plugins/${plugin}`);
      }
    } else if (isImplementedRouter(name)) routers.push({ name, router: trafficRouters[name] as TrafficRouter<unknown>, config });
    else unsupported.push(name);
  }
  return { routers, unsupported };
}

/** What routers need of a Rollout. */
export function routedRollout(rollout: Rollout): RoutedRollout {
  const canary = rollout.spec?.strategy?.canary;
  return {
    name: rollout.metadata?.name ?? '', namespace: rollout.metadata?.namespace ?? 'default', uid: rollout.metadata?.uid ?? '',
    ...(canary?.canaryService ? { canaryService: canary.canaryService } : {}),
    ...(canary?.stableService ? { stableService: canary.stableService } : {}),
    ...(canary?.trafficRouting?.managedRoutes ? { managedRoutes: canary.trafficRouting.managedRoutes.map((r) => r.name) } : {}),
  };
}

export type {
  DesiredTraffic, DocumentRef, DocumentWrite, Documents, RoutedRollout, RoutedWeights, RoutingDocument, RoutingKind, TrafficRouter,
  TransformResult, WeightDestination,
} from './router.js';
export { documentKey } from './router.js';
