// The one contract between the dashboard's server and its browser app: endpoints, bodies and the
// pushed events. The server implements it, the app imports only these types, and a recorded
// client of the same contract lets the app run without a cluster.

import type { RolloutCard, RolloutDetail } from '../views/index.js';

export type { RolloutCard, RolloutDetail };

/** What the server tells the app at start. */
export interface DashboardConfig {
  readonly readOnly: boolean;
  /** Namespaces shown; empty means all. */
  readonly namespaces: readonly string[];
  /** The identity actions are recorded under (the kubeconfig user or the ServiceAccount). */
  readonly identity: string;
  /** Whether actions need the token (always when the server listens beyond loopback). */
  readonly tokenRequired: boolean;
}

export const ACTION_NAMES = ['promote', 'promote-full', 'abort', 'retry', 'pause', 'resume', 'restart', 'set-image', 'undo'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export function isActionName(name: string): name is ActionName {
  return (ACTION_NAMES as readonly string[]).includes(name);
}

export interface ActionRequest {
  /** set-image: the container and its new image. */
  readonly container?: string;
  readonly image?: string;
  /** undo: the revision to go back to; the previous one when absent. */
  readonly toRevision?: number;
}

export interface ActionResult {
  readonly message: string;
}

export interface ApiError {
  readonly error: string;
}

export interface OverviewResponse {
  readonly rollouts: readonly RolloutCard[];
  /** Server time of the snapshot (ms). */
  readonly at: number;
}

/** Pushed over server-sent events at `/api/events`: the overview changed; these keys moved. */
export interface ChangePush {
  readonly type: 'rollouts';
  readonly rollouts: readonly RolloutCard[];
  /** `namespace/name` of each Rollout whose objects changed since the last push. */
  readonly changed: readonly string[];
  readonly at: number;
}

/** The header every action carries: a page of another site cannot set it (CSRF guard). */
export const CSRF_HEADER = 'x-kanary-csrf';

export const paths = {
  config: '/api/config',
  rollouts: '/api/rollouts',
  rollout: (namespace: string, name: string) => `/api/rollouts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
  action: (namespace: string, name: string, action: ActionName) =>
    `/api/rollouts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${action}`,
  events: '/api/events',
} as const;

/** The client side of the contract: the HTTP one and the recorded one both implement it. */
export interface DashboardApi {
  config(): Promise<DashboardConfig>;
  rollouts(): Promise<OverviewResponse>;
  rollout(namespace: string, name: string): Promise<RolloutDetail>;
  act(namespace: string, name: string, action: ActionName, body?: ActionRequest): Promise<ActionResult>;
  /** Calls `onPush` for every change until the returned function is called. */
  subscribe(onPush: (push: ChangePush) => void): () => void;
}

/**
 * A recorded snapshot of the contract's answers (`kanary dashboard record URL`): the app runs and
 * is tested from one with no cluster (web/recorded-api.ts).
 */
export interface Recording {
  readonly config: DashboardConfig;
  readonly rollouts: readonly RolloutCard[];
  /** By `namespace/name`. */
  readonly details: Readonly<Record<string, RolloutDetail>>;
}
