import { describe, expect, it } from 'vitest';
import { CANARY_STEP_KINDS } from './schema/canary.js';
import { METRIC_PROVIDER_NAMES } from './schema/metric-providers.js';
import { TRAFFIC_ROUTER_NAMES } from './schema/traffic-routing.js';
import { problemKind } from './problem.js';
import { SUPPORTED, unsupportedProblems } from './supported.js';

const rollout = (spec: Record<string, unknown>) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' }, spec });
const template = (provider: Record<string, unknown>) => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name: 't' },
  spec: { metrics: [{ name: 'ok', provider: { prometheus: { query: 'q' } } }, { name: 'm', provider }] },
});

describe('the supported table', () => {
  it('has a row for every name the API allows, and no other', () => {
    expect(Object.keys(SUPPORTED.canarySteps).sort()).toEqual([...CANARY_STEP_KINDS].sort());
    expect(Object.keys(SUPPORTED.trafficRouters).sort()).toEqual([...TRAFFIC_ROUTER_NAMES].sort());
    expect(Object.keys(SUPPORTED.metricProviders).sort()).toEqual([...METRIC_PROVIDER_NAMES].sort());
    expect(Object.keys(SUPPORTED.strategies).sort()).toEqual(['blueGreen', 'canary']);
    expect(Object.keys(SUPPORTED.blueGreenFields).sort()).toEqual(['activeMetadata', 'antiAffinity', 'previewMetadata']);
  });
});

