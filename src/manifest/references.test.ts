import { describe, expect, it } from 'vitest';
import { setPath, validExperiment, validRollout } from '../../test/unit/objects.js';
import { indexManifests } from './manifest-index.js';
import { referenceProblems } from './references.js';

const C = 'spec.strategy.canary';
const service = (name: string, selector: Record<string, string> = { app: 'demo' }, namespace?: string) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, spec: { selector } });
const virtualService = (name: string, routes: string[]) =>
  ({ apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name }, spec: { http: routes.map((r) => ({ name: r })) } });
const ingress = (name: string, backend: string) => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name },
  spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: backend, port: { number: 80 } } } }] } }] },
});
const template = (kind: string, name: string, args: unknown[] = []) =>
  ({ apiVersion: 'argoproj.io/v1alpha1', kind, metadata: { name }, spec: { args, metrics: [] } });

function problems(target: Record<string, unknown>, others: unknown[]) {
  return referenceProblems(target, indexManifests([target, ...others]));
}

describe('referenceProblems: Services', () => {
  it('says nothing when the input holds no Service', () => {
    expect(problems(validRollout(), [])).toEqual([]);
  });
  it('finds both services', () => {
    expect(problems(validRollout(), [service('demo-canary'), service('demo-stable')])).toEqual([]);
  });
  it('reports a missing service once some Service is in the input', () => {
    expect(problems(validRollout(), [service('demo-canary')])).toEqual([
      { path: `${C}.stableService`, message: 'Service "demo-stable" not found in the input', kind: 'missing-reference' },
    ]);
  });
  it('matches namespaces, treating a missing namespace as any', () => {
    const r = setPath(validRollout(), 'metadata.namespace', 'prod');
    expect(problems(r, [service('demo-canary', undefined, 'prod'), service('demo-stable')])).toEqual([]);
    expect(problems(r, [service('demo-canary', undefined, 'dev'), service('demo-stable')])).toEqual([
      { path: `${C}.canaryService`, message: 'Service "demo-canary" not found in the input', kind: 'missing-reference' },
    ]);
  });
  it('reports a selector label the pods do not carry, ignoring the pod-template-hash', () => {
    expect(problems(validRollout(), [service('demo-canary', { app: 'other', 'rollouts-pod-template-hash': 'x' }), service('demo-stable')])).toEqual([
      { path: `${C}.canaryService`, message: 'Service "demo-canary" selects app=other, a label the pod template does not carry (it has app=demo)' },
    ]);
  });
  it('accepts selector labels from canaryMetadata', () => {
    const r = setPath(validRollout(), `${C}.canaryMetadata`, { labels: { role: 'canary' } });
    expect(problems(r, [service('demo-canary', { app: 'demo', role: 'canary' }), service('demo-stable')])).toEqual([]);
  });
  it('reports a Service another Rollout manages', () => {
    const svc = setPath(service('demo-canary'), 'metadata.annotations', { 'argo-rollouts.argoproj.io/managed-by-rollouts': 'other' });
    expect(problems(validRollout(), [svc, service('demo-stable')])).toEqual([
      { path: `${C}.canaryService`, message: 'Service "demo-canary" is managed by Rollout "other" (annotation argo-rollouts.argoproj.io/managed-by-rollouts)' },
    ]);
  });
  it('checks blue-green services', () => {
    const r = setPath(validRollout(), 'spec.strategy', { blueGreen: { activeService: 'active', previewService: 'preview' } });
    expect(problems(r, [service('active')])).toEqual([
      { path: 'spec.strategy.blueGreen.previewService', message: 'Service "preview" not found in the input', kind: 'missing-reference' },
    ]);
  });
});

