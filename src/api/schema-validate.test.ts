import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { rolloutFixture } from './rollout-fixture.test-support.js';
import { KINDS } from './schema/index.js';
import { validateSchema, withoutMalformedFields } from './schema-validate.js';

const meta = { name: 'demo' };

function rollout(strategy: unknown, extra: Record<string, unknown> = {}) {
  return rolloutFixture({ name: 'demo', replicas: 3, spec: { strategy, ...extra } });
}

const goodCanary = {
  canaryService: 'canary',
  stableService: 'stable',
  maxSurge: '25%',
  maxUnavailable: 0,
  dynamicStableScale: true,
  analysis: { templates: [{ templateName: 'rate' }], args: [{ name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } }], startingStep: 1 },
  trafficRouting: {
    managedRoutes: [{ name: 'header' }],
    istio: { virtualService: { name: 'vs', routes: ['primary'] }, destinationRule: { name: 'dr', canarySubsetName: 'c', stableSubsetName: 's' } },
  },
  steps: [
    { setWeight: 20 },
    { pause: { duration: '1h' } },
    { pause: { duration: 60 } },
    { pause: {} },
    { setCanaryScale: { replicas: 3, matchTrafficWeight: true } },
    { setHeaderRoute: { name: 'header', match: [{ headerName: 'version', headerValue: { exact: '2' } }] } },
    { setMirrorRoute: { name: 'mirror', percentage: 50, match: [{ method: { exact: 'GET' }, headers: { agent: { prefix: 'firefox' } } }] } },
    { analysis: { templates: [{ templateName: 'rate', clusterScope: true }], dryRun: [{ metricName: '*' }] } },
    { experiment: { duration: '5m', templates: [{ name: 'base', specRef: 'stable', weight: 5, service: {} }], analyses: [{ name: 'a', templateName: 'rate', requiredForCompletion: true }] } },
    { plugin: { name: 'example', config: { anything: [1, 2] } } },
  ],
};

const goodBlueGreen = {
  activeService: 'active',
  previewService: 'preview',
  previewReplicaCount: 1,
  autoPromotionEnabled: false,
  autoPromotionSeconds: 30,
  scaleDownDelaySeconds: 30,
  abortScaleDownDelaySeconds: 0,
  prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] },
  postPromotionAnalysis: { templates: [{ templateName: 'smoke' }], args: [{ name: 'x', value: 'y' }] },
  antiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 1 } },
  activeMetadata: { labels: { role: 'active' } },
};

