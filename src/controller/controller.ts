// What a controller supplies to the manager: the informers it watches (wired to its own work
// queue), its queue settings and its reconciler. The manager runs every registered controller
// the same way; adding one is a file and a line in controllers.ts.

import type { KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { KubeClients } from '../kube/client.js';
import type { EventRecorder } from '../kube/events.js';
import type { InformerFactory } from '../kube/informer-factory.js';
import type { Informer } from '../kube/informer.js';
import type { ProcessKey } from '../kube/queue.js';
import type { ControllerMetrics } from './metrics.js';

/** What every controller of the process shares. Informers come from one factory, so two controllers watching the same kind cost one watch. */
export interface ControllerContext {
  readonly clients: KubeClients;
  readonly informers: InformerFactory;
  /** Watch one namespace only; all when unset. */
  readonly namespace?: string;
  /** `--instance-id`: handle only objects with Argo's controller-instance-id label. */
  readonly instanceId?: string;
  readonly recorder: EventRecorder;
  readonly metrics: ControllerMetrics;
  readonly log: Logger;
  readonly now: () => number;
}

/** The controller's own work queue, as its informer handlers see it. */
export interface ControllerQueue {
  add(key: string): void;
  /** A person's change: ahead of status churn. */
  addUrgent(key: string): void;
}

export interface QueueSettings {
  /** Keys reconciled at the same time. */
  readonly workers: number;
  /** The health endpoint fails when the queue holds work but has made no progress for this long; unset: never. */
  readonly stuckAfterMs?: number;
}

/** What `setup` returns: the reconciler and what the manager needs to run and stop it. */
export interface RunnableController {
  readonly reconcile: ProcessKey;
  /** Informers the health endpoint waits on until they have synced. */
  readonly informers: readonly Informer<KubernetesObject>[];
  /** Called on stop, before the queue drains (to cut short work in flight). */
  readonly stopping?: () => void;
}

export interface ControllerRegistration {
  /** Names the controller in logs: `rollout`, `analysisrun`. */
  readonly name: string;
  /** Queue settings; `workers` is the `--workers` flag and `analysisThreads` the `--analysis-threads` flag, when given. */
  readonly queue: (flags: { readonly workers?: number; readonly analysisThreads?: number }) => QueueSettings;
  /** Creates its informers (from `ctx.informers`), wires their events to `queue`, and returns its reconciler. */
  readonly setup: (ctx: ControllerContext, queue: ControllerQueue) => RunnableController;
}
