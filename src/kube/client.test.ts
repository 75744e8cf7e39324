import { describe, expect, it } from 'vitest';
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { FakeClock } from './clock.js';
import { createKubeClients } from './client.js';
import { KubeError } from './errors.js';
import { kinds, resourcePath } from './resources.js';
import { TokenBucket } from './token-bucket.js';
import type { HttpRequest, HttpResponse, Transport } from './transport.js';

function fakeTransport(reply: (req: HttpRequest) => HttpResponse | Error) {
  const requests: HttpRequest[] = [];
  const transport: Transport = {
    request: async (req) => {
      requests.push(req);
      const r = reply(req);
      if (r instanceof Error) throw r;
      return r;
    },
    stream: () => ({ abort: () => undefined }),
  };
  return { transport, requests };
}

function setup(reply: (req: HttpRequest) => HttpResponse | Error) {
  const registry = new Registry();
  const { transport, requests } = fakeTransport(reply);
  const clients = createKubeClients(new KubeConfig(), { transport, registry, qps: 0 });
  const metric = async () => (await registry.getSingleMetric('kanary_k8s_api_calls_total')!.get()).values
    .map((v) => ({ ...v.labels, value: v.value }));
  return { clients, requests, metric };
}

describe('resourcePath', () => {
  it.each([
    [resourcePath(kinds.Pod, 'web'), '/api/v1/namespaces/web/pods'],
    [resourcePath(kinds.Rollout, 'web', 'r1'), '/apis/argoproj.io/v1alpha1/namespaces/web/rollouts/r1'],
    [resourcePath(kinds.Rollout, 'web', 'r1', 'status'), '/apis/argoproj.io/v1alpha1/namespaces/web/rollouts/r1/status'],
    [resourcePath(kinds.Rollout), '/apis/argoproj.io/v1alpha1/rollouts'],
    [resourcePath(kinds.ClusterAnalysisTemplate, 'ignored', 'c'), '/apis/argoproj.io/v1alpha1/clusteranalysistemplates/c'],
  ])('%s', (got, want) => expect(got).toBe(want));
});

describe('ResourceClient', () => {
  it('writes status on /status for Rollouts, on the object itself for kinds without the subresource (as Argo\'s CRDs)', async () => {
    const { clients, requests } = setup(() => ({ status: 200, body: {} }));
    await clients.resource(kinds.Rollout).patchStatus({ namespace: 'a', name: 'r1' }, { status: {} });
    await clients.resource(kinds.AnalysisRun).patchStatus({ namespace: 'a', name: 'run' }, { status: {} });
    await clients.resource(kinds.Experiment).patchStatus({ namespace: 'a', name: 'x' }, { status: {} });
    expect(requests.map((r) => r.path)).toEqual([
      '/apis/argoproj.io/v1alpha1/namespaces/a/rollouts/r1/status',
      '/apis/argoproj.io/v1alpha1/namespaces/a/analysisruns/run',
      '/apis/argoproj.io/v1alpha1/namespaces/a/experiments/x',
    ]);
  });

  it('counts calls by kind, verb and code, never by name', async () => {
    const { clients, metric } = setup((req) => (req.path.endsWith('/missing')
      ? { status: 404, body: { kind: 'Status', code: 404, reason: 'NotFound', message: 'rollouts "missing" not found' } }
      : { status: 200, body: { metadata: { name: 'r1' } } }));
    const rollouts = clients.resource(kinds.Rollout);
    await rollouts.get({ namespace: 'a', name: 'r1' });
    await rollouts.get({ namespace: 'b', name: 'r2' });
    const err = await rollouts.get({ namespace: 'a', name: 'missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).kind).toBe('NotFound');
    expect(await metric()).toEqual([
      { kind: 'Rollout', verb: 'get', code: '200', value: 2 },
      { kind: 'Rollout', verb: 'get', code: '404', value: 1 },
    ]);
  });

  it('counts a call that got no response with code 0 and classifies it Transient', async () => {
    const { clients, metric } = setup(() => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const err = await clients.resource(kinds.Pod).list({ namespace: 'x' }).catch((e: unknown) => e as KubeError);
    expect((err as KubeError).kind).toBe('Transient');
    expect(await metric()).toEqual([{ kind: 'Pod', verb: 'list', code: '0', value: 1 }]);
  });

  it('sends merge patches, JSON patches and status patches with their content types', async () => {
    const { clients, requests } = setup(() => ({ status: 200, body: {} }));
    const rollouts = clients.resource(kinds.Rollout);
    const ref = { namespace: 'ns', name: 'r' };
    await rollouts.mergePatch(ref, { spec: { paused: false } });
    await rollouts.jsonPatch(ref, [{ op: 'remove', path: '/spec/paused' }]);
    await rollouts.patchStatus(ref, { status: { phase: 'Healthy' } });
    expect(requests.map((r) => [r.method, r.path, r.contentType])).toEqual([
      ['PATCH', '/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r', 'application/merge-patch+json'],
      ['PATCH', '/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r', 'application/json-patch+json'],
      ['PATCH', '/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r/status', 'application/merge-patch+json'],
    ]);
  });

  it('follows continue tokens and fills in apiVersion and kind of listed items', async () => {
    const { clients, requests } = setup((req) => (req.query?.continue
      ? { status: 200, body: { metadata: { resourceVersion: '9' }, items: [{ metadata: { name: 'b' } }] } }
      : { status: 200, body: { metadata: { resourceVersion: '7', continue: 'tok' }, items: [{ metadata: { name: 'a' } }] } }));
    const res = await clients.resource<KubernetesObject>(kinds.ReplicaSet).list({ namespace: 'ns', labelSelector: 'app=x' });
    expect(res.resourceVersion).toBe('7');
    expect(res.items.map((i) => [i.apiVersion, i.kind, i.metadata?.name])).toEqual([['apps/v1', 'ReplicaSet', 'a'], ['apps/v1', 'ReplicaSet', 'b']]);
    expect(requests[1]?.query).toMatchObject({ continue: 'tok', labelSelector: 'app=x' });
  });
});

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces at qps', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ qps: 10, burst: 3, clock });
    const done: number[] = [];
    for (let i = 0; i < 6; i++) void bucket.take().then(() => done.push(clock.now()));
    await clock.advance(1_000);
    expect(done).toEqual([0, 0, 0, 100, 200, 300]);
    await clock.advance(10_000);
    expect(bucket.delayMs()).toBe(0);
  });
});
