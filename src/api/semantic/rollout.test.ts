import { describe, expect, it } from 'vitest';
import { setPath, validRollout } from '../../../test/unit/objects.js';
import type { Problem } from '../problem.js';
import { rolloutProblems } from './rollout.js';

const C = 'spec.strategy.canary';
type Row = [name: string, changes: Record<string, unknown>, expected: Problem[]];

function withChanges(changes: Record<string, unknown>): Record<string, unknown> {
  const r = validRollout();
  for (const [path, v] of Object.entries(changes)) setPath(r, path, v);
  return r;
}

const rows: Row[] = [
  ['valid canary', {}, []],
  ['negative replicas', { 'spec.replicas': -1 }, [{ path: 'spec.replicas', message: 'must be >= 0, got -1' }]],
  ['missing selector', { 'spec.selector': undefined }, [{ path: 'spec.selector', message: 'is required: a label selector matching the pod template labels' }]],
  ['empty selector', { 'spec.selector': {} }, [{ path: 'spec.selector', message: 'must not be empty: an empty selector would select every pod in the namespace' }]],
  ['selector label not on template', { 'spec.selector.matchLabels.app': 'other' }, [
    { path: 'spec.selector.matchLabels.app', message: 'selector app="other" does not match the template label spec.template.metadata.labels.app ("demo")' },
  ]],
  ['matchExpressions not satisfied', { 'spec.selector.matchExpressions': [{ key: 'tier', operator: 'Exists' }] }, [
    { path: 'spec.selector.matchExpressions[0]', message: 'expression {"key":"tier","operator":"Exists"} does not match the template labels at spec.template.metadata.labels' },
  ]],
  ['workloadRef with a template', { 'spec.workloadRef': { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' } }, [
    { path: 'spec.template', message: 'must be empty when spec.workloadRef is set: the pod template comes from the referenced workload (spec.workloadRef)' },
  ]],
  ['workloadRef with a template of labels only', { 'spec.workloadRef': { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' }, 'spec.template': { metadata: { labels: { app: 'x' } } } }, [
    { path: 'spec.template', message: 'must be empty when spec.workloadRef is set: the pod template comes from the referenced workload (spec.workloadRef)' },
  ]],
  ['workloadRef with an empty template and no selector', {
    'spec.workloadRef': { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' }, 'spec.template': { metadata: {}, spec: { containers: [] } }, 'spec.selector': undefined,
  }, []],
  ['workloadRef without a name or apiVersion', { 'spec.workloadRef': { kind: 'Deployment' }, 'spec.template': undefined }, [
    { path: 'spec.workloadRef.name', message: 'is required: the name of the workload in the Rollout\'s namespace' },
    { path: 'spec.workloadRef.apiVersion', message: 'must be apps/v1 for a Deployment, got nothing' },
  ]],
  ['workloadRef without a kind', { 'spec.workloadRef': { name: 'x' }, 'spec.template': undefined }, [
    { path: 'spec.workloadRef.kind', message: 'is required: Deployment' },
  ]],
  ['deadline not above minReadySeconds', { 'spec.minReadySeconds': 30, 'spec.progressDeadlineSeconds': 30 }, [
    { path: 'spec.progressDeadlineSeconds', message: 'progressDeadlineSeconds (30) must be greater than minReadySeconds (30)' },
  ]],
  ['no strategy', { 'spec.strategy': {} }, [{ path: 'spec.strategy', message: 'must set exactly one strategy, canary or blueGreen, found none' }]],
  ['two strategies', { 'spec.strategy.blueGreen': { activeService: 'a' } }, [{ path: 'spec.strategy', message: 'must set exactly one strategy, canary or blueGreen, found both' }]],
  ['surge and unavailable both 0', { [`${C}.maxSurge`]: 0, [`${C}.maxUnavailable`]: '0%' }, [
    { path: `${C}.maxSurge`, message: 'maxSurge and maxUnavailable must not both be 0: the rollout could never make progress' },
  ]],
  ['bad maxSurge', { [`${C}.maxSurge`]: 'lots' }, [{ path: `${C}.maxSurge`, message: 'must be an integer or a percentage like 25%, got "lots"' }]],
  ['same canary and stable service', { [`${C}.canaryService`]: 'svc', [`${C}.stableService`]: 'svc' }, [
    { path: `${C}.stableService`, message: 'must differ from canaryService, both are "svc"' },
  ]],
  ['trafficRouting without services', { [`${C}.canaryService`]: undefined, [`${C}.stableService`]: undefined }, [
    { path: `${C}.canaryService`, message: 'is required with trafficRouting: the router sends traffic to the canary and stable Services' },
    { path: `${C}.stableService`, message: 'is required with trafficRouting: the router sends traffic to the canary and stable Services' },
  ]],
  ['istio subset routing needs no services', {
    [`${C}.canaryService`]: undefined, [`${C}.stableService`]: undefined,
    [`${C}.trafficRouting.istio.destinationRule`]: { name: 'd', canarySubsetName: 'c', stableSubsetName: 's' },
  }, []],
  ['scaleDownDelaySeconds without routing', { [`${C}.trafficRouting`]: undefined, [`${C}.scaleDownDelaySeconds`]: 30 }, [
    { path: `${C}.scaleDownDelaySeconds`, message: 'needs trafficRouting: without a router the old version is scaled down as traffic moves' },
  ]],
  ['dynamicStableScale without routing', { [`${C}.trafficRouting`]: undefined, [`${C}.dynamicStableScale`]: true }, [
    { path: `${C}.dynamicStableScale`, message: 'needs trafficRouting: stable pods can only shrink when a router moves their traffic' },
  ]],
  ['dynamicStableScale with scaleDownDelaySeconds', { [`${C}.dynamicStableScale`]: true, [`${C}.scaleDownDelaySeconds`]: 30 }, [
    { path: `${C}.dynamicStableScale`, message: 'cannot be used with scaleDownDelaySeconds: the stable version is scaled as traffic leaves it' },
  ]],
  ['istio names both virtualService forms', { [`${C}.trafficRouting.istio.virtualServices`]: [{ name: 'b' }] }, [
    { path: `${C}.trafficRouting.istio`, message: 'must set exactly one of virtualService or virtualServices (the VirtualServices to route), found both' },
  ]],
  ['nginx without a stable ingress', { [`${C}.trafficRouting`]: { nginx: {} } }, [
    { path: `${C}.trafficRouting.nginx`, message: 'must set exactly one of stableIngress or stableIngresses (the Ingresses of the stable version), found none' },
  ]],
  ['maxTrafficWeight with istio', { [`${C}.trafficRouting.maxTrafficWeight`]: 1000 }, [
    { path: `${C}.trafficRouting.maxTrafficWeight`, message: 'is supported only with nginx or a traffic router plugin' },
  ]],
  ['setWeight above maxTrafficWeight', { [`${C}.trafficRouting`]: { nginx: { stableIngress: 'i' }, maxTrafficWeight: 1000 }, [`${C}.steps[0].setWeight`]: 1001 }, [
    { path: `${C}.steps[0].setWeight`, message: 'must be 0-1000, got 1001' },
  ]],
  ['setWeight above 100', { [`${C}.steps[0].setWeight`]: 150 }, [{ path: `${C}.steps[0].setWeight`, message: 'must be 0-100, got 150' }]],
  ['negative setWeight', { [`${C}.steps[0].setWeight`]: -5 }, [{ path: `${C}.steps[0].setWeight`, message: 'must be 0-100, got -5' }]],
  ['two actions in a step', { [`${C}.steps[0].pause`]: {} }, [{ path: `${C}.steps[0]`, message: 'must have exactly one action, found setWeight and pause' }]],
  ['no action in a step', { [`${C}.steps[0]`]: {} }, [
    { path: `${C}.steps[0]`, message: 'must have one action (setWeight, pause, experiment, analysis, setCanaryScale, setHeaderRoute, setMirrorRoute, plugin), found none' },
  ]],
  ['bad pause duration', { [`${C}.steps[1].pause.duration`]: '5 minutes' }, [
    { path: `${C}.steps[1].pause.duration`, message: 'must be a duration: an integer number of seconds or a string like 30s, 5m, 1h; got "5 minutes"' },
  ]],
  ['negative pause duration', { [`${C}.steps[1].pause.duration`]: -1 }, [{ path: `${C}.steps[1].pause.duration`, message: 'must not be negative, got -1' }]],
  ['integer pause duration', { [`${C}.steps[1].pause.duration`]: 60 }, []],
  ['setCanaryScale without routing', { [`${C}.trafficRouting`]: undefined, [`${C}.canaryService`]: undefined, [`${C}.steps[0]`]: { setCanaryScale: { replicas: 1 } } }, [
    { path: `${C}.steps[0].setCanaryScale`, message: 'needs spec.strategy.canary.trafficRouting: without a router the canary scale follows setWeight' },
  ]],
  ['setCanaryScale weight above 100', { [`${C}.steps[0]`]: { setCanaryScale: { weight: 101 } } }, [
    { path: `${C}.steps[0].setCanaryScale.weight`, message: 'must be 0-100, got 101' },
  ]],
  ['header route not declared', { [`${C}.steps[0]`]: { setHeaderRoute: { name: 'nope', match: [{ headerName: 'x', headerValue: { exact: 'y' } }] } } }, [
    { path: `${C}.steps[0].setHeaderRoute.name`, message: 'route "nope" is not declared in trafficRouting.managedRoutes (declared: header, mirror)' },
  ]],
  ['header route without managedRoutes', { [`${C}.trafficRouting.managedRoutes`]: undefined, [`${C}.steps[0]`]: { setHeaderRoute: { name: 'header' } } }, [
    { path: `${C}.steps[0].setHeaderRoute.name`, message: 'route "header" needs spec.strategy.canary.trafficRouting.managedRoutes, which is not set' },
  ]],
  ['header match with two kinds', { [`${C}.steps[0]`]: { setHeaderRoute: { name: 'header', match: [{ headerName: 'x', headerValue: { exact: 'y', prefix: 'z' } }] } } }, [
    { path: `${C}.steps[0].setHeaderRoute.match[0].headerValue`, message: 'must set exactly one of exact, regex or prefix, found exact, prefix' },
  ]],
  ['header route with nginx', { [`${C}.trafficRouting`]: { nginx: { stableIngress: 'i' } }, [`${C}.steps[0]`]: { setHeaderRoute: { name: 'h' } } }, [
    { path: `${C}.steps[0].setHeaderRoute`, message: 'needs trafficRouting with istio, alb, apisix or a plugin' },
  ]],
  ['mirror route not declared', { [`${C}.steps[0]`]: { setMirrorRoute: { name: 'm', percentage: 50 } } }, [
    { path: `${C}.steps[0].setMirrorRoute.name`, message: 'route "m" is not declared in trafficRouting.managedRoutes (declared: header, mirror)' },
  ]],
  ['mirror route needs istio', { [`${C}.trafficRouting`]: { nginx: { stableIngress: 'i' } }, [`${C}.steps[0]`]: { setMirrorRoute: { name: 'm' } } }, [
    { path: `${C}.steps[0].setMirrorRoute`, message: 'needs trafficRouting with istio: only Istio mirrors traffic' },
  ]],
  ['duplicate managed route', { [`${C}.trafficRouting.managedRoutes[1].name`]: 'header' }, [
    { path: `${C}.trafficRouting.managedRoutes[1].name`, message: 'duplicate managed route "header"' },
  ]],
  ['analysis step without templateName', { [`${C}.steps[0]`]: { analysis: { templates: [{}] } } }, [
    { path: `${C}.steps[0].analysis.templates[0]`, message: 'must name an AnalysisTemplate or ClusterAnalysisTemplate in templateName' },
  ]],
  ['analysis step without templates', { [`${C}.steps[0]`]: { analysis: {} } }, [
    { path: `${C}.steps[0].analysis.templates`, message: 'must list at least one template (templateName)' },
  ]],
  ['background analysis arg without value', { [`${C}.analysis`]: { templates: [{ templateName: 't' }], args: [{ name: 'a' }] } }, [
    { path: `${C}.analysis.args[0]`, message: 'arg "a" must set value or valueFrom' },
  ]],
  ['experiment step: duplicate template names and bad specRef', {
    [`${C}.steps[0]`]: { experiment: { templates: [{ name: 'a', specRef: 'stable' }, { name: 'a', specRef: 'new' }] } },
  }, [
    { path: `${C}.steps[0].experiment.templates[1].name`, message: 'duplicate template name "a" (also at index 0)' },
    { path: `${C}.steps[0].experiment.templates[1].specRef`, message: 'must be "stable" or "canary", got "new"' },
  ]],
  ['experiment weight without routing', {
    [`${C}.trafficRouting`]: undefined,
    [`${C}.steps[0]`]: { experiment: { templates: [{ name: 'a', specRef: 'canary', weight: 5 }] } },
  }, [
    { path: `${C}.steps[0].experiment.templates[0].weight`, message: 'needs spec.strategy.canary.trafficRouting: an experiment weight is a traffic split' },
  ]],
  ['experiment weight with nginx', {
    [`${C}.trafficRouting`]: { nginx: { stableIngress: 'i' } },
    [`${C}.steps[0]`]: { experiment: { templates: [{ name: 'a', specRef: 'canary', weight: 5 }] } },
  }, [
    { path: `${C}.steps[0].experiment.templates[0].weight`, message: 'needs trafficRouting with alb, smi or istio: other routers cannot send traffic to an experiment' },
  ]],
  ['antiAffinity with both kinds', { [`${C}.antiAffinity`]: { preferredDuringSchedulingIgnoredDuringExecution: { weight: 0 }, requiredDuringSchedulingIgnoredDuringExecution: {} } }, [
    { path: `${C}.antiAffinity`, message: 'must set exactly one of preferredDuringSchedulingIgnoredDuringExecution or requiredDuringSchedulingIgnoredDuringExecution, found both' },
    { path: `${C}.antiAffinity.preferredDuringSchedulingIgnoredDuringExecution.weight`, message: 'must be 1-100, got 0' },
  ]],
  ['pingPong with istio', { [`${C}.pingPong`]: { pingService: 'p', pongService: 'p' } }, [
    { path: `${C}.pingPong`, message: 'works with trafficRouting.alb only' },
    { path: `${C}.pingPong.pongService`, message: 'must differ from pingService, both are "p"' },
  ]],
];

const blueGreen = (): unknown => ({ blueGreen: { activeService: 'active', previewService: 'preview' } });
const bgRows: Row[] = [
  ['valid blueGreen', {}, []],
  ['activeService missing', { 'spec.strategy.blueGreen.activeService': undefined }, [
    { path: 'spec.strategy.blueGreen.activeService', message: 'is required: the Service that receives production traffic' },
  ]],
  ['active equals preview', { 'spec.strategy.blueGreen.previewService': 'active' }, [
    { path: 'spec.strategy.blueGreen.previewService', message: 'must differ from activeService, both are "active"' },
  ]],
  ['scaleDownDelayRevisionLimit above revisionHistoryLimit', { 'spec.revisionHistoryLimit': 2, 'spec.strategy.blueGreen.scaleDownDelayRevisionLimit': 3 }, [
    { path: 'spec.strategy.blueGreen.scaleDownDelayRevisionLimit', message: 'must not exceed revisionHistoryLimit (2), got 3' },
  ]],
  ['prePromotionAnalysis without templates', { 'spec.strategy.blueGreen.prePromotionAnalysis': { templates: [] } }, [
    { path: 'spec.strategy.blueGreen.prePromotionAnalysis.templates', message: 'must list at least one template (templateName)' },
  ]],
];

describe('rolloutProblems: canary', () => {
  it.each(rows)('%s', (_name, changes, expected) => {
    expect(rolloutProblems(withChanges(changes))).toEqual(expected);
  });
});

describe('rolloutProblems: blueGreen', () => {
  it.each(bgRows)('%s', (_name, changes, expected) => {
    expect(rolloutProblems(withChanges({ 'spec.strategy': blueGreen(), ...changes }))).toEqual(expected);
  });
});

describe('rolloutProblems on malformed input', () => {
  it.each([null, 'x', 42, [], { spec: 'x' }, { spec: { strategy: { canary: { steps: 'x' } } } }])('never throws on %j', (v) => {
    expect(() => rolloutProblems(v)).not.toThrow();
  });
  it('reports every problem, not only the first', () => {
    const r = withChanges({ 'spec.replicas': -1, [`${C}.steps[0].setWeight`]: 150, [`${C}.steps[1].pause.duration`]: 'soon' });
    expect(rolloutProblems(r).map((p) => p.path)).toEqual(['spec.replicas', `${C}.steps[0].setWeight`, `${C}.steps[1].pause.duration`]);
  });
});
