// The Traefik router on the local control plane, with traefik/v3's real TraefikService CRD
// (traefik.io/v1alpha1): Kanary moves the weights of the canary's and stable's entries of the
// user's weighted TraefikService step by step, back to the stable on abort, and leaves its other
// entries and fields as they are. A second test puts the TraefikService in Traefik v2's group,
// traefik.containo.us, while both groups are served (a cluster moving from v2 to v3).
import type { KubernetesObject } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import { installCrds } from '../../src/kube/install-crds.js';
import { atApiVersion, kinds, type ResourceType } from '../../src/kube/resources.js';
import { waitFor } from './harness.js';
import { routedRollout, runRouterFlow, type Weights } from './router-flow.js';
import { rolloutNamed, routedControllerEnv } from './traffic-routing.js';
import { traefikServiceCrd, upstreamModuleDirs } from './upstream-crds.js';

const ROUTING = `        traefik:
          weightedTraefikServiceName: web-wrr`;

/** The user's weighted TraefikService: the stable and the canary, an entry Kanary does not manage, and sticky sessions. */
function wrr(apiVersion: string): string {
  return `apiVersion: ${apiVersion}
kind: TraefikService
metadata: {name: web-wrr}
spec:
  weighted:
    services:
    - {name: web-stable, port: 80, weight: 100}
    - {name: web-canary, port: 80, weight: 0}
    - {name: web-legacy, port: 80, weight: 0}
    sticky:
      cookie: {name: web-lb}
`;
}

interface WeightedEntry { name?: string; port?: number; weight?: number }
interface TraefikService extends KubernetesObject { spec?: { weighted?: { services?: WeightedEntry[]; sticky?: unknown } } }

const env = routedControllerEnv();

beforeAll(async () => {
  // Traefik v2's group, with v3's schema (test/e2e/upstream-crds.ts says why that stands in for it).
  await installCrds(env.clients, [traefikServiceCrd(upstreamModuleDirs(), 'traefik.containo.us')], 60_000);
}, 120_000);

const TRAEFIK_IO = kinds.TraefikService;
const CONTAINO = atApiVersion(kinds.TraefikService, 'traefik.containo.us/v1alpha1');

async function traefikService(type: ResourceType, ns: string): Promise<TraefikService | undefined> {
  return env.clients.resource<TraefikService>(type).get({ namespace: ns, name: 'web-wrr' }).catch(() => undefined);
}

async function weights(type: ResourceType, ns: string): Promise<Weights | undefined> {
  const services = (await traefikService(type, ns))?.spec?.weighted?.services;
  if (!services) return undefined;
  return { canary: services.find((s) => s.name === 'web-canary')?.weight ?? -1, stable: services.find((s) => s.name === 'web-stable')?.weight ?? -1 };
}

async function start(prefix: string, apiVersion: string): Promise<string> {
  return env.run(prefix, `${wrr(apiVersion)}---\n${routedRollout('web', ROUTING)}`);
}

describe('Traefik (weighted TraefikService)', () => {
  it('moves the canary and stable weights of a traefik.io TraefikService step by step, back to the stable on abort, the rest untouched', async () => {
    const ns = await start('traefik', 'traefik.io/v1alpha1');

    await runRouterFlow(env.clients, ns, 'web', () => weights(TRAEFIK_IO, ns));

    const ts = await traefikService(TRAEFIK_IO, ns);
    expect(ts?.spec?.weighted?.services?.find((s) => s.name === 'web-legacy')).toEqual({ name: 'web-legacy', port: 80, weight: 0 });
    expect(ts?.spec?.weighted?.sticky).toEqual({ cookie: { name: 'web-lb' } });
    expect(ts?.spec?.weighted?.services?.map((s) => s.name)).toEqual(['web-stable', 'web-canary', 'web-legacy']);
  }, 300_000);

  it('finds a TraefikService in Traefik v2\'s traefik.containo.us while traefik.io is served too', async () => {
    const ns = await start('traefik-v2', 'traefik.containo.us/v1alpha1');
    const ref = { namespace: ns, name: 'web' };
    await waitFor('Healthy at revision 1', async () => (await rolloutNamed(env.clients, ns, 'web')).status?.phase === 'Healthy', { timeoutMs: 90_000 });
    await actions.setImage(env.clients, ref, 'app', 'example.com/app:2');
    const state = async () => ({ weights: await weights(CONTAINO, ns), status: (await rolloutNamed(env.clients, ns, 'web')).status });
    await waitFor('25% on the canary in traefik.containo.us', async () => JSON.stringify(await weights(CONTAINO, ns)) === JSON.stringify({ canary: 25, stable: 75 }), { timeoutMs: 90_000, describe: state });
    expect(await traefikService(TRAEFIK_IO, ns)).toBeUndefined();
    await actions.abort(env.clients, ref);
    await waitFor('aborted: all traffic on the stable', async () => JSON.stringify(await weights(CONTAINO, ns)) === JSON.stringify({ canary: 0, stable: 100 }), { timeoutMs: 90_000, describe: state });
  }, 300_000);
});
