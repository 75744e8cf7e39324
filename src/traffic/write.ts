// The one writer every router shares: read the router's documents, let its pure transform say
// what changes, write that (a create, a whole-object replace guarded by resourceVersion, or the
// delete of a document the router owns).

import type { KubernetesObject } from '@kubernetes/client-node';
import type { Rollout } from '../api/types.js';
import type { KubeClients } from '../kube/client.js';
import { isAlreadyExists, isNotFound } from '../kube/errors.js';
import { apiVersionOf, atApiVersion, kinds, type ResourceType } from '../kube/resources.js';
import { routedRollout, routersOf, type ConfiguredRouter } from './index.js';
import {
  documentKey, type DocumentRef, type DesiredRoutes, type DesiredTraffic, type DocumentWrite, type Documents, type RoutedWeights, type RoutingDocument, type TransformResult,
} from './router.js';

/** A routing document cannot carry the weights: the problems name the spec field and what is wrong. */
export class TrafficRoutingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'TrafficRoutingError';
  }
}

/** One ResourceType per group, version and kind, so the clients' cache keeps one client for each. */
const versioned = new Map<string, ResourceType>();

function atVersion(base: ResourceType, apiVersion: string): ResourceType {
  const wanted = atApiVersion(base, apiVersion);
  const key = `${apiVersionOf(wanted)}/${base.kind}`;
  let type = versioned.get(key);
  if (!type) versioned.set(key, (type = wanted));
  return type;
}

/**
 * The type to read and write `ref` at: the first of its `apiVersions` that holds the document, or
 * else the first the API server serves (a list of one name answers both). A cluster moving from
 * Traefik v2 to v3 serves both groups, and the document may be in either.
 */
