// The metric providers Kanary implements, keyed by the manifest field that selects them
// (`provider.prometheus`, `provider.graphite`, ...). Adding one adds a folder and a line.
import type { MetricProvider as MetricProviderSpec } from '../api/types.js';
import { cloudWatchProvider } from './cloudwatch/index.js';
import { datadogProvider } from './datadog/index.js';
import { graphiteProvider } from './graphite/index.js';
import { influxdbProvider } from './influxdb/index.js';
import { jobProvider } from './job/index.js';
import { kayentaProvider } from './kayenta/index.js';
import { newRelicProvider } from './newrelic/index.js';
import { prometheusProvider } from './prometheus/index.js';
import type { MetricProvider } from './provider.js';
import { skyWalkingProvider } from './skywalking/index.js';
import { wavefrontProvider } from './wavefront/index.js';
import { webProvider } from './web/index.js';

export const metricProviders = {
  prometheus: prometheusProvider,
  web: webProvider,
  job: jobProvider,
  graphite: graphiteProvider,
  datadog: datadogProvider,
  newRelic: newRelicProvider,
  cloudWatch: cloudWatchProvider,
  influxdb: influxdbProvider,
  wavefront: wavefrontProvider,
  skywalking: skyWalkingProvider,
  kayenta: kayentaProvider,
} as const satisfies Record<string, MetricProvider>;

/** The provider names Kanary can measure with; the other names in the API are not implemented yet. */
export type ImplementedProviderName = keyof typeof metricProviders;

export function isImplementedProvider(name: string): name is ImplementedProviderName {
  return Object.hasOwn(metricProviders, name);
}

/**
 * The provider a metric's `provider` block selects, or why there is none.
 * providerFor({ prometheus: {...} }) -> { ok: true, name: 'prometheus', provider }
 */
export function providerFor(spec: MetricProviderSpec):
  | { ok: true; name: ImplementedProviderName; provider: MetricProvider }
  | { ok: false; message: string } {
  const names = Object.keys(spec).filter((k) => (spec as Record<string, unknown>)[k] !== undefined);
  if (names.length !== 1) return { ok: false, message: `a metric needs exactly one provider, got ${names.length ? names.join(', ') : 'none'}` };
  const name = names[0] as string;
  if (!isImplementedProvider(name)) {
    return { ok: false, message: `metric provider ${JSON.stringify(name)} is not supported by Kanary yet (supported: ${Object.keys(metricProviders).join(', ')})` };
  }
  return { ok: true, name, provider: metricProviders[name] };
}

export type { MetricProvider, ProviderContext, ProviderLogger, ProviderResult, ProviderRun } from './provider.js';
export { NO_DATA_ANNOTATION, NO_DATA_POLICIES, noDataAnnotationForRun, noDataPolicyFor, type NoData, type NoDataPolicy } from '../api/no-data.js';
export { toMeasurement } from './result.js';
export { measurementIndexOf } from './job/job-manifest.js';
