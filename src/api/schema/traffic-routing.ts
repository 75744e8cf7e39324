// `spec.strategy.canary.trafficRouting`: one block per traffic router, keyed by the manifest
// field name that also names the router's folder under src/traffic/.
import { Type } from '@sinclair/typebox';
import { Bool, Int, Obj, Opt, Preserve, Str, StringMap } from './common.js';

const IstioVirtualService = Obj({
  name: Str(),
  routes: Opt(Type.Array(Str(), { description: 'HTTP routes to edit; optional when the VirtualService has one.' })),
  tlsRoutes: Opt(Type.Array(Obj({ port: Opt(Int()), sniHosts: Opt(Type.Array(Str())) }))),
  tcpRoutes: Opt(Type.Array(Obj({ port: Opt(Int()) }))),
});

export const IstioTrafficRouting = Obj({
  virtualService: Opt(IstioVirtualService),
  virtualServices: Opt(Type.Array(IstioVirtualService)),
  destinationRule: Opt(Obj({ name: Str(), canarySubsetName: Str(), stableSubsetName: Str() })),
});

export const NginxTrafficRouting = Obj({
  annotationPrefix: Opt(Str('Default nginx.ingress.kubernetes.io.')),
  stableIngress: Opt(Str()),
  stableIngresses: Opt(Type.Array(Str())),
  additionalIngressAnnotations: Opt(StringMap('Extra canary annotations, written under annotationPrefix.')),
  canaryIngressAnnotations: Opt(StringMap('Annotations copied verbatim onto the canary Ingress.')),
});

export const AlbTrafficRouting = Obj({
  ingress: Opt(Str()),
  ingresses: Opt(Type.Array(Str())),
  servicePort: Int(),
  rootService: Opt(Str()),
  annotationPrefix: Opt(Str('Default alb.ingress.kubernetes.io.')),
  stickinessConfig: Opt(Obj({ enabled: Bool(), durationSeconds: Int() })),
});

export const SmiTrafficRouting = Obj({ rootService: Opt(Str()), trafficSplitName: Opt(Str()) });

export const AmbassadorTrafficRouting = Obj({ mappings: Type.Array(Str()) });

const AppMeshVirtualNodeReference = Obj({ name: Str() });

export const AppMeshTrafficRouting = Obj({
  virtualService: Opt(Obj({ name: Str(), routes: Opt(Type.Array(Str())) })),
  virtualNodeGroup: Opt(
    Obj({ canaryVirtualNodeRef: AppMeshVirtualNodeReference, stableVirtualNodeRef: AppMeshVirtualNodeReference }),
  ),
});

export const TraefikTrafficRouting = Obj({ weightedTraefikServiceName: Str() });

export const ApisixTrafficRouting = Obj({
  route: Opt(Obj({ name: Str(), rules: Opt(Type.Array(Str())) })),
});

const GatewayApiRouteRef = Obj({ name: Str(), useHeaderRoutes: Opt(Bool()) });

/**
 * The `argoproj-labs/gatewayAPI` plugin's configuration, in the plugin's own shape (Kanary runs
 * it in-tree): routes named singly or in lists, in `namespace` (default the Rollout's).
 */
export const GatewayApiTrafficRouting = Obj({
  httpRoute: Opt(Str('An HTTPRoute whose backendRefs to the canary and stable Services take the weights.')),
  grpcRoute: Opt(Str()),
  tcpRoute: Opt(Str()),
  tlsRoute: Opt(Str()),
  httpRoutes: Opt(Type.Array(GatewayApiRouteRef)),
  grpcRoutes: Opt(Type.Array(GatewayApiRouteRef)),
  tcpRoutes: Opt(Type.Array(GatewayApiRouteRef)),
  tlsRoutes: Opt(Type.Array(GatewayApiRouteRef)),
  namespace: Opt(Str('The routes\' namespace; Kanary edits routes in the Rollout\'s namespace only.')),
  configMap: Opt(Str('Where the plugin keeps its managed header routes; read by Argo, unused by Kanary.')),
  httpRouteSelector: Opt(Preserve()),
  grpcRouteSelector: Opt(Preserve()),
  tcpRouteSelector: Opt(Preserve()),
  tlsRouteSelector: Opt(Preserve()),
  disableInProgressLabel: Opt(Bool()),
  inProgressLabelKey: Opt(Str('Default rollouts.argoproj.io/gatewayapi-canary.')),
  inProgressLabelValue: Opt(Str('Default in-progress.')),
});

/** The traffic router plugins Kanary runs in-tree, by the name Argo users register them under. */
export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

const TrafficRouterPlugins = Type.Object(
  { [GATEWAY_API_PLUGIN]: Opt(GatewayApiTrafficRouting) },
  { 'x-kubernetes-preserve-unknown-fields': true, description: 'Traffic router plugins by name, each with its configuration.' },
);

export const TrafficRouting = Obj({
  istio: Opt(IstioTrafficRouting),
  nginx: Opt(NginxTrafficRouting),
  alb: Opt(AlbTrafficRouting),
  smi: Opt(SmiTrafficRouting),
  ambassador: Opt(AmbassadorTrafficRouting),
  appMesh: Opt(AppMeshTrafficRouting),
  traefik: Opt(TraefikTrafficRouting),
  apisix: Opt(ApisixTrafficRouting),
  plugins: Opt(TrafficRouterPlugins),
  managedRoutes: Opt(
    Type.Array(Obj({ name: Str() }), {
      description: 'Routes the controller may create for setHeaderRoute/setMirrorRoute, in precedence order.',
    }),
  ),
  maxTrafficWeight: Opt(Int('The total weight, default 100 (nginx and plugins).')),
});

/** The router names, as written in manifests. */
export const TRAFFIC_ROUTER_NAMES = ['istio', 'nginx', 'alb', 'smi', 'ambassador', 'appMesh', 'traefik', 'apisix', 'plugins'] as const;
export type TrafficRouterName = (typeof TRAFFIC_ROUTER_NAMES)[number];
