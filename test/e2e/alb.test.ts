// The ALB router's header routes on the real Ingress API (networking.k8s.io/v1): a setHeaderRoute
// step adds the route's action and conditions annotations and a `/*` path first in the Ingress's
// rule, recorded in Argo's managed-alb-annotations; an abort and the end of the update take them
// away, leaving the user's paths and annotations as they were.
import type { V1Ingress } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { kinds } from '../../src/kube/resources.js';
import { waitFor } from './harness.js';
import { rolloutNamed, routedControllerEnv } from './traffic-routing.js';

const MANIFESTS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: {alb.ingress.kubernetes.io/scheme: internet-facing}
spec:
  ingressClassName: alb
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web-stable, port: {name: use-annotation}}}}
      - {path: /admin, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: 'example.com/app:1', ports: [{name: http, containerPort: 8080}]}]
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
        managedRoutes: [{name: header-route}]
        alb: {ingress: web, servicePort: 80}
      steps:
      - setWeight: 25
      - setHeaderRoute:
          name: header-route
          match: [{headerName: x-canary, headerValue: {exact: "yes"}}, {headerName: x-canary, headerValue: {exact: "also"}}]
      - pause: {}
      - setWeight: 50
      - pause: {}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-stable}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
`;

const PREFIX = 'alb.ingress.kubernetes.io';
const ACTION = `${PREFIX}/actions.web-stable`;
const env = routedControllerEnv();

describe('ALB header routes (setHeaderRoute)', () => {
  it('adds the route\'s annotations and path at its step, removes them on abort and when the update completes', async () => {
    const ns = await env.namespace('alb-headers', MANIFESTS);
    const ingress = () => env.clients.resource<V1Ingress>(kinds.Ingress).get({ namespace: ns, name: 'web' });
    const originalSpec = (await ingress()).spec;
    env.startController(ns);
    const ref = { namespace: ns, name: 'web' };
    const observe = async () => {
      const r = await rolloutNamed(env.clients, ns, 'web');
      const i = await ingress();
      return { phase: r.status?.phase, step: r.status?.currentStepIndex, annotations: i.metadata?.annotations ?? {},
        paths: (i.spec?.rules?.[0]?.http?.paths ?? []).map((p) => p.backend.service?.name) };
    };
    const reach = (what: string, ok: (s: Awaited<ReturnType<typeof observe>>) => boolean) =>
      waitFor(what, async () => { const s = await observe(); return ok(s) ? s : undefined; }, { timeoutMs: 90_000, describe: observe });
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

    await reach('Healthy', (s) => s.phase === 'Healthy');
    await actions.setImage(env.clients, ref, 'app', 'example.com/app:2');
    const paused = await reach('paused with the header route', (s) => s.phase === 'Paused' && s.step === 2 && same(s.paths, ['header-route', 'web-stable', 'admin']));
    expect(paused.annotations).toEqual({
      [`${PREFIX}/scheme`]: 'internet-facing',
      [ACTION]: '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":25},{"ServiceName":"web-stable","ServicePort":"80","Weight":75}]}}',
      [`${PREFIX}/actions.header-route`]: '{"Type":"forward","ForwardConfig":{"TargetGroups":[{"ServiceName":"web-canary","ServicePort":"80","Weight":100}]}}',
      [`${PREFIX}/conditions.header-route`]: '[{"field":"http-header","httpHeaderConfig":{"httpHeaderName":"x-canary","values":["yes","also"]}}]',
      'rollouts.argoproj.io/managed-alb-annotations': `{"web":["${ACTION}","${PREFIX}/actions.header-route","${PREFIX}/conditions.header-route"]}`,
    });
    expect((await ingress()).spec?.rules?.[0]?.http?.paths?.[0]).toEqual({
      path: '/*', pathType: 'ImplementationSpecific', backend: { service: { name: 'header-route', port: { name: 'use-annotation' } } },
    });

    await actions.abort(env.clients, ref);
    const aborted = await reach('aborted without the header route', (s) => s.phase === 'Degraded' && same(s.paths, ['web-stable', 'admin']));
    expect(Object.keys(aborted.annotations).sort()).toEqual([ACTION, `${PREFIX}/scheme`, 'rollouts.argoproj.io/managed-alb-annotations']);
    expect(aborted.annotations[ACTION]).toContain('{"ServiceName":"web-stable","ServicePort":"80","Weight":100}');

    await actions.retry(env.clients, ref);
    await reach('the header route again after retry', (s) => s.phase === 'Paused' && s.step === 2 && s.paths.length === 3);
    await actions.promote(env.clients, ref);
    await reach('paused at 50 with the header route', (s) => s.phase === 'Paused' && s.step === 4 && s.paths.length === 3 && s.annotations[ACTION]?.includes('"Weight":50') === true);
    await actions.promote(env.clients, ref);
    const done = await reach('Healthy without the header route', (s) => s.phase === 'Healthy' && same(s.paths, ['web-stable', 'admin']));
    expect(done.annotations['rollouts.argoproj.io/managed-alb-annotations']).toBe(`{"web":["${ACTION}"]}`);
    expect((await ingress()).spec).toEqual(originalSpec);
  }, 300_000);
});
