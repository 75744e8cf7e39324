// Which routes of a VirtualService a Rollout manages, and which of a route's destinations is the
// canary and which the stable: by host (host-level splitting) or by subset (subset-level).

import type { IstioTrafficRouting } from '../../api/types.js';
import type { RoutedRollout, RoutingDocument } from '../router.js';

export type IstioVirtualServiceConfig = NonNullable<IstioTrafficRouting['virtualService']>;

export interface IstioDestination {
  destination?: { host?: string; subset?: string; [field: string]: unknown };
  weight?: number;
  [field: string]: unknown;
}

export interface IstioRoute {
  name?: string;
  match?: { port?: number; sniHosts?: string[]; [field: string]: unknown }[];
  route?: IstioDestination[];
  [field: string]: unknown;
}

/** A managed route: where it sits in the document and the route itself. */
export interface ManagedRoute {
  readonly section: 'http' | 'tls' | 'tcp';
  readonly index: number;
  readonly route: IstioRoute;
  /** For messages: `HTTP route "primary"`, `TLS route 0`. */
  readonly label: string;
}

/** The VirtualServices the config names: `virtualService` and every `virtualServices[]` entry, with their field paths. */
export function virtualServicesOf(config: IstioTrafficRouting): { vs: IstioVirtualServiceConfig; path: string }[] {
  const base = 'spec.strategy.canary.trafficRouting.istio';
  return [
    ...(config.virtualService ? [{ vs: config.virtualService, path: `${base}.virtualService` }] : []),
    ...(config.virtualServices ?? []).map((vs, i) => ({ vs, path: `${base}.virtualServices[${i}]` })),
  ];
}

function section(doc: RoutingDocument, name: 'http' | 'tls' | 'tcp'): IstioRoute[] {
  const routes = doc.spec?.[name];
  return Array.isArray(routes) ? (routes as IstioRoute[]) : [];
}

/**
 * The routes of `doc` that `vs` names: HTTP routes by name (the single HTTP route when no names
 * are given and no TLS or TCP route is configured; header and mirror routes named in
 * `trafficRouting.managedRoutes` do not count), TLS routes by port and SNI hosts, TCP routes by
 * port. Each name or selector that matches nothing is a problem.
 */
export function managedRoutes(doc: RoutingDocument, vs: IstioVirtualServiceConfig, path: string, stepRoutes: readonly string[] = []):
  { routes: ManagedRoute[]; problems: string[] } {
  const routes: ManagedRoute[] = [];
  const problems: string[] = [];
  const http = section(doc, 'http');
  const names = vs.routes ?? [];
  if (names.length === 0 && !vs.tlsRoutes?.length && !vs.tcpRoutes?.length) {
    const candidates = http.flatMap((route, index) => (route.name !== undefined && stepRoutes.includes(route.name) ? [] : [{ route, index }]));
    const only = candidates[0];
    if (candidates.length === 1 && only) routes.push({ section: 'http', index: only.index, route: only.route, label: 'the HTTP route' });
    else problems.push(`${path}.routes: VirtualService "${vs.name}" has ${candidates.length} HTTP routes; name the ones to route`);
  }
  names.forEach((name, i) => {
    const index = http.findIndex((r) => r.name === name);
    const route = http[index];
    if (route) routes.push({ section: 'http', index, route, label: `HTTP route "${name}"` });
    else problems.push(`${path}.routes[${i}]: VirtualService "${vs.name}" has no HTTP route named "${name}"`);
  });
  (vs.tlsRoutes ?? []).forEach((want, i) => {
    const found = section(doc, 'tls').flatMap((route, index) => {
      const hit = (route.match ?? []).some((m) => (want.port === undefined || m.port === want.port)
        && (want.sniHosts ?? []).every((h) => (m.sniHosts ?? []).includes(h)));
      return hit ? [{ section: 'tls' as const, index, route, label: `TLS route ${index}` }] : [];
    });
    if (found.length === 0) problems.push(`${path}.tlsRoutes[${i}]: VirtualService "${vs.name}" has no TLS route matching port ${want.port ?? 'any'} and SNI hosts [${(want.sniHosts ?? []).join(', ')}]`);
    routes.push(...found);
  });
  (vs.tcpRoutes ?? []).forEach((want, i) => {
    const found = section(doc, 'tcp').flatMap((route, index) => {
      const hit = (route.match ?? []).some((m) => want.port === undefined || m.port === want.port);
      return hit ? [{ section: 'tcp' as const, index, route, label: `TCP route ${index}` }] : [];
    });
    if (found.length === 0) problems.push(`${path}.tcpRoutes[${i}]: VirtualService "${vs.name}" has no TCP route matching port ${want.port ?? 'any'}`);
    routes.push(...found);
  });
  return { routes, problems };
}

/** How destinations are told apart: by Service host, or by DestinationRule subset. */
export interface DestinationMatcher {
  readonly canary: (d: IstioDestination) => boolean;
  readonly stable: (d: IstioDestination) => boolean;
  readonly describeCanary: string;
  readonly describeStable: string;
}

/** `my-svc` names the host `my-svc` and its longer forms (`my-svc.ns`, `my-svc.ns.svc.cluster.local`). */
export function hostIs(host: string | undefined, service: string | undefined): boolean {
  return host !== undefined && service !== undefined && service !== '' && (host === service || host.startsWith(`${service}.`));
}

export function destinationMatcher(rollout: RoutedRollout, config: IstioTrafficRouting): DestinationMatcher {
  const rule = config.destinationRule;
  if (rule) {
    return {
      canary: (d) => d.destination?.subset === rule.canarySubsetName,
      stable: (d) => d.destination?.subset === rule.stableSubsetName,
      describeCanary: `subset "${rule.canarySubsetName}"`,
      describeStable: `subset "${rule.stableSubsetName}"`,
    };
  }
  return {
    canary: (d) => hostIs(d.destination?.host, rollout.canaryService),
    stable: (d) => hostIs(d.destination?.host, rollout.stableService),
    describeCanary: `host "${rollout.canaryService ?? ''}"`,
    describeStable: `host "${rollout.stableService ?? ''}"`,
  };
}
