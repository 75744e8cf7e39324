// The traffic router plug-in interface: each router turns the weights (and, when it can, the
// header and mirror routes) a plan asks for into edits of its own documents (a VirtualService, a
// canary Ingress, ...). The transforms and the reader are pure; one generic writer does the I/O.

import type { SetHeaderRoute, SetMirrorRoute } from '../api/types.js';

/** One destination of traffic, as `status.canary.weights` records it. */
export interface WeightDestination {
  readonly weight: number;
  readonly serviceName?: string;
  readonly podTemplateHash?: string;
}

/** What the plan asks the routers to route. Weights are out of `maxWeight` (default 100). */
export interface DesiredTraffic {
  readonly canary: WeightDestination;
  readonly stable: WeightDestination;
  /** Additional weighted destinations (an experiment's services), routed beside the canary. */
  readonly additional: readonly WeightDestination[];
  readonly maxWeight: number;
}

/**
 * One route a `setHeaderRoute` or `setMirrorRoute` step asks for. A mirror route splits the
 * traffic it matches between stable and canary at `canaryWeight` (the weight in effect at its step).
 */
export type ManagedRouteSpec =
  | { readonly kind: 'header'; readonly route: SetHeaderRoute & { readonly name: string } }
  | { readonly kind: 'mirror'; readonly route: SetMirrorRoute; readonly canaryWeight: number };

export type ManagedRouteKind = ManagedRouteSpec['kind'];

/** The managed routes to have now: `managed` lists every name Kanary owns (in precedence order); a name without a route is removed. */
export interface DesiredRoutes {
  readonly managed: readonly string[];
  readonly routes: readonly ManagedRouteSpec[];
  readonly maxWeight: number;
}

/** The weights a router's documents route right now. */
export interface RoutedWeights {
  readonly canary: number;
  readonly stable: number;
  readonly additional: readonly WeightDestination[];
}

/** A plain Kubernetes object as the API server returns it. */
export interface RoutingDocument {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    ownerReferences?: unknown[];
    [field: string]: unknown;
  };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

/** The document kinds routers edit, named as in `kinds` of src/kube/resources.ts. */
export type RoutingKind = 'VirtualService' | 'DestinationRule' | 'Ingress' | 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute' | 'TrafficSplit' | 'Service' | 'ApisixRoute' | 'Mapping' | 'TraefikService';

/** A document a router reads, in the Rollout's namespace. */
export interface DocumentRef {
  readonly kind: RoutingKind;
  readonly name: string;
  /** The router creates (and owns) this document when it is missing, e.g. NGINX's canary Ingress. */
  readonly owned?: boolean;
  /**
   * The versions the router reads and writes, in order of preference: the writer uses the first
   * one the API server serves (SMI's TrafficSplit is served as v1alpha1 by one mesh and v1alpha3
   * by another). A bare version is of the kind's group in src/kube/resources.ts; `group/version`
   * names another group serving the kind (Traefik's `traefik.containo.us/v1alpha1`). Without
   * it, the version in src/kube/resources.ts.
   */
  readonly apiVersions?: readonly string[];
}

/** The parts of the Rollout a router needs: its name and the canary strategy. */
export interface RoutedRollout {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly canaryService?: string;
  readonly stableService?: string;
  /** `trafficRouting.managedRoutes`: names of routes Kanary creates for header and mirror steps, not the user's. */
  readonly managedRoutes?: readonly string[];
}

/** Documents by `kind/name`; `null` when it does not exist. */
export type Documents = ReadonlyMap<string, RoutingDocument | null>;

export function documentKey(ref: { kind: string; name: string }): string {
  return `${ref.kind}/${ref.name}`;
}

/** What to write: a document to create, the whole edited document to put back, or a document the router owns to delete. */
export interface DocumentWrite {
  readonly op: 'create' | 'replace' | 'delete';
  readonly kind: RoutingKind;
  readonly document: RoutingDocument;
}

/** A transform's answer: the writes that bring the documents to the desired state, or why it cannot. */
export type TransformResult =
  | { readonly ok: true; readonly writes: readonly DocumentWrite[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * One traffic router, configured by its block of `spec.strategy.canary.trafficRouting`.
 * `transform` and `read` are pure and never throw: a document that lacks what the config names
 * is a problem naming the field.
 */
export interface TrafficRouter<Config> {
  /** The manifest field name (`istio`, `nginx`), also the folder's name. */
  readonly type: string;
  /** The configuration block's field path, when it is not `spec.strategy.canary.trafficRouting.<type>` (a plugin's). */
  readonly configPath?: string;
  /** The documents to read before transforming. */
  documents(rollout: RoutedRollout, config: Config): readonly DocumentRef[];
  /** The writes that make the documents route `desired`; none when they already do. */
  transform(rollout: RoutedRollout, config: Config, docs: Documents, desired: DesiredTraffic): TransformResult;
  /** The weights the documents route now; undefined when they do not say (a document missing). */
  read(rollout: RoutedRollout, config: Config, docs: Documents): RoutedWeights | undefined;
  /**
   * Optional: the header and mirror routes this router can create (`kinds`), and the pure
   * transform that puts them in place, in `managed` order ahead of the other routes, and removes
   * the ones no longer wanted. It runs on the documents as the weight transform left them. A
   * router without it is held (src/api/supported.ts) when a step asks it for such a route.
   */
  readonly managedRoutes?: ManagedRouteSupport<Config>;
  /**
   * Optional: true when `transform` routes `DesiredTraffic.additional` (an experiment's weighted
   * templates). A router without it is held (src/api/supported.ts) when a template has a weight.
   */
  readonly routesAdditionalDestinations?: boolean;
}

export interface ManagedRouteSupport<Config> {
  readonly kinds: readonly ManagedRouteKind[];
  transform(rollout: RoutedRollout, config: Config, docs: Documents, desired: DesiredRoutes): TransformResult;
}
