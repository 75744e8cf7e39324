// A weighted experiment step through Istio's real VirtualService CRD: while the Experiment runs,
// each weighted template's Service is an additional destination of the primary route with its
// share; when the Experiment ends the route is back to stable and canary only, and the Rollout
// goes on. Argo Rollouts does the same for Istio (calculateWeightDestinationsFromExperiment).
import type { KubernetesObject, V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { kinds } from '../../src/kube/resources.js';
import { waitFor } from './harness.js';
import { kanary } from './experiment-support.js';
import { rolloutNamed, routedControllerEnv, routeWeights } from './traffic-routing.js';

const MANIFESTS = `
apiVersion: v1
kind: Service
metadata: {name: web-stable}
spec: {selector: {app: web}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary}
spec: {selector: {app: web}, ports: [{port: 8080}]}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - name: primary
    route:
    - destination: {host: web-stable}
      weight: 100
    - destination: {host: web-canary}
      weight: 0
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "web:1", ports: [{containerPort: 8080}]}]}
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
        istio:
          virtualService: {name: web, routes: [primary]}
      steps:
      - setWeight: 20
      - experiment:
          duration: 15s
          templates:
          - {name: baseline, specRef: stable, weight: 10}
          - {name: candidate, specRef: canary, weight: 15}
      - pause: {}
`;

const env = routedControllerEnv();

interface ExperimentObject extends KubernetesObject { status?: { phase?: string } }

describe('weighted experiment templates through Istio', () => {
  it('routes each weighted template its share while the Experiment runs, and takes it back when it ends', async () => {
    const ns = await env.run('istio-exp-weights', MANIFESTS);
    const ref = { namespace: ns, name: 'web' };
    const observe = async () => {
      const r = await rolloutNamed(env.clients, ns, 'web');
      const name = r.status?.canary?.currentExperiment;
      const experiment = name ? await env.clients.resource<ExperimentObject>(kinds.Experiment).get({ namespace: ns, name }).catch(() => undefined) : undefined;
      return { phase: r.status?.phase, step: r.status?.currentStepIndex, experiment: name, experimentPhase: experiment?.status?.phase,
        weights: await routeWeights(env.clients, ns, 'web', 'primary'), status: r.status?.canary?.weights };
    };
    const reach = (what: string, ok: (s: Awaited<ReturnType<typeof observe>>) => boolean, timeoutMs = 60_000) =>
      waitFor(what, async () => { const s = await observe(); return ok(s) ? s : undefined; }, { timeoutMs, describe: observe });

    await reach('Healthy', (s) => s.phase === 'Healthy');
    await actions.setImage(env.clients, ref, 'web', 'web:2');
    const running = await reach('the experiment running with its share', (s) => s.experimentPhase === 'Running' && Object.keys(s.weights).length === 4
      && s.status?.additional?.length === 2);
    const name = running.experiment!;
    expect(running.weights).toEqual({ 'web-stable': 55, 'web-canary': 20, [`${name}-baseline`]: 10, [`${name}-candidate`]: 15 });
    expect(running.status?.additional?.map((a) => [a.serviceName, a.weight])).toEqual([[`${name}-baseline`, 10], [`${name}-candidate`, 15]]);
    // Each destination is a Service the Experiment made, selecting its template's pods by hash.
    for (const a of running.status?.additional ?? []) {
      const svc = await env.clients.resource<V1Service>(kinds.Service).get({ namespace: ns, name: a.serviceName ?? '' });
      expect(svc.spec?.selector?.['rollouts-pod-template-hash']).toBe(a.podTemplateHash);
    }

    // `kanary get rollout` shows what was set and what the VirtualService routes, read from it.
    const shown = await kanary(env.c.kubeconfigPath, ns, 'get', 'rollout', 'web');
    expect(shown.code).toBe(0);
    const set = `canary 20, stable 55, ${name}-baseline 10, ${name}-candidate 15`;
    expect(shown.out).toContain(`  Set:           ${set}\n  Routed:        ${set}\n  Verified:      not reported`);

    const after = await reach('paused after the experiment, the share back', (s) => s.phase === 'Paused' && s.step === 2, 90_000);
    expect(after.weights).toEqual({ 'web-stable': 80, 'web-canary': 20 });
    expect(after.status?.additional).toBeUndefined();
  }, 240_000);
});
