// The `provider` block of an analysis metric: one schema per metric provider, keyed by the
// manifest field name that also names the provider's folder under src/providers/.
import { Type } from '@sinclair/typebox';
import { Bool, EXACTLY_ONE, Int, IntOrString, Obj, Opt, Preserve, PodTemplateSpec, Str, StringEnum, StringMap } from './common.js';

const Header = Obj({ key: Str(), value: Str() });

const OAuth2 = Obj({
  tokenUrl: Opt(Str()),
  clientId: Opt(Str()),
  clientSecret: Opt(Str()),
  scopes: Opt(Type.Array(Str())),
});

const Sigv4 = Obj({
  region: Opt(Str()),
  profile: Opt(Str()),
  roleArn: Opt(Str()),
});

/** Basic auth is Kanary's addition (Argo only offers sigv4 and oauth2 for Prometheus). */
const BasicAuth = Obj({ username: Opt(Str()), password: Opt(Str()) });

export const PrometheusMetric = Obj({
  address: Opt(Str('HTTP address of the Prometheus server.')),
  query: Opt(Str('PromQL query; a vector result is exposed as `result` (an array).')),
  timeout: Opt(Int('Query timeout in seconds.')),
  insecure: Opt(Bool('Skip TLS verification.')),
  headers: Opt(Type.Array(Header)),
  authentication: Opt(Obj({ sigv4: Opt(Sigv4), oauth2: Opt(OAuth2), basic: Opt(BasicAuth) })),
  rangeQuery: Opt(Obj({ start: Opt(Str()), end: Opt(Str()), step: Opt(Str()) })),
});

export const WebMetric = Obj({
  method: Opt(StringEnum(['GET', 'POST', 'PUT'])),
  url: Str(),
  headers: Opt(Type.Array(Header)),
  body: Opt(Str()),
  jsonBody: Opt(Preserve('JSON request body, for POST or PUT.')),
  timeoutSeconds: Opt(Int('Request timeout in seconds (default 10).')),
  jsonPath: Opt(Str('JSONPath into the response used as `result` (default `{$}`).')),
  insecure: Opt(Bool()),
  authentication: Opt(Obj({ sigv4: Opt(Sigv4), oauth2: Opt(OAuth2) })),
});

/** The Job a `job` metric runs; success of the Job is a successful measurement. */
export interface JobSpec {
  template: PodTemplateSpec;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  [key: string]: unknown;
}

export const JobMetric = Obj({
  metadata: Opt(Preserve<{ labels?: Record<string, string>; annotations?: Record<string, string> }>()),
  spec: Preserve<JobSpec>('A batch/v1 JobSpec.'),
});

export const DatadogMetric = Obj({
  interval: Opt(Str()),
  query: Opt(Str()),
  queries: Opt(StringMap('Named queries combined by `formula` (apiVersion v2).')),
  formula: Opt(Str()),
  apiVersion: Opt(StringEnum(['v1', 'v2'])),
  aggregator: Opt(StringEnum(['avg', 'min', 'max', 'sum', 'last', 'percentile', 'mean', 'l2norm', 'area'])),
  secretRef: Opt(Obj({
    name: Opt(Str('Secret with `api-key`, `app-key` and optionally `address` (default `datadog`).')),
    namespaced: Opt(Bool('Read the Secret from the AnalysisRun\'s namespace instead of the controller\'s.')),
  })),
  requestTimeout: Opt(Str('Timeout of one Datadog API request, a duration (default 10s).')),
});

export const NewRelicMetric = Obj({
  profile: Opt(Str('Name of the Secret holding the New Relic account configuration.')),
  query: Str(),
  timeout: Opt(Int('NRQL query timeout in seconds (New Relic allows up to 120).')),
});

const CloudWatchDimension = Obj({ name: Opt(Str()), value: Opt(Str()) });

export const CloudWatchMetric = Obj({
  interval: Opt(Str()),
  metricDataQueries: Type.Array(
    Obj({
      id: Opt(Str()),
      expression: Opt(Str()),
      label: Opt(Str()),
      metricStat: Opt(
        Obj({
          metric: Opt(
            Obj({
              dimensions: Opt(Type.Array(CloudWatchDimension)),
              metricName: Opt(Str()),
              namespace: Opt(Str()),
            }),
          ),
          period: Opt(IntOrString()),
          stat: Opt(Str()),
          unit: Opt(Str()),
        }),
      ),
      period: Opt(IntOrString()),
      returnData: Opt(Bool()),
    }),
  ),
});

export const GraphiteMetric = Obj({ address: Opt(Str()), query: Opt(Str()) });
export const InfluxdbMetric = Obj({ profile: Opt(Str()), query: Opt(Str()) });
export const WavefrontMetric = Obj({ address: Opt(Str()), query: Opt(Str()) });
export const SkyWalkingMetric = Obj({ address: Opt(Str()), query: Opt(Str()), interval: Opt(Str()) });

const ScopeDetail = Obj({
  scope: Str(),
  region: Str(),
  step: Int(),
  start: Str(),
  end: Str(),
});

export const KayentaMetric = Obj({
  address: Str(),
  application: Str(),
  canaryConfigName: Str(),
  metricsAccountName: Str(),
  configurationAccountName: Str(),
  storageAccountName: Str(),
  threshold: Obj({ pass: Int(), marginal: Int() }),
  scopes: Type.Array(Obj({ name: Str(), controlScope: ScopeDetail, experimentScope: ScopeDetail })),
});

/** The provider names, in the order messages list them. */
export const METRIC_PROVIDER_NAMES = [
  'prometheus',
  'web',
  'job',
  'datadog',
  'newRelic',
  'cloudWatch',
  'graphite',
  'influxdb',
  'kayenta',
  'wavefront',
  'skywalking',
  'plugin',
] as const;

export type MetricProviderName = (typeof METRIC_PROVIDER_NAMES)[number];

export const MetricProvider = Obj(
  {
    prometheus: Opt(PrometheusMetric),
    web: Opt(WebMetric),
    job: Opt(JobMetric),
    datadog: Opt(DatadogMetric),
    newRelic: Opt(NewRelicMetric),
    cloudWatch: Opt(CloudWatchMetric),
    graphite: Opt(GraphiteMetric),
    influxdb: Opt(InfluxdbMetric),
    kayenta: Opt(KayentaMetric),
    wavefront: Opt(WavefrontMetric),
    skywalking: Opt(SkyWalkingMetric),
    plugin: Opt(Preserve('Metric plugins by name, each with its own configuration.')),
  },
  { [EXACTLY_ONE]: [...METRIC_PROVIDER_NAMES], description: 'Where measurements come from; exactly one provider.' },
);
