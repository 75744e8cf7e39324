// Kanary's generated CRDs on a real kube-apiserver: every seed and example manifest is accepted
// as written, and a Rollout that breaks the schema is rejected with the field named.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createNamespace, deleteNamespace, manifests, type Cluster } from './harness.js';
import { createKubeClients } from '../../src/kube/client.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const plurals: Record<string, string> = {
  Rollout: 'rollouts', AnalysisTemplate: 'analysistemplates', ClusterAnalysisTemplate: 'clusteranalysistemplates',
  AnalysisRun: 'analysisruns', Experiment: 'experiments',
};

let c: Cluster;
let ns: string;
beforeAll(async () => {
  c = connect();
  ns = await createNamespace(c, 'crds');
});
afterAll(async () => deleteNamespace(c, ns));

/** A raw call through Kanary's transport; rejects with the apiserver's message on 4xx/5xx. */
async function requestJson(kc: Cluster['kc'], method: 'GET' | 'POST', path: string, body?: string): Promise<unknown> {
  const res = await createKubeClients(kc).transport.request({ method, path, ...(body !== undefined ? { body: JSON.parse(body) as unknown } : {}) });
  if (res.status >= 400) {
    const message = (res.body as { message?: string } | undefined)?.message ?? JSON.stringify(res.body);
    throw Object.assign(new Error(`${method} ${path}: ${res.status}: ${message}`), { code: res.status });
  }
  return res.body;
}

/** Server-side dry-run create of one argoproj.io object: validates against the installed CRD, stores nothing. */
async function dryRunCreate(obj: { kind?: string; metadata?: { name?: string } }): Promise<unknown> {
  const plural = plurals[obj.kind ?? ''];
  if (!plural) throw new Error(`not an argoproj.io kind: ${obj.kind}`);
  const scoped = obj.kind === 'ClusterAnalysisTemplate' ? '' : `/namespaces/${ns}`;
  const body = { ...obj, metadata: { ...obj.metadata, namespace: obj.kind === 'ClusterAnalysisTemplate' ? undefined : ns } };
  return requestJson(c.kc, 'POST', `/apis/argoproj.io/v1alpha1${scoped}/${plural}?dryRun=All`, JSON.stringify(body));
}

function argoDocs(dir: string): { file: string; obj: { apiVersion?: string; kind?: string; metadata?: { name?: string } } }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().flatMap((file) =>
    manifests(readFileSync(path.join(dir, file), 'utf8'))
      .filter((o) => o.apiVersion === 'argoproj.io/v1alpha1')
      .map((obj) => ({ file, obj })));
}

describe('CRDs on a real kube-apiserver', () => {
  const seeds = argoDocs(path.join(repo, 'examples/seeds'));
  const examples = argoDocs(path.join(repo, 'examples'));

  it('finds the seed manifests to check', () => {
    expect(seeds.length).toBeGreaterThan(5);
  });

  it.each([...seeds, ...examples].map((d) => [`${d.file} ${d.obj.kind}/${d.obj.metadata?.name}`, d.obj] as const))(
    'accepts %s as written', async (_name, obj) => {
      await expect(dryRunCreate(obj)).resolves.toMatchObject({ kind: obj.kind });
    });

  it('rejects a Rollout that breaks the schema, naming the field', async () => {
    const bad = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'bad' },
      spec: {
        replicas: 'three',
        selector: { matchLabels: { app: 'bad' } },
        template: { metadata: { labels: { app: 'bad' } }, spec: { containers: [{ name: 'a', image: 'a:1' }] } },
        strategy: { canary: { steps: [{ setWeight: 'twenty' }] } },
      },
    };
    const err = await dryRunCreate(bad).then(() => undefined, (e: { code?: number; message: string }) => e);
    expect(err?.code).toBe(422);
    expect(err?.message).toContain('spec.replicas');
    expect(err?.message).toContain('spec.strategy.canary.steps[0].setWeight');
  });

  it('serves the short names users type', async () => {
    const list = await requestJson(c.kc, 'GET', '/apis/argoproj.io/v1alpha1') as { resources: { name: string; shortNames?: string[] }[] };
    const short = Object.fromEntries(list.resources.filter((r) => !r.name.includes('/')).map((r) => [r.name, r.shortNames]));
    expect(short).toMatchObject({
      rollouts: ['ro'], analysistemplates: ['at'], clusteranalysistemplates: ['cat'], analysisruns: ['ar'], experiments: ['exp'],
    });
  });

  it('gives Rollout a scale subresource an HPA can target', async () => {
    const list = await requestJson(c.kc, 'GET', '/apis/argoproj.io/v1alpha1') as { resources: { name: string }[] };
    expect(list.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['rollouts/scale', 'rollouts/status']));
  });
});