describe('referenceProblems: routing', () => {
  it('accepts a VirtualService with the named route', () => {
    expect(problems(validRollout(), [virtualService('demo', ['primary'])])).toEqual([]);
  });
  it('reports a route the VirtualService lacks', () => {
    expect(problems(validRollout(), [virtualService('demo', ['main', 'other'])])).toEqual([
      { path: `${C}.trafficRouting.istio.virtualService.routes[0]`, message: 'route "primary" is not an http route of VirtualService "demo" (its named http routes: main, other)' },
    ]);
  });
  it('reports a missing VirtualService once some VirtualService is in the input', () => {
    expect(problems(validRollout(), [virtualService('elsewhere', ['primary'])])).toEqual([
      { path: `${C}.trafficRouting.istio.virtualService.name`, message: 'VirtualService "demo" not found in the input', kind: 'missing-reference' },
    ]);
  });
  it('checks the nginx stable Ingress and its backend', () => {
    const r = setPath(validRollout(), `${C}.trafficRouting`, { nginx: { stableIngress: 'web' } });
    expect(problems(r, [ingress('web', 'demo-stable')])).toEqual([]);
    expect(problems(r, [ingress('web', 'other')])).toEqual([
      { path: `${C}.trafficRouting.nginx.stableIngress`, message: 'Ingress "web" has no rule sending traffic to Service "demo-stable"' },
    ]);
    expect(problems(r, [ingress('api', 'demo-stable')])).toEqual([
      { path: `${C}.trafficRouting.nginx.stableIngress`, message: 'Ingress "web" not found in the input', kind: 'missing-reference' },
    ]);
  });
  it('checks ALB ingresses against the root service', () => {
    const r = setPath(validRollout(), `${C}.trafficRouting`, { alb: { ingress: 'web', rootService: 'root' } });
    expect(problems(r, [ingress('web', 'root')])).toEqual([]);
  });
});

describe('referenceProblems: analysis templates', () => {
  const withStep = () => setPath(validRollout(), `${C}.steps[1]`, { analysis: { templates: [{ templateName: 'rate' }], args: [{ name: 'svc', value: 'x' }] } });

  it('says nothing when the input holds no template', () => {
    expect(problems(withStep(), [])).toEqual([]);
  });
  it('finds the template and its args', () => {
    expect(problems(withStep(), [template('AnalysisTemplate', 'rate', [{ name: 'svc' }])])).toEqual([]);
  });
  it('reports a missing template, with a hint when the other scope has it', () => {
    expect(problems(withStep(), [template('ClusterAnalysisTemplate', 'rate')])).toEqual([
      { path: `${C}.steps[1].analysis.templates[0].templateName`, message: 'AnalysisTemplate "rate" not found in the input (a ClusterAnalysisTemplate has that name: set clusterScope: true)', kind: 'missing-reference' },
    ]);
  });
  it('reports an arg the template needs and the step does not pass', () => {
    expect(problems(withStep(), [template('AnalysisTemplate', 'rate', [{ name: 'svc' }, { name: 'host' }, { name: 'n', value: '1' }])])).toEqual([
      { path: `${C}.steps[1].analysis.args`, message: 'AnalysisTemplate "rate" needs arg "host", which is not passed here' },
    ]);
  });
  it('reports a step analysis metric that would never finish, but not a background one', () => {
    const endless = { ...template('AnalysisTemplate', 'rate', [{ name: 'svc' }]), spec: { args: [{ name: 'svc' }], metrics: [{ name: 'm', interval: '1m' }] } };
    expect(problems(withStep(), [endless])).toEqual([
      { path: `${C}.steps[1].analysis.templates[0].templateName`, message: 'AnalysisTemplate "rate" metric "m" has an interval but no count: it would run forever and this analysis would never finish' },
    ]);
    const background = setPath(validRollout(), `${C}.analysis`, { templates: [{ templateName: 'rate' }], args: [{ name: 'svc', value: 'x' }] });
    expect(problems(background, [endless])).toEqual([]);
  });
  it('checks Experiment analyses', () => {
    expect(problems(validExperiment(), [template('AnalysisTemplate', 'other')])).toEqual([
      { path: 'spec.analyses[0].templateName', message: 'AnalysisTemplate "http-benchmark" not found in the input', kind: 'missing-reference' },
    ]);
  });
});

describe('referenceProblems: workloadRef', () => {
  const deployment = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: {} });
  const referencing = (name: string) => {
    const r = setPath(validRollout(), 'spec.workloadRef', { apiVersion: 'apps/v1', kind: 'Deployment', name });
    return setPath(setPath(r, 'spec.template', undefined), 'spec.strategy.canary', { steps: [] });
  };
  it('says nothing when the input holds no Deployment', () => {
    expect(problems(referencing('web'), [])).toEqual([]);
  });
  it('finds the Deployment', () => {
    expect(problems(referencing('web'), [deployment('web')])).toEqual([]);
  });
  it('reports a Deployment not in the input once some Deployment is', () => {
    expect(problems(referencing('web'), [deployment('other')])).toEqual([
      { path: 'spec.workloadRef.name', message: 'Deployment "web" not found in the input', kind: 'missing-reference' },
    ]);
  });
});