const analysisTemplate = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: meta,
  spec: {
    args: [{ name: 'svc' }, { name: 'token', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
    metrics: [
      {
        name: 'rate',
        interval: '1m',
        count: '{{args.count}}',
        failureLimit: 1,
        successCondition: 'result[0] >= 0.95',
        provider: { prometheus: { address: 'http://prom:9090', query: 'up', timeout: 5, authentication: { sigv4: { region: 'eu-west-1' } } } },
      },
      { name: 'web', provider: { web: { url: 'http://x', method: 'POST', jsonBody: { a: 1 }, headers: [{ key: 'k', value: 'v' }] } } },
    ],
  },
};

describe('validateSchema accepts', () => {
  it.each([
    ['a canary Rollout with every step kind', rollout({ canary: goodCanary })],
    ['a basic canary Rollout', rollout({ canary: { steps: [{ setWeight: 50 }, { pause: {} }] } })],
    ['a blue-green Rollout', rollout({ blueGreen: goodBlueGreen })],
    ['a Rollout with workloadRef and status', {
      ...rollout({ canary: {} }, { template: undefined, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', scaleDown: 'onsuccess' }, restartAt: '2020-03-30T21:19:35Z' }),
      status: { phase: 'Paused', observedGeneration: '3', currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2024-01-01T00:00:00Z' }], canary: { weights: { canary: { weight: 20 }, stable: { weight: 80 } } } },
    }],
    ['an AnalysisTemplate', analysisTemplate],
    ['a ClusterAnalysisTemplate', { ...analysisTemplate, kind: 'ClusterAnalysisTemplate' }],
    ['an AnalysisRun with status', {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: meta,
      spec: { metrics: analysisTemplate.spec.metrics, terminate: true, ttlStrategy: { secondsAfterCompletion: 60 } },
      status: { phase: 'Failed', metricResults: [{ name: 'rate', phase: 'Failed', failed: 1, measurements: [{ phase: 'Failed', value: '[16.3]' }] }], runSummary: { count: 1, failed: 1 } },
    }],
  ])('%s', (_name, manifest) => {
    expect(validateSchema(manifest)).toEqual([]);
  });
});

describe('validateSchema reports', () => {
  it.each([
    ['a string where an integer goes', rollout({ canary: {} }, { replicas: 'abc' }), 'spec.replicas', 'must be an integer, got "abc"'],
    ['a misspelt step', rollout({ canary: { steps: [{ setWieght: 20 }] } }), 'spec.strategy.canary.steps[0].setWieght', 'unknown field "setWieght" (did you mean "setWeight"?)'],
    ['a misspelt strategy', rollout({ bluegreen: { activeService: 'a' } }), 'spec.strategy.bluegreen', 'unknown field "bluegreen" (did you mean "blueGreen"?)'],
    ['an empty step', rollout({ canary: { steps: [{}] } }), 'spec.strategy.canary.steps[0]', 'must set one of setWeight, pause, setCanaryScale, analysis, experiment, setHeaderRoute, setMirrorRoute, plugin'],
    ['a step of two kinds', rollout({ canary: { steps: [{ setWeight: 5, pause: {} }] } }), 'spec.strategy.canary.steps[0]', 'must set only one of setWeight, pause, setCanaryScale, analysis, experiment, setHeaderRoute, setMirrorRoute, plugin; got setWeight and pause'],
    ['a boolean pause duration', rollout({ canary: { steps: [{ pause: { duration: true } }] } }), 'spec.strategy.canary.steps[0].pause.duration', 'must be an integer or a string, got true'],
    ['a fractional maxSurge', rollout({ canary: { maxSurge: 1.5 } }), 'spec.strategy.canary.maxSurge', 'must be an integer or a string, got 1.5'],
    ['a missing activeService', rollout({ blueGreen: {} }), 'spec.strategy.blueGreen.activeService', 'is required'],
    ['a bad specRef', rollout({ canary: { steps: [{ experiment: { templates: [{ name: 'a', specRef: 'Stable' }] } }] } }), 'spec.strategy.canary.steps[0].experiment.templates[0].specRef', 'must be one of "stable", "canary", got "Stable"'],
    ['an unquoted number in a string field', { ...analysisTemplate, spec: { metrics: analysisTemplate.spec.metrics, args: [{ name: 'n', value: 5 }] } }, 'spec.args[0].value', 'must be a string, got 5 (quote it: "5")'],
    ['a metric without provider', { ...analysisTemplate, spec: { metrics: [{ name: 'm', provider: {} }] } }, 'spec.metrics[0].provider', 'must set one of prometheus, web, job, datadog, newRelic, cloudWatch, graphite, influxdb, kayenta, wavefront, skywalking, plugin'],
    ['a bad timestamp', rollout({ canary: {} }, { restartAt: 'yesterday' }), 'spec.restartAt', 'must be an RFC 3339 time such as "2024-01-31T12:00:00Z", got "yesterday"'],
    ['a list where an object goes', rollout({ canary: { trafficRouting: [] } }), 'spec.strategy.canary.trafficRouting', 'must be an object, got a list'],
    ['a missing spec', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', metadata: meta }, 'spec', 'is required'],
  ])('%s', (_name, manifest, path, message) => {
    expect(validateSchema(manifest)).toEqual([{ path, message }]);
  });

  it('every problem at once', () => {
    const bad = rollout({ canary: { steps: [{ setWeight: 'ten' }, { pause: { duration: [] } }], maxSurge: true } }, { paused: 'yes' });
    expect(validateSchema(bad).map((p) => p.path)).toEqual([
      'spec.strategy.canary.steps[0].setWeight',
      'spec.strategy.canary.steps[1].pause.duration',
      'spec.strategy.canary.maxSurge',
      'spec.paused',
    ]);
  });

  it('one problem for a foreign apiVersion or kind', () => {
    expect(validateSchema({ apiVersion: 'apps/v1', kind: 'Deployment' })).toEqual([
      { path: 'apiVersion', message: expect.stringMatching(/^unsupported apiVersion "apps\/v1": expected argoproj.io\/v1alpha1/) },
    ]);
    expect(validateSchema({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rolout' })).toEqual([
      { path: 'kind', message: expect.stringMatching(/^unsupported kind "Rolout"/) },
    ]);
    expect(validateSchema('text')).toEqual([{ path: '', message: 'must be an object (a Kubernetes manifest), got "text"' }]);
  });

  it('no unknown fields inside pod templates, metadata or status', () => {
    const r = { ...rollout({ canary: {} }), metadata: { name: 'x', managedFields: [] }, status: { somethingNew: 1 } };
    expect(validateSchema(r)).toEqual([]);
  });

  it('nulls as absent, as the API server prunes them', () => {
    expect(validateSchema(rollout({ canary: { steps: [{ pause: null, setWeight: 5 }] } }, { minReadySeconds: null }))).toEqual([]);
  });

  it('but a null list item is kept, and reported', () => {
    expect(validateSchema(rollout({ canary: { steps: [{ setWeight: 5 }, null] } }))).toEqual([
      { path: 'spec.strategy.canary.steps[1]', message: 'must not be null' },
    ]);
  });
});

describe('the seed manifests', () => {
  const dir = new URL('../../examples/seeds', import.meta.url).pathname;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const docs = files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
      .map((d) => d.toJS() as Record<string, unknown> | null)
      .filter((o): o is Record<string, unknown> => o?.apiVersion === 'argoproj.io/v1alpha1')
      .map((o) => [`${file} ${String(o.kind)}/${String((o.metadata as { name?: string }).name)}`, o] as const),
  );

  it('are there to check', () => expect(docs.length).toBeGreaterThanOrEqual(10));
  it.each(docs)('%s passes', (_name, doc) => expect(validateSchema(doc)).toEqual([]));
});

describe('withoutMalformedFields', () => {
  const schema = KINDS.Rollout.schema.properties.status as unknown as Record<string, unknown>;
  it.each([
    ['a well-formed status is kept whole', { phase: 'Healthy', currentStepIndex: 2 }, { phase: 'Healthy', currentStepIndex: 2 }, []],
    ['a field of the wrong type goes, the rest stays', { phase: 'Healthy', currentStepIndex: 'two' }, { phase: 'Healthy' },
      ['status.currentStepIndex: must be an integer, got "two"']],
    ['a bad item takes its whole list', { pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-11-22T10:00:00Z' }, 7], stableRS: 'a' },
      { stableRS: 'a' }, ['status.pauseConditions[1]: must be an object, got 7']],
    ['no status', undefined, {}, []],
    ['a status that is not an object', 'broken', {}, ['status: must be an object, got "broken"']],
  ])('%s', (_name, status, want, dropped) => {
    expect(withoutMalformedFields(schema, status, 'status')).toEqual({ value: want, dropped });
  });
});
