// Blue-green Rollouts in the engine's in-memory world: a Rollout `web` with an active and a
// preview Service, settled at its first revision. Test support only.

import type { BlueGreenStrategy } from '../../../api/types.js';
import { rollout, settle, world, type World } from '../world.test-support.js';

export const ACTIVE = 'web-active';
export const PREVIEW = 'web-preview';

/** A blue-green World (3 replicas unless told), not yet planned. */
export function blueGreenWorld(bg: Partial<BlueGreenStrategy> = {}, replicas = 3): World {
  const blueGreen = { activeService: ACTIVE, previewService: PREVIEW, ...bg };
  return world(rollout({ replicas, spec: { strategy: { blueGreen } } }), {
    [ACTIVE]: { name: ACTIVE, selector: { app: 'web' } },
    [PREVIEW]: { name: PREVIEW, selector: { app: 'web' } },
  });
}

/** A blue-green World whose first revision is rolled out and Healthy. */
export function healthyBlueGreen(bg: Partial<BlueGreenStrategy> = {}, replicas = 3): World {
  const w = blueGreenWorld(bg, replicas);
  settle(w);
  return w;
}

/** The hash a Service selects. */
export function selects(w: World, service: string): string | undefined {
  return w.services[service]?.selector['rollouts-pod-template-hash'];
}

/** The hash of the ReplicaSet of a revision. */
export function hashOf(w: World, revision: number): string | undefined {
  return w.sets.find((rs) => rs.revision === revision)?.podHash;
}
