// The typed resource accessor every part of Kanary uses to talk to the apiserver: one generic
// client per resource type, rate-limited, counted by kind/verb/code, errors classified once.
import { existsSync } from 'node:fs';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Registry } from 'prom-client';
import { realClock, sleep, type Clock } from './clock.js';
import { KubeError, classify } from './errors.js';
import { KubeConfig, type KubeAccess } from './kubeconfig.js';
import { apiCallCounter, type ApiCallCounter, type ApiVerb } from './metrics.js';
import { apiVersionOf, resourcePath, type ResourceType } from './resources.js';
import { TokenBucket } from './token-bucket.js';
import { KubeConfigTransport, type HttpRequest, type StreamHandle, type Transport } from './transport.js';

export interface LoadKubeConfigOptions {
  /** Path of a kubeconfig file; wins over everything else. */
  kubeconfig?: string;
  /** Context to use instead of the file's current-context. */
  context?: string;
}

/** Loads credentials like client-go: explicit file, then $KUBECONFIG, then in-cluster, then ~/.kube/config. */
export function loadKubeConfig(opts: LoadKubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else if (process.env.KUBECONFIG) kc.loadFromDefault();
  else if (process.env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) kc.loadFromCluster();
  else kc.loadFromDefault();
  if (opts.context) kc.setCurrentContext(opts.context);
  if (!kc.getCurrentCluster()) throw new Error('no Kubernetes cluster configured (kubeconfig, KUBECONFIG or in-cluster)');
  return kc;
}

export interface ObjectRef {
  namespace?: string;
  name: string;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; `list` follows continue tokens until the end. Default 500. */
  limit?: number;
}

export interface ListResult<T> {
  items: T[];
  /** The collection's resourceVersion: where a watch should start. */
  resourceVersion: string;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /** The apiserver closes the watch after this long. */
  timeoutSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One watch event; for ERROR the object is the apiserver's Status. */
export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

export type JsonPatchOp =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { resourceVersion?: string; uid?: string };
  gracePeriodSeconds?: number;
}

/** Everything Kanary does to one resource type. Every method throws a classified KubeError. */
export interface ResourceClient<T extends KubernetesObject> {
  readonly type: ResourceType;
  get(ref: ObjectRef): Promise<T>;
  list(opts?: ListOptions): Promise<ListResult<T>>;
  create(obj: T): Promise<T>;
  /** POST to a subresource of one object, e.g. a Pod's `eviction`; resolves the response body. */
  createSubresource(ref: ObjectRef, subresource: string, body: unknown): Promise<unknown>;
  /** PUT: fails with Conflict when `obj.metadata.resourceVersion` is not the current one. */
  replace(obj: T): Promise<T>;
  mergePatch(ref: ObjectRef, patch: unknown): Promise<T>;
  jsonPatch(ref: ObjectRef, ops: JsonPatchOp[]): Promise<T>;
  /** Merge patch on the `/status` subresource, or on the object itself for a type without one (`statusInline`). */
  patchStatus(ref: ObjectRef, patch: unknown): Promise<T>;
  delete(ref: ObjectRef, opts?: DeleteOptions): Promise<void>;
  /** Server-side apply: creates or updates the fields `fieldManager` owns. */
  apply(obj: T, opts: { fieldManager: string; force?: boolean }): Promise<T>;
  watch(opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void, onClose: (err?: KubeError) => void): StreamHandle;
}

export interface KubeClientsOptions {
  /** Client-side limit on requests per second (0 turns the limit off). Default 40. */
  qps?: number;
  /** Requests allowed at once after a quiet period. Default 80. */
  burst?: number;
  /** Where `kanary_k8s_api_calls_total` is registered; prom-client's default registry when omitted. */
  registry?: Registry;
  /** Replaces the HTTP layer (tests). */
  transport?: Transport;
  clock?: Clock;
  /** The kubeconfig file to reload when it changes (rotated credentials). */
  kubeconfigPath?: string;
  /** Its context, when not the file's current one. */
  context?: string;
  /** Sent as User-Agent on every request. */
  userAgent?: string;
  /** Times a request answered 429 is sent again, after the server's Retry-After. Default 5. */
  maxRetriesOn429?: number;
}

