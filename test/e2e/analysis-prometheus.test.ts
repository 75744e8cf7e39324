// AnalysisRuns measured by a real Prometheus (Debian's binary) scraping a target this test serves:
// a healthy value passes, a bad one fails naming the value and the condition, an empty result
// says so with a hint, and the kanary.io/no-data annotation decides what no data means.
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisRun } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { startPrometheus, type PrometheusFixture } from '../support/prometheus.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';

let c: Cluster;
let clients: KubeClients;
let ns = '';
let controller: ControllerProcess;
let prom: PrometheusFixture;

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  prom = await startPrometheus([
    '# TYPE web_error_rate gauge',
    'web_error_rate{version="stable"} 1.2',
    'web_error_rate{version="canary"} 16.31',
    '',
  ].join('\n'));
  await prom.waitForData('web_error_rate{version="canary"}');
  ns = await createNamespace(c, 'analysis-prometheus');
  controller = startControllerProcess(c.kubeconfigPath, ns);
});
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(`controller log:\n${controller.log().slice(-8000)}`);
});
afterAll(async () => {
  await controller?.stop();
  await prom?.stop();
  await deleteNamespace(c, ns);
});

type RunObject = AnalysisRun & KubernetesObject;

async function getRun(name: string): Promise<RunObject> {
  return clients.resource<RunObject>(kinds.AnalysisRun).get({ namespace: ns, name });
}

async function finished(name: string): Promise<RunObject> {
  return waitFor(`AnalysisRun ${name} to complete`, async () => {
    const run = await getRun(name);
    return run.status?.completedAt ? run : undefined;
  }, { timeoutMs: 60_000, intervalMs: 300, describe: async () => (await getRun(name)).status });
}

function run(name: string, version: string, annotations = '{}'): string {
  return `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: ${name}, annotations: ${annotations}}
spec:
  args: [{name: version, value: "${version}"}]
  metrics:
    - name: error-rate
      successCondition: result[0] <= 5
      consecutiveErrorLimit: 0
      provider:
        prometheus:
          address: ${prom.url}
          query: web_error_rate{version="{{args.version}}"}
`;
}

describe('AnalysisRun with a Prometheus metric', () => {
  it('a healthy value: Successful', async () => {
    await apply(c, run('healthy', 'stable'), ns);
    const done = await finished('healthy');
    expect(done.status?.phase).toBe('Successful');
    const result = done.status?.metricResults?.[0];
    expect(result?.measurements?.[0]).toMatchObject({ phase: 'Successful', value: '[1.2]' });
    expect(result?.metadata).toEqual({ ResolvedPrometheusQuery: 'web_error_rate{version="stable"}' });
  });

  it('a bad value: Failed, and the message names the value and the condition', async () => {
    await apply(c, run('bad', 'canary'), ns);
    const done = await finished('bad');
    expect(done.status?.phase).toBe('Failed');
    const measurement = done.status?.metricResults?.[0]?.measurements?.[0];
    expect(measurement).toMatchObject({ phase: 'Failed', value: '[16.31]', message: 'value [16.31] failed successCondition "result[0] <= 5"' });
    expect(done.status?.message).toContain('Metric "error-rate" assessed Failed due to failed (1) > failureLimit (0)');
    expect(done.status?.message).toContain('value [16.31] failed successCondition');
  });

  it('count 3 at 1s: three measurements, three queries, no extra work in between', async () => {
    await apply(c, run('repeat', 'stable').replace('consecutiveErrorLimit: 0', 'count: 3\n      interval: 1s'), ns);
    const done = await finished('repeat');
    expect(done.status?.phase).toBe('Successful');
    expect(done.status?.metricResults?.[0]).toMatchObject({ count: 3, successful: 3 });
    // The controller logs in text (controller-process.ts): `<time> DEBUG measured  ... analysisRun=<ns>/repeat ...`.
    const queries = controller.log().split('\n').filter((l) => l.includes(`analysisRun=${ns}/repeat`) && / DEBUG measured {2}/.test(l));
    expect(queries).toHaveLength(3);
  });

  it('no data: the measurement says so, with the hint', async () => {
    await apply(c, run('empty', 'nonexistent'), ns);
    const done = await finished('empty');
    expect(done.status?.phase).toBe('Error');
    const message = done.status?.metricResults?.[0]?.measurements?.[0]?.message ?? '';
    expect(message).toContain('no data returned for query "web_error_rate{version=\\"nonexistent\\"}"');
    expect(message).toContain('use len(result) > 0 or default(result, 0) in the condition, or set a no-data policy with the kanary.io/no-data annotation');
  });

  it('no data with kanary.io/no-data error-rate=Inconclusive: Inconclusive', async () => {
    await apply(c, run('empty-inconclusive', 'nonexistent', '{kanary.io/no-data: "error-rate=Inconclusive"}'), ns);
    const done = await finished('empty-inconclusive');
    expect(done.status?.phase).toBe('Inconclusive');
    expect(done.status?.metricResults?.[0]?.measurements?.[0]).toMatchObject({
      phase: 'Inconclusive', value: '[]', message: expect.stringContaining('no-data policy Inconclusive applies'),
    });
  });
});
