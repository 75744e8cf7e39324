import { describe, expect, it } from 'vitest';
import type { AnalysisTemplate, ClusterAnalysisTemplate } from '../api/types.js';
import type { KubeClients } from '../kube/client.js';
import { KubeError } from '../kube/errors.js';
import { ActionError, analysisRunFrom, createAnalysisRun, parseArgFlags, randomSuffix, terminateAnalysisRun } from './analysis-actions.js';

const job = { job: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } } };

const latency: AnalysisTemplate = {
  kind: 'AnalysisTemplate',
  metadata: { name: 'latency', annotations: { 'kanary.io/no-data': '*=Inconclusive' } },
  spec: {
    args: [{ name: 'service' }, { name: 'token', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }],
    metrics: [{ name: 'p99', provider: job }],
    templates: [{ templateName: 'errors', clusterScope: true }],
  },
};
const errors: ClusterAnalysisTemplate = {
  kind: 'ClusterAnalysisTemplate',
  metadata: { name: 'errors' },
  spec: { args: [{ name: 'service' }], metrics: [{ name: 'rate', provider: job }] },
};

function fakeClients(objects: Record<string, unknown>) {
  const created: unknown[] = [];
  const patched: unknown[] = [];
  const clients = {
    resource: (type: { kind: string }) => ({
      get: async (ref: { namespace?: string; name: string }) => {
        const o = objects[`${type.kind}/${ref.namespace ?? ''}/${ref.name}`];
        if (!o) throw new KubeError('NotFound', 'not found', 404);
        return o;
      },
      create: async (o: unknown) => (created.push(o), o),
      mergePatch: async (_ref: unknown, p: unknown) => (patched.push(p), {}),
    }),
  } as unknown as KubeClients;
  return { clients, created, patched };
}

describe('parseArgFlags', () => {
  it('splits at the first =', () => {
    expect(parseArgFlags(['service=web', 'q=a=b'])).toEqual([{ name: 'service', value: 'web' }, { name: 'q', value: 'a=b' }]);
  });
  it('refuses a flag without a name', () => {
    expect(() => parseArgFlags(['=x'])).toThrow(ActionError);
  });
});

describe('createAnalysisRun', () => {
  it('merges a template with the cluster templates it includes, keeps secret refs, names the run <template>-<5>', async () => {
    const { clients, created } = fakeClients({ 'AnalysisTemplate/team/latency': latency, 'ClusterAnalysisTemplate//errors': errors });
    const run = await createAnalysisRun(clients, { namespace: 'team', from: { name: 'latency' }, args: ['service=web'], randomSuffix: () => 'x7k2q' });
    expect(created).toHaveLength(1);
    expect(run.metadata).toEqual({ name: 'latency-x7k2q', namespace: 'team', annotations: { 'kanary.io/no-data': 'p99=Inconclusive' } });
    expect(run.spec.metrics.map((m) => m.name)).toEqual(['p99', 'rate']);
    expect(run.spec.args).toEqual([{ name: 'service', value: 'web' }, { name: 'token', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }]);
  });

  it('takes a template given whole (--from-file) and a given name', async () => {
    const { clients } = fakeClients({ 'ClusterAnalysisTemplate//errors': errors });
    const run = await createAnalysisRun(clients, { namespace: 'team', from: { template: errors }, args: { service: 'web' }, name: 'mine' });
    expect(run.metadata?.name).toBe('mine');
  });

  it('reports every problem at once', async () => {
    const { clients } = fakeClients({ 'ClusterAnalysisTemplate//errors': errors });
    const err = await createAnalysisRun(clients, { namespace: 'team', from: { template: errors }, args: ['sevice=web'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toContain('argument "sevice" is not declared by the template');
    expect((err as Error).message).toContain('arg "service" has no value');
  });

  it('names a template that is not there', async () => {
    const { clients } = fakeClients({});
    await expect(createAnalysisRun(clients, { namespace: 'team', from: { name: 'nope' } })).rejects.toThrow('AnalysisTemplate "nope" not found in namespace "team"');
  });

  it('asks for a value for a fieldRef arg', () => {
    const t: AnalysisTemplate = { metadata: { name: 't' }, spec: { args: [{ name: 'img', valueFrom: { fieldRef: { fieldPath: 'spec.template' } } }], metrics: [{ name: 'm', provider: job }] } };
    expect(() => analysisRunFrom([t], { namespace: 'n', name: 'r', args: [] })).toThrow('give it a value with -a img=<value>');
  });

  it('random suffixes use Kubernetes\' generated-name alphabet', () => {
    expect(randomSuffix()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('terminateAnalysisRun', () => {
  it('sets spec.terminate on a running run, leaves a completed one', async () => {
    const running = { spec: { metrics: [] }, status: { phase: 'Running' } };
    const done = { spec: { metrics: [] }, status: { phase: 'Failed' } };
    const { clients, patched } = fakeClients({ 'AnalysisRun/n/a': running, 'AnalysisRun/n/b': done });
    expect(await terminateAnalysisRun(clients, { namespace: 'n', name: 'a' })).toBe('terminated');
    expect(await terminateAnalysisRun(clients, { namespace: 'n', name: 'b' })).toBe('already-completed');
    expect(patched).toEqual([{ spec: { terminate: true } }]);
    await expect(terminateAnalysisRun(clients, { namespace: 'n', name: 'c' })).rejects.toThrow(ActionError);
  });
});