/** How one resource client differs from the shared ones. */
export interface ResourceClientOptions {
  /** Its own rate limit instead of the shared one (the leader's Lease, so renewals never queue behind reconciles). */
  limiter?: TokenBucket;
  /** Not stopped by the write fence (only the Lease that proves leadership). */
  unfenced?: boolean;
  /** Whole-request timeout. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Throws when this process may not write now. Set by the controller under leader election:
 * a leader that cannot prove its lease writes nothing (docs/reliability.md).
 */
export type WriteFence = () => void;

/** The error a fenced write fails with: transient, so the work is retried (or drained) later. */
export function fencedWrite(reason: string): KubeError {
  return new KubeError('Transient', `write refused: ${reason}`, 0, [], 'WriteFenced');
}

/** The shared I/O handles of one process. */
export interface KubeClients {
  kc: KubeAccess;
  transport: Transport;
  limiter: TokenBucket;
  apiCalls: ApiCallCounter;
  /** The shared client of a type; with options, a separate one (its own limiter, fence, timeout). */
  resource<T extends KubernetesObject = KubernetesObject>(type: ResourceType, options?: ResourceClientOptions): ResourceClient<T>;
  /** Every later write (create, update, patch, delete) of a fenced client runs `fence` first. */
  setWriteFence(fence: WriteFence | undefined): void;
}

export function createKubeClients(kc: KubeAccess, opts: KubeClientsOptions = {}): KubeClients {
  const transport = opts.transport ?? new KubeConfigTransport(kc, {
    ...(opts.kubeconfigPath ? { kubeconfigPath: opts.kubeconfigPath } : {}),
    ...(opts.context ? { context: opts.context } : {}),
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
  });
  const limiter = new TokenBucket({ qps: opts.qps ?? 40, burst: opts.burst ?? 80, ...(opts.clock ? { clock: opts.clock } : {}) });
  const apiCalls = apiCallCounter(opts.registry);
  const cache = new Map<ResourceType, ResourceClient<KubernetesObject>>();
  let fence: WriteFence | undefined;
  const shared: CallSettings = {
    transport, counter: apiCalls, clock: opts.clock ?? realClock, maxRetriesOn429: opts.maxRetriesOn429 ?? 5, fence: () => fence?.(),
  };
  return {
    kc, transport, limiter, apiCalls,
    resource<T extends KubernetesObject>(type: ResourceType, options?: ResourceClientOptions): ResourceClient<T> {
      if (options) {
        return new HttpResourceClient<T>(type, {
          ...shared, limiter: options.limiter ?? limiter,
          ...(options.unfenced ? { fence: undefined } : {}),
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        });
      }
      let c = cache.get(type);
      if (!c) cache.set(type, (c = new HttpResourceClient(type, { ...shared, limiter })));
      return c as ResourceClient<T>;
    },
    setWriteFence(f) {
      fence = f;
    },
  };
}

interface CallSettings {
  transport: Transport;
  counter: ApiCallCounter;
  clock: Clock;
  maxRetriesOn429: number;
  fence?: WriteFence;
  limiter?: TokenBucket;
  timeoutMs?: number;
}

/** How long to wait before sending a request answered 429 again: the server's word, else 1 s; at most 60 s. */
export function retryDelayMs(res: { retryAfterSeconds?: number; body?: unknown }): number {
  const fromBody = (res.body as { details?: { retryAfterSeconds?: number } } | undefined)?.details?.retryAfterSeconds;
  const seconds = res.retryAfterSeconds ?? (typeof fromBody === 'number' ? fromBody : 1);
  return Math.min(60, Math.max(0, seconds)) * 1000;
}

const mergePatchType = 'application/merge-patch+json';
const jsonPatchType = 'application/json-patch+json';

class HttpResourceClient<T extends KubernetesObject> implements ResourceClient<T> {
  private readonly transport: Transport;
  private readonly counter: ApiCallCounter;

  constructor(
    readonly type: ResourceType,
    private readonly settings: CallSettings & { limiter: TokenBucket },
  ) {
    this.transport = settings.transport;
    this.counter = settings.counter;
  }

