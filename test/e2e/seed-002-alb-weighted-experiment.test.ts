// Seed 002's weighted experiment under ALB traffic routing, as written, on the real API server:
// while the Experiment runs, the forward action on the user's Ingress sends 5% to each template's
// Service and the rest to canary and stable; the seed's duration is 1h, so the test ends the
// Experiment with `kanary terminate experiment`, and the template share leaves the action.
import type { KubernetesObject, V1Ingress } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Rollout } from '../../src/api/types.js';
import type { KubeClients } from '../../src/kube/client.js';
import { kinds } from '../../src/kube/resources.js';
import { waitFor, type Cluster } from './harness.js';
import { controllerNamespace } from './controller-namespace.js';
import { createAll, kanary, seedObjects } from './experiment-support.js';

const env = controllerNamespace('seed-002-alb');
let c: Cluster;
let clients: KubeClients;
let ns = '';
beforeAll(() => ({ c, clients, ns } = env));

const ACTION = 'alb.ingress.kubernetes.io/actions.guestbook-stable';
type RolloutObject = Rollout & KubernetesObject;

async function observe() {
  const rollout = await clients.resource<RolloutObject>(kinds.Rollout).get({ namespace: ns, name: 'guestbook' });
  const ingress = await clients.resource<V1Ingress & KubernetesObject>(kinds.Ingress).get({ namespace: ns, name: 'ingress' });
  const action = ingress.metadata?.annotations?.[ACTION];
  const groups = action ? (JSON.parse(action) as { ForwardConfig: { TargetGroups: { ServiceName: string; ServicePort: string; Weight: number }[] } }).ForwardConfig.TargetGroups : [];
  return { status: rollout.status, ingress, groups: groups.map((g) => [g.ServiceName, g.ServicePort, g.Weight]) };
}
const reach = (what: string, ok: (s: Awaited<ReturnType<typeof observe>>) => boolean, timeoutMs = 60_000) =>
  waitFor(what, async () => { const s = await observe(); return ok(s) ? s : undefined; }, { timeoutMs, intervalMs: 300, describe: observe });

describe('seed 002: weighted experiment templates through the ALB router', () => {
  it('routes 5% to each template\'s Service while the Experiment runs, and takes it back when it ends', async () => {
    await createAll(clients, seedObjects('seed-002-rollout-weighted-experiment.yaml', ns));
    const healthy = await reach('Healthy', (s) => s.status?.phase === 'Healthy');
    const userSpec = healthy.ingress.spec;

    expect((await kanary(c.kubeconfigPath, ns, 'set', 'image', 'guestbook', 'guestbook=argoproj/rollouts-demo:yellow')).code).toBe(0);
    const running = await reach('the experiment\'s share routed', (s) => s.groups.length === 4);
    const name = running.status!.canary!.currentExperiment!;
    expect(running.groups).toEqual([
      ['guestbook-canary', '80', 0], [`${name}-experiment-baseline`, '80', 5], [`${name}-experiment-canary`, '80', 5], ['guestbook-stable', '80', 90],
    ]);
    expect(running.ingress.metadata?.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing', 'alb.ingress.kubernetes.io/target-type': 'ip',
      'rollouts.argoproj.io/managed-alb-annotations': `{"guestbook":["${ACTION}"]}`,
    });
    expect(running.ingress.spec).toEqual(userSpec);

    expect((await kanary(c.kubeconfigPath, ns, 'terminate', 'experiment', name)).code).toBe(0);
    const done = await reach('the update finished, the template share gone', (s) => s.status?.phase === 'Healthy' && s.groups.length === 2, 90_000);
    expect(done.groups).toEqual([['guestbook-canary', '80', 0], ['guestbook-stable', '80', 100]]);
    expect(done.status?.canary?.weights?.additional).toBeUndefined();
    expect(done.ingress.spec).toEqual(userSpec);
  }, 180_000);
});
