// Kubernetes Events for what the controller does (`kubectl describe rollout` shows them). A repeat
// of the same (object, type, reason, message) bumps count and lastTimestamp of the existing Event
// instead of creating another, so a hot loop cannot flood etcd with Events. Events go through a
// client with a rate limit of its own and wait in a bounded queue: they trail behind, and never
// hold up the writes that move a Rollout (dropped, and counted, when the queue is full).
import { formatTimestamp } from '../api/timestamp.js';
import type { KubernetesObject } from '@kubernetes/client-node';
import { realClock, type Clock } from './clock.js';
import type { KubeClients, ResourceClient } from './client.js';
import { classify } from './errors.js';
import { kinds } from './resources.js';
import { TokenBucket } from './token-bucket.js';

export type EventType = 'Normal' | 'Warning';

/** A core/v1 Event as sent over JSON. */
export interface CoreEvent extends KubernetesObject {
  involvedObject: { apiVersion?: string; kind?: string; name?: string; namespace?: string; uid?: string; resourceVersion?: string };
  type: EventType;
  reason: string;
  message: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

export interface EventRecorderOptions {
  events: Pick<ResourceClient<CoreEvent>, 'create' | 'mergePatch'>;
  /** Default `kanary-controller`. */
  component?: string;
  /** The process (pod name); shown as source.host and reportingInstance. */
  instance?: string;
  clock?: Clock;
  /** How many (object, reason, message) series to remember for aggregation. Default 4096. */
  maxSeries?: number;
  log?: { warn(obj: object, msg: string): void };
  /** Events waiting to be written at most; past it an event is dropped. Default 1000 (client-go's). */
  maxQueued?: number;
  /** Called for each event dropped because the queue was full. */
  onDrop?: (reason: string) => void;
}

export interface EventBudget {
  /** Event writes per second. */
  qps: number;
  /** Event writes at once after a quiet period. */
  burst: number;
  clock?: Clock;
}

/**
 * The Events client of a process: a separate client with its own token bucket, so a burst of
 * Events is never queued in front of the writes that move Rollouts (which keep the shared one).
 */
export function eventsClient(clients: KubeClients, budget: EventBudget): ResourceClient<CoreEvent> {
  const limiter = new TokenBucket({ qps: budget.qps, burst: budget.burst, ...(budget.clock ? { clock: budget.clock } : {}) });
  return clients.resource<CoreEvent>(kinds.Event, { limiter });
}

/** Kept short: events are read by people, and the apiserver bounds them. */
export const maxEventMessageLength = 1024;

interface Series {
  namespace: string;
  name: string;
  count: number;
}

export class EventRecorder {
  private readonly series = new Map<string, Series>();
  /** Serializes writes per series so two repeats never both create. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly clock: Clock;
  private seq = 0;
  private queued = 0;
  private droppedCount = 0;

  constructor(private readonly opts: EventRecorderOptions) {
    this.clock = opts.clock ?? realClock;
  }

  /** Events dropped so far because the queue was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Events accepted and not yet written (or failed). */
  get pending(): number {
    return this.queued;
  }

  /**
   * Records an event about `obj`. Never rejects: a failed event is logged, never a failed
   * reconcile. When `maxQueued` events already wait, this one is dropped and counted.
   */
  record(obj: KubernetesObject, type: EventType, reason: string, message: string): Promise<void> {
    if (this.queued >= (this.opts.maxQueued ?? 1000)) {
      this.droppedCount++;
      this.opts.onDrop?.(reason);
      if (this.droppedCount === 1 || this.droppedCount % 1000 === 0) {
        this.opts.log?.warn({ dropped: this.droppedCount, reason }, 'event queue full: dropping events');
      }
      return Promise.resolve();
    }
    this.queued++;
    const msg = message.length > maxEventMessageLength ? `${message.slice(0, maxEventMessageLength - 3)}...` : message;
    const m = obj.metadata ?? {};
    const key = [m.uid ?? `${m.namespace ?? ''}/${m.name ?? ''}`, obj.kind ?? '', type, reason, msg].join('\u0000');
    const prev = this.inFlight.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.write(key, obj, type, reason, msg)).catch((err: unknown) => {
      const e = classify(err);
      this.opts.log?.warn({ kind: e.kind, err: e.message, reason }, 'could not record event');
    });
    this.inFlight.set(key, next);
    void next.then(() => {
      this.queued--;
      if (this.inFlight.get(key) === next) this.inFlight.delete(key);
    });
    return next;
  }

  normal(obj: KubernetesObject, reason: string, message: string): Promise<void> {
    return this.record(obj, 'Normal', reason, message);
  }

  warning(obj: KubernetesObject, reason: string, message: string): Promise<void> {
    return this.record(obj, 'Warning', reason, message);
  }

  private async write(key: string, obj: KubernetesObject, type: EventType, reason: string, message: string): Promise<void> {
    const now = formatTimestamp(this.clock.now());
    const known = this.series.get(key);
    if (known) {
      try {
        await this.opts.events.mergePatch(
          { namespace: known.namespace, name: known.name },
          { count: known.count + 1, lastTimestamp: now },
        );
        known.count++;
        this.touch(key, known);
        return;
      } catch (err) {
        // The Event expired (the apiserver's event TTL) or was deleted: start a new series.
        if (classify(err).kind !== 'NotFound') throw err;
        this.series.delete(key);
      }
    }
    const m = obj.metadata ?? {};
    const namespace = m.namespace || 'default';
    const component = this.opts.component ?? 'kanary-controller';
    const created = await this.opts.events.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.eventName(m.name ?? 'object'), namespace },
      involvedObject: {
        apiVersion: obj.apiVersion, kind: obj.kind, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion,
      },
      type, reason, message, count: 1, firstTimestamp: now, lastTimestamp: now,
      source: { component, ...(this.opts.instance ? { host: this.opts.instance } : {}) },
      reportingComponent: component,
      reportingInstance: this.opts.instance ?? component,
    });
    this.touch(key, { namespace, name: created.metadata?.name ?? '', count: 1 });
  }

  /** Like client-go: `<object>.<hex nanoseconds>`, plus a sequence so two events in one millisecond differ. */
  private eventName(objectName: string): string {
    const nanos = BigInt(this.clock.now()) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    return `${objectName.slice(0, 200)}.${nanos.toString(16)}`;
  }

  private touch(key: string, s: Series): void {
    this.series.delete(key);
    this.series.set(key, s);
    const max = this.opts.maxSeries ?? 4096;
    while (this.series.size > max) this.series.delete(this.series.keys().next().value as string);
  }
}