describe('unsupportedProblems', () => {
  const cases: [string, unknown, string[]][] = [
    ['a plain canary', rollout({ strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setCanaryScale: { replicas: 1 } }, { analysis: {} }] } } }), []],
    ['blue-green', rollout({ strategy: { blueGreen: { activeService: 'a', previewService: 'p', prePromotionAnalysis: {}, scaleDownDelaySeconds: 5 } } }), []],
    ['blue-green fields that change pods', rollout({ strategy: { blueGreen: { activeService: 'a', antiAffinity: {}, activeMetadata: {}, previewMetadata: {} } } }), []],
    ['workloadRef to a Deployment', rollout({ workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, strategy: { canary: {} } }), []],
    ['workloadRef to a ReplicaSet', rollout({ workloadRef: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'd' }, strategy: { canary: {} } }), ['spec.workloadRef.kind']],
    ['workloadRef to a PodTemplate', rollout({ workloadRef: { apiVersion: 'v1', kind: 'PodTemplate', name: 'd' }, strategy: { canary: {} } }), ['spec.workloadRef.kind']],
    ['a traffic router, named by its field', rollout({ strategy: { canary: { trafficRouting: { appMesh: { virtualService: { name: 'm' } }, maxTrafficWeight: 100 } } } }),
      ['spec.strategy.canary.trafficRouting.appMesh']],
    ['a traffic router plugin Kanary does not run in-tree, named by its key', rollout({ strategy: { canary: { trafficRouting: {
      plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' }, 'acme/router': {} } } } } }),
      ['spec.strategy.canary.trafficRouting.plugins["acme/router"]']],
    ['a supported traffic router', rollout({ strategy: { canary: { trafficRouting: { nginx: { stableIngress: 'i' }, istio: { virtualService: { name: 'v' } } } } } }), []],
    ['step kinds, each at its index', rollout({ strategy: { canary: { steps: [{ setWeight: 5 }, { experiment: {} }, { setHeaderRoute: {} }, { setMirrorRoute: {} }, { plugin: {} }] } } }),
      ['spec.strategy.canary.steps[4].plugin']],
    ['header and mirror routes through Istio', rollout({ strategy: { canary: {
      trafficRouting: { istio: { virtualService: { name: 'v' } }, managedRoutes: [{ name: 'h' }] },
      steps: [{ setHeaderRoute: { name: 'h' } }, { setMirrorRoute: { name: 'h' } }] } } }), []],
    ['header and mirror routes through Istio beside Traefik, which ignores them as in Argo', rollout({ strategy: { canary: {
      trafficRouting: { istio: { virtualService: { name: 'v' } }, traefik: { weightedTraefikServiceName: 't' }, managedRoutes: [{ name: 'h' }] },
      steps: [{ setHeaderRoute: { name: 'h' } }, { setMirrorRoute: { name: 'h' } }] } } }), []],
    ['weighted experiment templates beside Traefik, which does not route them', rollout({ strategy: { canary: {
      trafficRouting: { istio: { virtualService: { name: 'v' } }, traefik: { weightedTraefikServiceName: 't' } },
      steps: [{ experiment: { templates: [{ name: 'b', specRef: 'canary', weight: 5 }] } }] } } }), ['spec.strategy.canary.steps[0].experiment.templates[0].weight']],
    ['a metric provider of a template', template({ plugin: { 'argoproj-labs/sample': {} } }), ['spec.metrics[1].provider.plugin']],
    ['a metric provider of a ClusterAnalysisTemplate', { ...template({ plugin: {} }), kind: 'ClusterAnalysisTemplate' }, ['spec.metrics[1].provider.plugin']],
    ['a supported metric provider', template({ web: { url: 'http://x' } }), []],
    ['a malformed object', { kind: 'Rollout', spec: 'no' }, []],
    ['a kind the table does not cover', { kind: 'ConfigMap', spec: { strategy: { blueGreen: {} } } }, []],
    ['not an object', 'Rollout', []],
  ];
  it.each(cases)('%s', (_name, obj, paths) => {
    const problems = unsupportedProblems(obj);
    expect(problems.map((p) => p.path)).toEqual(paths);
    for (const p of problems) expect(problemKind(p)).toBe('unsupported');
  });

  it('holds a route step whose router runs but does not create that route, naming the step and the router', () => {
    const spec = { strategy: { canary: { trafficRouting: { istio: { virtualService: { name: 'v' } }, alb: { ingress: 'i' } }, steps: [{ setHeaderRoute: { name: 'h' } }] } } };
    // Every router Argo allows the step with may create header routes by now: pretend ALB does not.
    const rows = SUPPORTED.routeSteps.setHeaderRoute as Record<string, boolean>;
    const original = rows['alb'];
    rows['alb'] = false;
    try {
      expect(unsupportedProblems(rollout(spec))).toEqual([{
        path: 'spec.strategy.canary.steps[0].setHeaderRoute', kind: 'unsupported',
        message: 'router "alb" does not create header routes in this version of Kanary yet; the rollout is held as it is',
      }]);
    } finally {
      rows['alb'] = original ?? true;
    }
  });

  it('holds weighted experiment templates whose router runs but does not route them, naming the template and the router', () => {
    const spec = { strategy: { canary: { trafficRouting: { nginx: { stableIngress: 'web' } }, steps: [{ experiment: { templates: [{ name: 'a', specRef: 'canary' }, { name: 'b', specRef: 'canary', weight: 5 }] } }] } } };
    expect(unsupportedProblems(rollout(spec))).toEqual([{
      path: 'spec.strategy.canary.steps[0].experiment.templates[1].weight', kind: 'unsupported',
      message: 'router "nginx" does not route experiment weights in this version of Kanary yet; the rollout is held as it is',
    }]);
  });

  it('says what is held and why', () => {
    expect(unsupportedProblems(template({ plugin: {} }))).toEqual([
      { path: 'spec.metrics[1].provider.plugin', message: 'metric provider "plugin" is not supported by this version of Kanary yet', kind: 'unsupported' },
    ]);
    expect(unsupportedProblems(rollout({ strategy: { canary: { steps: [{ plugin: {} }] } } }))).toEqual([
      { path: 'spec.strategy.canary.steps[0].plugin', message: 'is not supported by this version of Kanary yet; the rollout is held as it is', kind: 'unsupported' },
    ]);
  });
});
