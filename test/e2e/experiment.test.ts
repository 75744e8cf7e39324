// The Experiment controller on the local control plane: a template that never becomes available
// fails the experiment at its progress deadline; terminate ends it at once; and a controller
// restarted while an experiment runs carries on where the last one stopped.
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeClients } from '../../src/kube/client.js';
import { apply, waitFor, type Cluster } from './harness.js';
import { controllerNamespace } from './controller-namespace.js';
import { startControllerProcess } from './controller-process.js';
import { experimentReads, kanary } from './experiment-support.js';

const env = controllerNamespace('experiment');
let c: Cluster;
let clients: KubeClients;
let ns = '';
beforeAll(() => ({ c, clients, ns } = env));

function experimentYaml(name: string, opts: { extra?: string; podLabels?: string; service?: boolean } = {}): string {
  const template = (t: string) => `
  - name: ${t}
    ${opts.service ? 'service: {}' : ''}
    selector: {matchLabels: {app: ${name}, v: ${t}}}
    template:
      metadata: {labels: {app: ${name}, v: ${t}${opts.podLabels ? `, ${opts.podLabels}` : ''}}}
      spec:
        containers: [{name: app, image: demo:${t}, ports: [{name: http, containerPort: 8080}]}]`;
  return `
apiVersion: argoproj.io/v1alpha1
kind: Experiment
metadata: {name: ${name}}
spec:
  ${opts.extra ?? ''}
  templates:${template('baseline')}${template('canary')}
`;
}

describe('Experiment controller', () => {
  it('fails an experiment whose template is not available within progressDeadlineSeconds', async () => {
    const reads = experimentReads(clients, ns);
    await apply(c, experimentYaml('stuck', { extra: 'progressDeadlineSeconds: 5\n  scaleDownDelaySeconds: 0', podLabels: 'sim.kanary.io/ready: "false"' }), ns);
    const failed = await reads.until('stuck', 'to fail at its deadline', (e) => e.status?.phase === 'Failed', 40_000);
    expect(failed.status?.message).toMatch(/^Template '(baseline|canary)' exceeded its progressDeadlineSeconds \(5\)$/);
    expect(failed.status?.availableAt).toBeUndefined();
    await waitFor('the ReplicaSets to be scaled to 0', async () => {
      const sizes = await Promise.all(['baseline', 'canary'].map(async (t) => (await reads.replicaSet(`stuck-${t}`)).spec?.replicas));
      return sizes.every((s) => s === 0);
    }, { timeoutMs: 20_000 });
  });

  it('ends at once when terminated: Successful, Services deleted, ReplicaSets scaled down', async () => {
    const reads = experimentReads(clients, ns);
    await apply(c, experimentYaml('forever', { extra: 'scaleDownDelaySeconds: 0', service: true }), ns);
    await reads.until('forever', 'to be Running', (e) => e.status?.phase === 'Running');
    expect((await reads.services()).map((s) => s.metadata?.name).sort()).toEqual(['forever-baseline', 'forever-canary']);
    const out = await kanary(c.kubeconfigPath, ns, 'terminate', 'experiment', 'forever');
    expect(out.code).toBe(0);
    const done = await reads.until('forever', 'to end', (e) => e.status?.phase === 'Successful', 20_000);
    expect(done.status?.message).toBe('Experiment was terminated');
    await waitFor('Services gone and ReplicaSets at 0', async () => {
      const services = (await reads.services()).filter((s) => s.metadata?.name?.startsWith('forever-'));
      const sizes = await Promise.all(['baseline', 'canary'].map(async (t) => (await reads.replicaSet(`forever-${t}`)).spec?.replicas));
      return services.length === 0 && sizes.every((s) => s === 0);
    }, { timeoutMs: 20_000 });
  });

  it('carries on after a controller restart: same ReplicaSets, same availableAt, ends after its duration', async () => {
    const reads = experimentReads(clients, ns);
    await apply(c, experimentYaml('restart', { extra: 'duration: 15s\n  scaleDownDelaySeconds: 0' }), ns);
    const running = await reads.until('restart', 'to be Running', (e) => e.status?.phase === 'Running');
    const uids = await Promise.all(['baseline', 'canary'].map(async (t) => (await reads.replicaSet(`restart-${t}`)).metadata?.uid));
    await env.controller.kill();
    await new Promise((r) => setTimeout(r, 3000));
    env.controller = startControllerProcess(c.kubeconfigPath, ns);
    const done = await reads.until('restart', 'to end after its duration', (e) => e.status?.phase === 'Successful', 40_000);
    expect(done.status?.availableAt).toBe(running.status?.availableAt);
    expect(done.status?.message).toBe('The experiment ran for its duration');
    expect(Date.now() - Date.parse(running.status!.availableAt!)).toBeGreaterThanOrEqual(15_000);
    const after = await Promise.all(['baseline', 'canary'].map(async (t) => (await reads.replicaSet(`restart-${t}`)).metadata?.uid));
    expect(after).toEqual(uids);
  });
});
