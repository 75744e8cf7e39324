// The traffic block of `get rollout` for a traffic-routed canary: the weights the controller set
// (`status.canary.weights`), the weights the router's documents route now (read from them by the
// CLI), and whether the router verified them. Pure.

import type { Rollout } from '../api/types.js';

/** What the router's documents route now (src/traffic's readTraffic). */
export interface RoutedWeightsView {
  readonly canary: number;
  readonly stable: number;
  readonly additional: readonly { readonly weight: number; readonly serviceName?: string }[];
}

export interface TrafficWeightsView {
  /** "canary 20, stable 80" (and each additional destination), or "none yet". */
  readonly set: string;
  /** The same for the documents; "not readable" when they could not be read. */
  readonly routed: string;
  /** "yes", "no", or "not reported" (only some routers verify). */
  readonly verified: string;
  /** The documents route something other than what was set (a hand edit, a write not yet made). */
  readonly differs: boolean;
}

function describe(w: { canary: number; stable: number; additional?: readonly { weight: number; serviceName?: string }[] }): string {
  return [`canary ${w.canary}`, `stable ${w.stable}`, ...(w.additional ?? []).map((a) => `${a.serviceName ?? 'additional'} ${a.weight}`)].join(', ');
}

/**
 * The three facts, or undefined for a Rollout without traffic routing.
 *
 *   set 20/80, routed 20/80, verified unset  -> set "canary 20, stable 80", routed the same, verified "not reported"
 *   set 20/80, routed 0/100                  -> differs
 *   no weights yet, documents unreadable     -> set "none yet", routed "not readable"
 */
export function trafficWeightsView(rollout: Rollout, routed: RoutedWeightsView | undefined): TrafficWeightsView | undefined {
  if (!rollout.spec?.strategy?.canary?.trafficRouting) return undefined;
  const weights = rollout.status?.canary?.weights;
  const set = weights ? { canary: weights.canary.weight, stable: weights.stable.weight, additional: weights.additional ?? [] } : undefined;
  const verified = weights?.verified === undefined ? 'not reported' : weights.verified ? 'yes' : 'no';
  return {
    set: set ? describe(set) : 'none yet',
    routed: routed ? describe(routed) : 'not readable',
    verified,
    differs: set !== undefined && routed !== undefined && describe(set) !== describe(routed),
  };
}
