// The API-call counter. Labelled by kind, verb and HTTP code only: per-object labels have
// exhausted controllers' memory (docs/architecture.md).
import { Counter, register as globalRegistry, type Registry } from 'prom-client';

export type ApiVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'apply' | 'delete';

export type ApiCallCounter = Counter<'kind' | 'verb' | 'code'>;

export const apiCallsMetricName = 'kanary_k8s_api_calls_total';

/** The counter in `registry` (prom-client's default when omitted), created on first use. */
export function apiCallCounter(registry: Registry = globalRegistry): ApiCallCounter {
  const existing = registry.getSingleMetric(apiCallsMetricName);
  if (existing) return existing as ApiCallCounter;
  return new Counter({
    name: apiCallsMetricName,
    help: 'Kubernetes API calls made by Kanary, by kind, verb and HTTP status code (0: no response).',
    labelNames: ['kind', 'verb', 'code'] as const,
    registers: [registry],
  });
}
