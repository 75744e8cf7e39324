// Valid objects that the semantic rule tables mutate one field at a time (shared by unit tests).

import { rolloutFixture } from '../../src/api/rollout-fixture.test-support.js';

export function validRollout(): Record<string, unknown> {
  return rolloutFixture({
    name: 'demo', replicas: 3,
    canary: {
      canaryService: 'demo-canary',
      stableService: 'demo-stable',
      trafficRouting: {
        istio: { virtualService: { name: 'demo', routes: ['primary'] } },
        managedRoutes: [{ name: 'header' }, { name: 'mirror' }],
      },
    },
    steps: [{ setWeight: 20 }, { pause: { duration: '1m' } }, { setWeight: 100 }],
  }) as unknown as Record<string, unknown>;
}

export function validAnalysisTemplate(): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'success-rate' },
    spec: {
      args: [{ name: 'service' }],
      metrics: [{
        name: 'success-rate',
        interval: '1m',
        count: 5,
        failureLimit: 1,
        successCondition: 'result[0] >= 0.95',
        provider: { prometheus: { address: 'http://prometheus:9090', query: 'rate(x{service="{{args.service}}"}[5m])' } },
      }],
    },
  };
}

export function validExperiment(): Record<string, unknown> {
  const template = (name: string) => ({
    name,
    replicas: 1,
    selector: { matchLabels: { app: 'demo', color: name } },
    template: { metadata: { labels: { app: 'demo', color: name } }, spec: { containers: [{ name: 'demo', image: `demo:${name}` }] } },
  });
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    metadata: { name: 'exp' },
    spec: {
      duration: '5m',
      templates: [template('purple'), template('orange')],
      analyses: [{ name: 'bench', templateName: 'http-benchmark', args: [{ name: 'host', value: 'purple' }] }],
    },
  };
}

/** Sets a value at a dotted path with `[i]` indexes, creating objects on the way; `undefined` deletes. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let cur = obj as Record<string, unknown>;
  keys.slice(0, -1).forEach((k) => {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  });
  const last = keys[keys.length - 1] ?? '';
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return obj;
}
