// Seed 004 without Istio (the routing issue adds it) and seed 003's background analysis without
// NGINX: real metrics decide promotion or rollback. A real Prometheus scrapes a target this test
// serves; the real controller binary runs the Rollouts and the AnalysisRuns on the local control
// plane; a Job (kwok's stages) stands in for seed 003's probe.
import type { KubernetesObject, V1ReplicaSet } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import type { AnalysisRun, Rollout } from '../../src/api/types.js';
import { kinds } from '../../src/kube/resources.js';
import { startPrometheus, type PrometheusFixture } from '../support/prometheus.js';
import { controllerPerTest } from './controller-namespace.js';
import { waitFor } from './harness.js';

const env = controllerPerTest();
let prometheus: PrometheusFixture;

/** What the scraped target serves: the 5xx count the analysis looks at. */
function errors(value: number): string {
  return `# TYPE http_requests_total counter\nhttp_requests_total{code="500",service="istio-demo"} ${value}\n`;
}

beforeAll(async () => {
  prometheus = await startPrometheus(errors(2));
  await prometheus.waitForData('http_requests_total');
}, 120_000);
afterAll(async () => {
  await prometheus?.stop();
});

function seed004(address: string): string {
  return `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: http-error-rate}
spec:
  args:
  - name: service-name
  metrics:
  - name: http_error_count
    successCondition: result[0] <= 5
    failureLimit: 0
    provider:
      prometheus:
        address: ${address}
        query: max(http_requests_total{code="500",service="{{args.service-name}}"})
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: istio-demo}
spec:
  replicas: 4
  selector: {matchLabels: {app: istio-demo}}
  template:
    metadata: {labels: {app: istio-demo}}
    spec: {containers: [{name: app, image: "demo:blue"}]}
  strategy:
    canary:
      steps:
      - setWeight: 50
      - pause: {}
      - analysis:
          templates:
          - templateName: http-error-rate
          args:
          - name: service-name
            value: istio-demo
`;
}

const rollouts = () => env.clients.resource<Rollout & KubernetesObject>(kinds.Rollout);

async function reach(ns: string, name: string, check: (r: Rollout) => boolean, what: string, timeoutMs = 60_000): Promise<Rollout> {
  return waitFor(`${name}: ${what}`, async () => {
    const r = await rollouts().get({ namespace: ns, name });
    return check(r) && r.status?.observedGeneration === String(r.metadata?.generation) ? r : undefined;
  }, {
    timeoutMs,
    describe: async () => {
      const r = await rollouts().get({ namespace: ns, name });
      const runs = await env.clients.resource<AnalysisRun & KubernetesObject>(kinds.AnalysisRun).list({ namespace: ns });
      return { status: r.status, runs: runs.items.map((x) => ({ name: x.metadata?.name, status: x.status })) };
    },
  });
}

async function sizes(ns: string): Promise<number[]> {
  const list = await env.clients.resource<V1ReplicaSet>(kinds.ReplicaSet).list({ namespace: ns });
  return list.items.sort((a, b) => Number(a.metadata?.annotations?.['rollout.argoproj.io/revision']) - Number(b.metadata?.annotations?.['rollout.argoproj.io/revision']))
    .map((rs) => rs.spec?.replicas ?? 0);
}

describe('seed 004: an analysis step on real Prometheus data', () => {
  it('promotes a healthy version, aborts an erroring one naming the value, and retry works', async () => {
    const ns = await env.run('seed-004', seed004(prometheus.url));
    const ref = { namespace: ns, name: 'istio-demo' };
    await reach(ns, 'istio-demo', (r) => r.status?.phase === 'Healthy', 'Healthy');

    // A healthy version: 2 errors, under the threshold of 5.
    prometheus.target.setExposition(errors(2));
    await actions.setImage(env.clients, ref, 'app', 'demo:green');
    await reach(ns, 'istio-demo', (r) => r.status?.phase === 'Paused' && r.status.currentStepIndex === 1, 'paused at step 2');
    expect(await sizes(ns)).toEqual([2, 2]);
    await actions.promote(env.clients, ref);
    await reach(ns, 'istio-demo', (r) => r.status?.phase === 'Healthy' && r.status.currentStepIndex === 3, 'promoted by the analysis');
    expect(await sizes(ns)).toEqual([0, 4]);

    // An erroring version: 16.31 errors; the run fails and the rollout aborts, naming the value.
    prometheus.target.setExposition(errors(16.31));
    await prometheus.waitForData('http_requests_total > 16');
    await actions.setImage(env.clients, ref, 'app', 'demo:red');
    await reach(ns, 'istio-demo', (r) => r.status?.phase === 'Paused', 'paused at step 2');
    await actions.promote(env.clients, ref);
    const aborted = await reach(ns, 'istio-demo', (r) => r.status?.phase === 'Degraded' && r.status.abort === true, 'aborted by the analysis');
    expect(aborted.status?.message).toContain('Metric "http_error_count" assessed Failed due to failed (1) > failureLimit (0)');
    expect(aborted.status?.message).toContain('16.31');
    await waitFor('the canary scaled away', async () => JSON.stringify(await sizes(ns)) === JSON.stringify([0, 4, 0]));

    // The errors stop; retry runs the steps again and the new analysis passes.
    prometheus.target.setExposition(errors(1));
    await prometheus.waitForData('http_requests_total < 2');
    await actions.retry(env.clients, ref);
    await reach(ns, 'istio-demo', (r) => r.status?.phase === 'Paused' && r.status.currentStepIndex === 1, 'paused again after retry');
    await actions.promote(env.clients, ref);
    await reach(ns, 'istio-demo', (r) => r.status?.phase === 'Healthy' && r.status.currentStepIndex === 3, 'promoted after retry');
  });
});

describe('seed 003: background analysis with a Job', () => {
  it('aborts the rollout on its own when the probe Job fails', async () => {
    const ns = await env.run('seed-003', `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: error-probe}
spec:
  metrics:
  - name: probe
    interval: 2s
    failureLimit: 0
    provider:
      job:
        spec:
          backoffLimit: 0
          template:
            metadata: {labels: {sim.kanary.io/outcome: fail}}
            spec:
              restartPolicy: Never
              containers: [{name: probe, image: curlimages/curl}]
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: guestbook}
spec:
  replicas: 5
  selector: {matchLabels: {app: guestbook}}
  template:
    metadata: {labels: {app: guestbook}}
    spec: {containers: [{name: app, image: "guestbook:1"}]}
  strategy:
    canary:
      analysis:
        templates: [{templateName: error-probe}]
      steps:
      - setWeight: 40
      - pause: {duration: 3m}
      - setWeight: 60
`);
    await reach(ns, 'guestbook', (r) => r.status?.phase === 'Healthy', 'Healthy');
    await actions.setImage(env.clients, { namespace: ns, name: 'guestbook' }, 'app', 'guestbook:2');
    const aborted = await reach(ns, 'guestbook', (r) => r.status?.phase === 'Degraded' && r.status.abort === true, 'aborted by the background analysis');
    expect(aborted.status?.message).toContain('Metric "probe" assessed Failed');
    await waitFor('stable back at 5', async () => JSON.stringify(await sizes(ns)) === JSON.stringify([5, 0]));
  });
});
