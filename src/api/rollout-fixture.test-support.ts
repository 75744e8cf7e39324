// The one builder of Rollout test fixtures: a canary Rollout named `web` (by default) that
// selects `app: <name>`, runs one container, and takes overrides at every level. Engine, view,
// validation and end-to-end tests specialise it with arguments. Test support only.

import type { Rollout, RolloutStatus } from './types.js';

export interface RolloutFixture {
  /** `metadata.name`, also the `app` label, the container name and the image's name. Default `web`. */
  readonly name?: string;
  readonly namespace?: string;
  /** Default 5. */
  readonly replicas?: number;
  /** Default `<name>:1`. */
  readonly image?: string;
  /** `strategy.canary.steps` (or those in `canary`). Default none. */
  readonly steps?: readonly unknown[];
  /** Merged into `spec.strategy.canary` (services, traffic routing, analysis, ...). */
  readonly canary?: Readonly<Record<string, unknown>>;
  /** Merged into `spec` last: replaces a whole `strategy`, adds `revisionHistoryLimit`, ... */
  readonly spec?: Readonly<Record<string, unknown>>;
  /** Merged into `metadata` (generation, uid, labels, ...). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly status?: RolloutStatus;
}

/**
 * A Rollout for a test. rolloutFixture() is 5 replicas of web:1 with no steps;
 * rolloutFixture({ steps: [{ setWeight: 20 }], canary: { stableService: 's' } }) adds a step and a Service.
 */
export function rolloutFixture(o: RolloutFixture = {}): Rollout {
  const name = o.name ?? 'web';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), ...(o.metadata ?? {}) },
    spec: {
      replicas: o.replicas ?? 5,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: o.image ?? `${name}:1` }] } },
      strategy: { canary: { ...(o.canary ?? {}), steps: [...(o.steps ?? (o.canary?.['steps'] as unknown[] | undefined) ?? [])] } },
      ...(o.spec ?? {}),
    },
    ...(o.status !== undefined ? { status: o.status } : {}),
  } as Rollout;
}