async function servedType(clients: KubeClients, namespace: string, ref: DocumentRef, configPath: string): Promise<ResourceType> {
  const base = kinds[ref.kind];
  if (!ref.apiVersions) return base;
  const tried: string[] = [];
  let firstServed: ResourceType | undefined;
  for (const version of ref.apiVersions) {
    const type = atVersion(base, version);
    tried.push(apiVersionOf(type));
    const holds = await clients.resource(type).list({ namespace, fieldSelector: `metadata.name=${ref.name}` }).then((l) => l.items.length > 0, (err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (holds) return type;
    if (holds === false) firstServed ??= type;
  }
  if (firstServed) return firstServed;
  throw new TrafficRoutingError([`${configPath}: the API server serves ${ref.kind} at none of ${tried.join(', ')}: is its CRD installed?`]);
}

interface ReadDocuments {
  readonly docs: Map<string, RoutingDocument | null>;
  /** The type each kind was read at, for writing it back. */
  readonly types: Map<string, ResourceType>;
}

async function readDocuments(clients: KubeClients, rollout: Rollout, configured: ConfiguredRouter): Promise<ReadDocuments> {
  const namespace = rollout.metadata?.namespace ?? 'default';
  const docs = new Map<string, RoutingDocument | null>();
  const types = new Map<string, ResourceType>();
  const configPath = configured.router.configPath ?? `spec.strategy.canary.trafficRouting.${configured.router.type}`;
  for (const ref of configured.router.documents(routedRollout(rollout), configured.config)) {
    const type = types.get(ref.kind) ?? await servedType(clients, namespace, ref, configPath);
    types.set(ref.kind, type);
    const doc = await clients.resource<KubernetesObject>(type).get({ namespace, name: ref.name }).catch((err: unknown) => {
      if (isNotFound(err)) return null;
      throw err;
    });
    docs.set(documentKey(ref), doc as RoutingDocument | null);
  }
  return { docs, types };
}

/**
 * The writes that bring the documents to `desired` weights and then to `routes` (a router without
 * managed routes leaves them alone: the spec check holds a Rollout that needs them from it). Two
 * writes of one document become one: the route transform starts from the weighted document.
 */
export function plannedWrites(configured: ConfiguredRouter, rollout: Rollout, docs: Documents, desired: DesiredTraffic, routes?: DesiredRoutes): TransformResult {
  const routed = routedRollout(rollout);
  const weights = configured.router.transform(routed, configured.config, docs, desired);
  const support = configured.router.managedRoutes;
  if (!weights.ok || !routes || !support) return weights;
  const after = new Map(docs);
  for (const w of weights.writes) after.set(documentKey({ kind: w.kind, name: w.document.metadata?.name ?? '' }), w.document);
  const routeWrites = support.transform(routed, configured.config, after, routes);
  if (!routeWrites.ok) return routeWrites;
  const merged = new Map<string, DocumentWrite>();
  for (const w of [...weights.writes, ...routeWrites.writes]) {
    const key = documentKey({ kind: w.kind, name: w.document.metadata?.name ?? '' });
    const earlier = merged.get(key);
    merged.set(key, earlier && w.op !== 'delete' ? { ...w, op: earlier.op } : w);
  }
  return { ok: true, writes: [...merged.values()] };
}

/**
 * Routes `desired` (and the header and mirror `routes`) through every router the Rollout names. Throws TrafficRoutingError when a
 * document lacks what the spec names (nothing is written for that router then), and the API's
 * error when a write fails (a Conflict: someone changed the document; the next reconcile retries).
 * Returns how many documents were written.
 */
export async function writeTraffic(clients: KubeClients, rollout: Rollout, desired: DesiredTraffic, routes?: DesiredRoutes,
  opts: { create?: boolean } = {}): Promise<number> {
  const { routers } = routersOf(rollout.spec?.strategy?.canary?.trafficRouting);
  let written = 0;
  for (const configured of routers) {
    const { docs, types } = await readDocuments(clients, rollout, configured);
    const result = plannedWrites(configured, rollout, docs, desired, routes);
    if (!result.ok) throw new TrafficRoutingError(result.problems);
    for (const write of result.writes) {
      if (write.op === 'create' && opts.create === false) continue;
      const type = types.get(write.kind) ?? kinds[write.kind];
      const client = clients.resource<KubernetesObject>(type);
      if (write.op === 'delete') {
        // Guarded like a replace: the document as it was read, so one changed meanwhile is a conflict.
        const { uid, resourceVersion } = write.document.metadata ?? {};
        const preconditions = { ...(typeof uid === 'string' ? { uid } : {}), ...(resourceVersion ? { resourceVersion } : {}) };
        await client.delete({ namespace: rollout.metadata?.namespace ?? 'default', name: write.document.metadata?.name ?? '' }, { preconditions }).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      } else if (write.op === 'create') {
        await client.create({ ...write.document, apiVersion: apiVersionOf(type), kind: type.kind } as KubernetesObject).catch((err: unknown) => {
          if (!isAlreadyExists(err)) throw err;
        });
      } else {
        await client.replace(write.document as KubernetesObject);
      }
      written++;
    }
  }
  return written;
}

/**
 * After a Rollout is deleted: every router it named sends all the traffic to the stable and its
 * header and mirror routes go, so nothing routes to pods the deletion takes away. Nothing is
 * created (a canary Ingress the Rollout owned is garbage-collected with it).
 */
export async function releaseTraffic(clients: KubeClients, rollout: Rollout): Promise<number> {
  const canary = rollout.spec?.strategy?.canary;
  const max = canary?.trafficRouting?.maxTrafficWeight ?? 100;
  const previous = rollout.status?.canary?.weights;
  const stableHash = rollout.status?.stableRS ?? previous?.stable.podTemplateHash;
  const desired: DesiredTraffic = {
    canary: { weight: 0, ...(canary?.canaryService ? { serviceName: canary.canaryService } : {}), ...(previous?.canary.podTemplateHash ? { podTemplateHash: previous.canary.podTemplateHash } : {}) },
    stable: { weight: max, ...(canary?.stableService ? { serviceName: canary.stableService } : {}), ...(stableHash ? { podTemplateHash: stableHash } : {}) },
    additional: [], maxWeight: max,
  };
  const managed = (canary?.trafficRouting?.managedRoutes ?? []).map((r) => r.name);
  return writeTraffic(clients, rollout, desired, managed.length > 0 ? { managed, routes: [], maxWeight: max } : undefined, { create: false });
}

/** The weights the Rollout's first router routes now, read from its documents; undefined without one. */
export async function readTraffic(clients: KubeClients, rollout: Rollout): Promise<RoutedWeights | undefined> {
  const first = routersOf(rollout.spec?.strategy?.canary?.trafficRouting).routers[0];
  if (!first) return undefined;
  const { docs } = await readDocuments(clients, rollout, first);
  return first.router.read(routedRollout(rollout), first.config, docs);
}
