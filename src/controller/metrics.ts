// The controller's Prometheus metrics, with the names Argo Rollouts users' dashboards query.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ControllerMetrics {
  readonly registry: Registry;
  readonly rolloutInfo: Gauge<'namespace' | 'name' | 'strategy' | 'traffic_router' | 'phase'>;
  readonly reconcile: Histogram<'namespace' | 'name'>;
  readonly reconcileErrors: Counter<'namespace' | 'name'>;
  readonly events: Counter<'namespace' | 'name' | 'type' | 'reason'>;
  /** Events not written because their queue was full (they never hold up Rollout writes). */
  readonly eventsDropped: Counter<'reason'>;
  /** Sets rollout_info to 1 for the Rollout's current phase, dropping its other phases. */
  setInfo(namespace: string, name: string, strategy: string, trafficRouter: string, phase: string): void;
  /** Drops the series of a deleted Rollout, so metrics do not grow with churn. */
  forget(namespace: string, name: string): void;
}

export function controllerMetrics(registry = new Registry()): ControllerMetrics {
  collectDefaultMetrics({ register: registry });
  const rolloutInfo = new Gauge({ name: 'rollout_info', help: 'Information about a Rollout (1 per Rollout, labelled with its phase).',
    labelNames: ['namespace', 'name', 'strategy', 'traffic_router', 'phase'] as const, registers: [registry] });
  const reconcile = new Histogram({ name: 'rollout_reconcile', help: 'Rollout reconciliation time in seconds.',
    labelNames: ['namespace', 'name'] as const, buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] });
  const reconcileErrors = new Counter({ name: 'rollout_reconcile_error', help: 'Rollout reconciliations that failed.',
    labelNames: ['namespace', 'name'] as const, registers: [registry] });
  const events = new Counter({ name: 'rollout_events_total', help: 'Events recorded about Rollouts, by type and reason.',
    labelNames: ['namespace', 'name', 'type', 'reason'] as const, registers: [registry] });
  const eventsDropped = new Counter({ name: 'kanary_events_dropped_total', help: 'Events dropped because the event queue was full, by reason.',
    labelNames: ['reason'] as const, registers: [registry] });
  const PHASES = ['Healthy', 'Progressing', 'Paused', 'Degraded', ''];
  const known = new Map<string, { strategy: string; router: string }>();
  const dropInfo = (namespace: string, name: string) => {
    const k = known.get(`${namespace}/${name}`);
    if (!k) return;
    for (const phase of PHASES) rolloutInfo.remove({ namespace, name, strategy: k.strategy, traffic_router: k.router, phase });
  };
  return {
    registry, rolloutInfo, reconcile, reconcileErrors, events, eventsDropped,
    setInfo(namespace, name, strategy, trafficRouter, phase) {
      dropInfo(namespace, name);
      known.set(`${namespace}/${name}`, { strategy, router: trafficRouter });
      rolloutInfo.set({ namespace, name, strategy, traffic_router: trafficRouter, phase }, 1);
    },
    forget(namespace, name) {
      dropInfo(namespace, name);
      known.delete(`${namespace}/${name}`);
      reconcile.remove({ namespace, name });
      reconcileErrors.remove({ namespace, name });
    },
  };
}
