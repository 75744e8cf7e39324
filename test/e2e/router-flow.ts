// The flow every traffic router's e2e test runs on the local control plane: a Rollout of 4
// replicas with steps 25% / pause / 75% / pause, updated, promoted to the end, updated again and
// aborted. At each stop the router's own documents (read by the test, not by Kanary) must route
// the step's weight, and the ReplicaSets must have the pods Argo gives a traffic-routed canary.
import { expect } from 'vitest';
import * as actions from '../../src/actions/rollout-actions.js';
import type { KubeClients } from '../../src/kube/client.js';
import { waitFor } from './harness.js';
import { rolloutNamed, sizes } from './traffic-routing.js';

export interface Weights { canary: number; stable: number }

/** The Rollout's part of a router test's manifest: 4 replicas, two Services and the steps; `trafficRouting` is the router's block, indented by 6. */
export function routedRollout(name: string, trafficRouting: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${name}
spec:
  replicas: 4
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: 'example.com/app:1', ports: [{name: http, containerPort: 8080}]}]
  strategy:
    canary:
      canaryService: ${name}-canary
      stableService: ${name}-stable
      trafficRouting:
${trafficRouting}
      steps:
      - setWeight: 25
      - pause: {}
      - setWeight: 75
      - pause: {}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}-canary}
spec: {selector: {app: ${name}}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}-stable}
spec: {selector: {app: ${name}}, ports: [{name: http, port: 80, targetPort: http}]}
`;
}

/** Runs the flow; `weights` reads the router's documents (every one of them must agree, or it returns undefined). */
export async function runRouterFlow(clients: KubeClients, namespace: string, name: string, weights: () => Promise<Weights | undefined>): Promise<void> {
  const ref = { namespace, name };
  const observe = async () => {
    const r = await rolloutNamed(clients, namespace, name);
    return { phase: r.status?.phase, step: r.status?.currentStepIndex, sizes: await sizes(clients, namespace), weights: await weights(), message: r.status?.message };
  };
  const reach = (what: string, want: { phase: string; step?: number; sizes?: Record<string, number>; weights?: Weights }) =>
    waitFor(what, async () => {
      const s = await observe();
      const ok = s.phase === want.phase && (want.step === undefined || s.step === want.step)
        && (want.sizes === undefined || JSON.stringify(s.sizes) === JSON.stringify(want.sizes))
        && (want.weights === undefined || JSON.stringify(s.weights) === JSON.stringify(want.weights));
      return ok ? s : undefined;
    }, { timeoutMs: 90_000, describe: observe });

  await reach('Healthy at revision 1', { phase: 'Healthy', sizes: { 1: 4 } });
  await actions.setImage(clients, ref, 'app', 'example.com/app:2');
  // Under traffic routing the stable keeps all its pods and the canary gets ceil(4 x 25%) = 1.
  await reach('paused at 25%', { phase: 'Paused', step: 1, sizes: { 1: 4, 2: 1 }, weights: { canary: 25, stable: 75 } });
  expect(await actions.promote(clients, ref)).toBe('skipped-pause');
  await reach('paused at 75%', { phase: 'Paused', step: 3, sizes: { 1: 4, 2: 3 }, weights: { canary: 75, stable: 25 } });
  expect(await actions.promote(clients, ref)).toBe('skipped-pause');
  // Done: revision 2 is the stable, and all traffic is on the stable Service again.
  await reach('Healthy at revision 2', { phase: 'Healthy', weights: { canary: 0, stable: 100 } });
  expect((await sizes(clients, namespace))['2']).toBe(4);

  await actions.setImage(clients, ref, 'app', 'example.com/app:3');
  await reach('paused at 25% for revision 3', { phase: 'Paused', step: 1, weights: { canary: 25, stable: 75 } });
  await actions.abort(clients, ref);
  const aborted = await reach('aborted: all traffic on the stable', { phase: 'Degraded', weights: { canary: 0, stable: 100 } });
  expect(aborted.message).toContain('aborted');
  await waitFor('the aborted canary scaled away', async () => (await sizes(clients, namespace))['3'] === 0, { timeoutMs: 90_000, describe: observe });
}