  /**
   * One API call: rate-limited, fenced when it writes, and sent again after the server's
   * Retry-After when answered 429 (the request was not processed, so any verb may repeat).
   */
  private async call(verb: ApiVerb, req: HttpRequest): Promise<unknown> {
    const { fence, timeoutMs, maxRetriesOn429, clock } = this.settings;
    const sent: HttpRequest = {
      ...req,
      ...(fence && req.method !== 'GET' ? { beforeSend: fence } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      await this.settings.limiter.take();
      let status = 0;
      try {
        const res = await this.transport.request(sent);
        status = res.status;
        if (status === 429 && attempt < maxRetriesOn429) {
          await sleep(clock, retryDelayMs(res));
          continue;
        }
        if (status < 200 || status >= 300) throw KubeError.fromResponse(status, res.body, `${verb} ${this.type.kind}`);
        return res.body;
      } catch (err) {
        throw classify(err);
      } finally {
        this.counter.inc({ kind: this.type.kind, verb, code: String(status) });
      }
    }
  }

  private path(ref: ObjectRef, sub?: string): string {
    return resourcePath(this.type, ref.namespace, ref.name, sub);
  }

  async get(ref: ObjectRef): Promise<T> {
    return (await this.call('get', { method: 'GET', path: this.path(ref) })) as T;
  }

  async list(opts: ListOptions = {}): Promise<ListResult<T>> {
    const items: T[] = [];
    let resourceVersion = '';
    let cont: string | undefined;
    do {
      const page = (await this.call('list', {
        method: 'GET',
        path: resourcePath(this.type, opts.namespace),
        query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: opts.limit ?? 500, continue: cont },
      })) as { items?: T[]; metadata?: { resourceVersion?: string; continue?: string } };
      // Items in a list carry no apiVersion/kind; handlers downstream expect them.
      for (const item of page.items ?? []) items.push({ ...item, apiVersion: apiVersionOf(this.type), kind: this.type.kind });
      resourceVersion ||= page.metadata?.resourceVersion ?? '';
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return { items, resourceVersion };
  }

  async create(obj: T): Promise<T> {
    const path = resourcePath(this.type, obj.metadata?.namespace);
    return (await this.call('create', { method: 'POST', path, body: this.withTypeMeta(obj) })) as T;
  }

  async createSubresource(ref: ObjectRef, subresource: string, body: unknown): Promise<unknown> {
    return this.call('create', { method: 'POST', path: this.path(ref, subresource), body });
  }

  async replace(obj: T): Promise<T> {
    const path = this.path({ namespace: obj.metadata?.namespace, name: obj.metadata?.name ?? '' });
    return (await this.call('update', { method: 'PUT', path, body: this.withTypeMeta(obj) })) as T;
  }

  async mergePatch(ref: ObjectRef, patch: unknown): Promise<T> {
    return (await this.call('patch', { method: 'PATCH', path: this.path(ref), body: patch, contentType: mergePatchType })) as T;
  }

  async jsonPatch(ref: ObjectRef, ops: JsonPatchOp[]): Promise<T> {
    return (await this.call('patch', { method: 'PATCH', path: this.path(ref), body: ops, contentType: jsonPatchType })) as T;
  }

  async patchStatus(ref: ObjectRef, patch: unknown): Promise<T> {
    return (await this.call('patch', {
      method: 'PATCH', path: this.path(ref, this.type.statusInline ? undefined : 'status'), body: patch, contentType: mergePatchType,
    })) as T;
  }

  async delete(ref: ObjectRef, opts: DeleteOptions = {}): Promise<void> {
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...opts };
    await this.call('delete', { method: 'DELETE', path: this.path(ref), body });
  }

  async apply(obj: T, opts: { fieldManager: string; force?: boolean }): Promise<T> {
    const path = this.path({ namespace: obj.metadata?.namespace, name: obj.metadata?.name ?? '' });
    return (await this.call('apply', {
      method: 'PATCH', path, body: this.withTypeMeta(obj), contentType: 'application/apply-patch+yaml',
      query: { fieldManager: opts.fieldManager, force: opts.force },
    })) as T;
  }

  watch(opts: WatchOptions, onEvent: (e: WatchEvent<T>) => void, onClose: (err?: KubeError) => void): StreamHandle {
    let counted = false;
    const count = (status: number) => {
      if (counted) return;
      counted = true;
      this.counter.inc({ kind: this.type.kind, verb: 'watch', code: String(status) });
    };
    return this.transport.stream({
      method: 'GET',
      path: resourcePath(this.type, opts.namespace),
      query: {
        watch: true, resourceVersion: opts.resourceVersion, allowWatchBookmarks: opts.allowWatchBookmarks,
        labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, timeoutSeconds: opts.timeoutSeconds,
      },
    }, {
      onResponse: (status) => count(status),
      onLine: (line) => onEvent(line as WatchEvent<T>),
      onClose: (err) => {
        if (err !== undefined) count(0);
        onClose(err === undefined ? undefined : classify(err));
      },
    });
  }

  private withTypeMeta(obj: T): T {
    return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(this.type), kind: obj.kind ?? this.type.kind };
  }
}
