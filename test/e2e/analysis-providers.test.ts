// Metric providers beyond Prometheus through the real controller and the real API server: the
// Datadog keys read from real Secrets (the controller's namespace, and the run's own with
// `secretRef.namespaced`) and sent to a local server answering as Datadog documents, never
// written to status or the log; Kayenta's asynchronous flow resumed by the controller; a real
// Graphite's empty series under the run's no-data policy.
import type { KubernetesObject } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisRun } from '../../src/api/types.js';
import { createKubeClients, type KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { graphiteMissing, startGraphite, type GraphiteFixture } from '../../src/providers/graphite/graphite-server.test-support.js';
import { startVendorServer, type VendorServer } from '../../src/providers/vendor-server.test-support.js';
import { startControllerProcess, type ControllerProcess } from './controller-process.js';
import { apply, connect, createNamespace, deleteNamespace, waitFor, type Cluster } from './harness.js';

const API_KEY = 'dd-e2e-api-key-7f3a';
const APP_KEY = 'dd-e2e-app-key-9c1b';
const RUN_KEY = 'dd-e2e-run-key-4d2e';

let c: Cluster;
let clients: KubeClients;
let ns = '';
let controller: ControllerProcess;
let datadog: VendorServer;
let kayenta: VendorServer;
let graphite: GraphiteFixture | undefined;
const savedPodNamespace = process.env['POD_NAMESPACE'];
const noGraphite = graphiteMissing();
if (noGraphite) console.warn(`the Graphite case is skipped: ${noGraphite}`);

beforeAll(async () => {
  c = connect();
  clients = createKubeClients(c.kc);
  ns = await createNamespace(c, 'analysis-providers');
  datadog = await startVendorServer((req) => ({
    body: req.headers['dd-api-key'] === RUN_KEY
      ? { series: [] }
      : { series: [{ pointlist: [[Date.now() - 60_000, 0.02], [Date.now(), 0.005]] }] },
  }));
  let polls = 0;
  kayenta = await startVendorServer((req) => {
    if (req.path === '/canaryConfig') return { body: [{ id: 'cfg-1', name: 'web' }] };
    if (req.method === 'POST') return { body: { canaryExecutionId: 'exec-1' } };
    polls++;
    return { body: polls < 2 ? { complete: false } : { complete: true, result: { judgeResult: { score: { score: 97 } } } } };
  });
  if (!noGraphite) graphite = await startGraphite();
  await apply(c, `
apiVersion: v1
kind: Secret
metadata: {name: datadog}
stringData: {api-key: ${API_KEY}, app-key: ${APP_KEY}, address: "${datadog.url}"}
---
apiVersion: v1
kind: Secret
metadata: {name: dd-run}
stringData: {api-key: ${RUN_KEY}, app-key: ${RUN_KEY}, address: "${datadog.url}"}
`, ns);
  // The controller's namespace, where the shared provider Secrets live, is the test namespace.
  process.env['POD_NAMESPACE'] = ns;
  controller = startControllerProcess(c.kubeconfigPath, ns);
}, 120_000);
afterEach((ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(`controller log:\n${controller.log().slice(-8000)}`);
});
afterAll(async () => {
  if (savedPodNamespace === undefined) delete process.env['POD_NAMESPACE'];
  else process.env['POD_NAMESPACE'] = savedPodNamespace;
  await controller?.stop();
  await Promise.all([datadog?.close(), kayenta?.close(), graphite?.stop()]);
  await deleteNamespace(c, ns);
});

type RunObject = AnalysisRun & KubernetesObject;

async function waitForPhase(name: string, phase: string): Promise<RunObject> {
  const get = () => clients.resource<RunObject>(kinds.AnalysisRun).get({ namespace: ns, name });
  return waitFor(`AnalysisRun ${name} to be ${phase}`, async () => {
    const run = await get();
    return run.status?.phase === phase ? run : undefined;
  }, { timeoutMs: 90_000, intervalMs: 300, describe: async () => (await get()).status });
}

describe('metric providers through the controller', () => {
  it('datadog: reads the keys from the Secret in the controller\'s namespace and never shows them', async () => {
    await apply(c, `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: dd-shared}
spec:
  metrics:
  - name: error-rate
    successCondition: result <= 0.01
    provider:
      datadog: {query: "avg:requests.error.rate{service:web}", interval: 5m}
`, ns);
    const run = await waitForPhase('dd-shared', 'Successful');
    expect(run.status?.metricResults?.[0]?.measurements?.[0]).toMatchObject({ phase: 'Successful', value: '0.005' });
    const seen = datadog.requests.find((r) => r.headers['dd-api-key'] === API_KEY);
    expect(seen?.headers['dd-application-key']).toBe(APP_KEY);
    expect(seen?.query.get('query')).toBe('avg:requests.error.rate{service:web}');
    expect(JSON.stringify(run)).not.toContain(API_KEY);
    expect(controller.log()).not.toContain(API_KEY);
    expect(controller.log()).not.toContain(APP_KEY);
  });

  it('datadog: a namespaced secretRef reads the run\'s namespace; no points is null, so default() decides', async () => {
    await apply(c, `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: dd-namespaced}
spec:
  metrics:
  - name: error-rate
    successCondition: default(result, 0) <= 0.01
    provider:
      datadog: {query: "avg:quiet{*}", secretRef: {name: dd-run, namespaced: true}}
`, ns);
    const run = await waitForPhase('dd-namespaced', 'Successful');
    expect(run.status?.metricResults?.[0]?.measurements?.[0]).toMatchObject({ phase: 'Successful', value: '[]' });
    expect(datadog.requests.some((r) => r.headers['dd-api-key'] === RUN_KEY)).toBe(true);
    expect(controller.log()).not.toContain(RUN_KEY);
  });

  it('datadog: a Secret that does not exist is an Error naming it, and the run errors', async () => {
    await apply(c, `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: dd-missing}
spec:
  metrics:
  - name: error-rate
    consecutiveErrorLimit: 0
    successCondition: result <= 0.01
    provider:
      datadog: {query: "avg:x{*}", secretRef: {name: nowhere}}
`, ns);
    const run = await waitForPhase('dd-missing', 'Error');
    expect(run.status?.metricResults?.[0]?.measurements?.[0]?.message).toBe(`datadog: secret "nowhere" not found in namespace "${ns}"`);
  });

  it('kayenta: starts an execution, is resumed by the controller until complete, and judges the score', async () => {
    await apply(c, `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata: {name: kayenta}
spec:
  metrics:
  - name: judgement
    provider:
      kayenta:
        address: "${kayenta.url}"
        application: web
        canaryConfigName: web
        metricsAccountName: m
        configurationAccountName: c
        storageAccountName: s
        threshold: {pass: 90, marginal: 75}
        scopes:
        - name: default
          controlScope: {scope: stable, region: r, step: 60, start: "2026-01-01T00:00:00Z", end: "2026-01-01T01:00:00Z"}
          experimentScope: {scope: canary, region: r, step: 60, start: "2026-01-01T00:00:00Z", end: "2026-01-01T01:00:00Z"}
`, ns);
    const run = await waitForPhase('kayenta', 'Successful');
    expect(run.status?.metricResults?.[0]?.measurements?.[0]).toMatchObject({ phase: 'Successful', value: '97', metadata: { canaryExecutionId: 'exec-1' } });
    expect(kayenta.requests.filter((r) => r.path === '/canary/exec-1').length).toBeGreaterThanOrEqual(2);
  });

  it('graphite: an empty series takes the run\'s no-data policy', async (ctx) => {
    if (noGraphite) ctx.skip(noGraphite);
    await apply(c, `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisRun
metadata:
  name: graphite-quiet
  annotations: {kanary.io/no-data: "requests=Inconclusive"}
spec:
  metrics:
  - name: requests
    successCondition: result[0] > 0
    provider:
      graphite: {address: "${graphite?.url}", query: "target=app.nothing&from=-5min"}
`, ns);
    const run = await waitForPhase('graphite-quiet', 'Inconclusive');
    expect(run.status?.metricResults?.[0]?.measurements?.[0]).toMatchObject({ phase: 'Inconclusive', value: '[]' });
    expect(run.status?.metricResults?.[0]?.measurements?.[0]?.message).toContain('no data returned for query "target=app.nothing&from=-5min"');
  });
});
