// The header and mirror routes a traffic-routed canary has at a step (`setHeaderRoute`,
// `setMirrorRoute` with `trafficRouting.managedRoutes`), computed from the steps alone so that
// planning again gives the same routes. Pure.

import type { CanaryStep, SetHeaderRoute, SetMirrorRoute } from '../../api/types.js';
import { DEFAULT_MAX_WEIGHT } from './canary-rounding.js';
import { currentSetWeight } from './canary-target.js';

/** One route to have: a header route to the canary, or a mirror route copying traffic to it. */
export type PlannedRoute =
  | { readonly kind: 'header'; readonly route: SetHeaderRoute & { readonly name: string } }
  | { readonly kind: 'mirror'; readonly route: SetMirrorRoute; readonly canaryWeight: number };

/** Every name in `managedRoutes` (precedence order) and the routes to have among them; the others are removed. */
export interface PlannedRoutes {
  readonly managed: readonly string[];
  readonly routes: readonly PlannedRoute[];
  readonly maxWeight: number;
}

export interface ManagedRoutesInput {
  readonly steps: readonly CanaryStep[];
  /** `status.currentStepIndex` after this plan's step machine. */
  readonly currentStepIndex: number;
  /** `trafficRouting.managedRoutes`. */
  readonly managedRoutes?: readonly { readonly name: string }[];
  readonly maxWeight?: number;
  /**
   * Whether the update is running with a canary that can take traffic: false once fully
   * promoted, aborted or promoted with --full (the routes go, as Argo removes them then), and
   * while the canary has no available pod (traffic never goes to pods that cannot serve it).
   */
  readonly active: boolean;
}

/**
 * The routes the steps up to and including the current one have set, each step replacing the
 * route of its name; a step with no `match` removes it. Undefined without `managedRoutes`:
 * there is nothing Kanary owns to set or remove.
 *
 *   [setWeight 20, setHeaderRoute h (x-canary: yes), pause], at 2   -> [header h]
 *   same, at 0                                                      -> []
 *   [setHeaderRoute h, setHeaderRoute h (no match)], at 1           -> []
 *   [setWeight 20, setMirrorRoute m 50%], at 1                      -> [mirror m, canary weight 20]
 *   any, aborted or fully promoted                                  -> []
 */
export function plannedManagedRoutes(input: ManagedRoutesInput): PlannedRoutes | undefined {
  const managed = (input.managedRoutes ?? []).map((r) => r.name);
  if (managed.length === 0) return undefined;
  const maxWeight = input.maxWeight ?? DEFAULT_MAX_WEIGHT;
  const routes = new Map<string, PlannedRoute>();
  const last = Math.min(input.currentStepIndex, input.steps.length - 1);
  for (let i = 0; input.active && i <= last; i++) {
    const step = input.steps[i];
    const header = step?.setHeaderRoute;
    const mirror = step?.setMirrorRoute;
    if (header?.name !== undefined) {
      routes.delete(header.name);
      if (header.match !== undefined && header.match.length > 0) routes.set(header.name, { kind: 'header', route: { ...header, name: header.name } });
    }
    if (mirror !== undefined) {
      routes.delete(mirror.name);
      const canaryWeight = currentSetWeight({ steps: input.steps, currentStepIndex: i, maxWeight });
      if (mirror.match !== undefined && mirror.match.length > 0) routes.set(mirror.name, { kind: 'mirror', route: mirror, canaryWeight });
    }
  }
  return { managed, routes: [...routes.values()], maxWeight };
}
